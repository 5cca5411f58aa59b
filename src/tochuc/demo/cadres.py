"""The demo's cadre work, deterministic by seed, through the cadre services: for the province
and each of its upper-level committees (at the nation's scale the province only, until the
bulk path of the bench), its Bí thư, two Phó Bí thư and Trưởng Ban Tổ chức (the province) or
Chủ tịch Ủy ban nhân dân (a commune) held by members of its subtree, the committee of
2020–2025 and of 2025–2030, the planning list of 2025–2030, a rotation, and clearance cases
of seed 001's purposes concluded in 2025."""

from __future__ import annotations

import random
from datetime import date

from tochuc.accounts.services import system_actor
from tochuc.cadres.models import Cadre, ClearancePurpose, PositionTitle
from tochuc.cadres.services import (
    cadre_appoint,
    cadre_of_member,
    clearance_conclude,
    clearance_open,
    planning_add,
    position_create,
    seat_add,
)
from tochuc.core.errors import ServiceError
from tochuc.members.models import Member, MemberStatus
from tochuc.orgs.models import Organization, Term

TITLES = {
    "province": [("Bí thư", 1), ("Phó Bí thư", 2), ("Trưởng Ban Tổ chức", 1)],
    "upper": [("Bí thư", 1), ("Phó Bí thư", 2), ("Chủ tịch Ủy ban nhân dân", 1)],
}
# seed 001's cases by purpose, per province (scaled down)
CLEARANCE = {
    "Nhân sự đại hội": 10,
    "Quy hoạch cấp ủy": 10,
    "Bổ nhiệm cán bộ và kết nạp Đảng": 6,
    "Hiệp y bổ nhiệm cán bộ": 1,
}


def _people(org: Organization, rng: random.Random, n: int) -> list[Member]:
    """`n` official members of the subtree, born 1966-1990, picked by the seed."""
    pool = list(
        Member.objects.filter(
            organization__path__startswith=org.path,
            status=MemberStatus.OFFICIAL,
            birth_date__year__gte=1966,
            birth_date__year__lte=1990,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    picked = rng.sample(pool, min(n, len(pool)))
    return list(Member.objects.filter(pk__in=picked).select_related("organization").order_by("pk"))


def _office(actor, org: Organization, rng: random.Random, old: Term, new: Term) -> int:
    titles = TITLES[org.kind]
    people = [cadre_of_member(actor=actor, member=m) for m in _people(org, rng, 8)]
    if len(people) < 6:
        return 0
    made = 0
    holders = iter(people)
    for name, seats in titles:
        position = position_create(
            actor=actor, organization=org, title=PositionTitle.objects.get(name=name), seats=seats
        )
        for _ in range(seats):
            cadre = next(holders)
            start = date(2020, 10, 1) if name != "Chủ tịch Ủy ban nhân dân" else date(2021, 7, 1)
            try:
                cadre_appoint(
                    actor=actor, cadre=cadre, position=position, on=start, kind="election"
                )
            except ServiceError:  # too close to retirement for the demo's dates
                continue
            made += 1
            role = {"Bí thư": "secretary", "Phó Bí thư": "deputy"}.get(name, "standing")
            seat_add(actor=actor, organization=org, term=old, cadre=cadre, role=role, on=start)
        if name == "Bí thư":
            for cadre in people[-2:]:
                planning_add(
                    actor=actor, cadre=cadre, position=position, term=new, on=date(2025, 3, 1)
                )
                made += 1
    return made


def add_cadres(*, rng: random.Random, province: Organization, every: bool = True) -> int:
    """Fill the province's cadre work; nothing when it has some already. Returns the number of
    holdings and plans made."""
    if Cadre.objects.filter(organization__path__startswith=province.path).exists():
        return 0
    if province.kind != "province":
        return 0
    actor = system_actor()
    old, new = Term.objects.get(name="2020–2025"), Term.objects.get(name="2025–2030")
    offices = [province]
    if every:
        offices += list(Organization.objects.filter(parent=province, kind="upper").order_by("code"))
    made = sum(_office(actor, org, rng, old, new) for org in offices)
    people = iter(_people(province, rng, sum(CLEARANCE.values())))
    for name, n in CLEARANCE.items():
        purpose = ClearancePurpose.objects.get(name=name)
        for member in [m for _, m in zip(range(n), people, strict=False)]:
            case = clearance_open(
                actor=actor,
                organization=province,
                purpose=purpose,
                requested_on=date(2025, 3, 1),
                member=member,
            )
            clearance_conclude(
                actor=actor, case=case, result="clear", concluded_on=date(2025, 4, 1)
            )
    return made
