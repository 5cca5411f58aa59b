"""The demo's cadre work, deterministic by seed.

The commune and province scales go through the cadre services: for the province and each of
its upper-level committees, its Bí thư, two Phó Bí thư and Trưởng Ban Tổ chức (the province)
or Chủ tịch Ủy ban nhân dân (a commune) held by members of its subtree, the committee of
2020–2025 and of 2025–2030, the planning list of 2025–2030, and clearance cases of seed 001's
purposes concluded in 2025.

The nation's scale writes in bulk (bulk_create in batches, no audit row per line: one
«demo.cadres» per province), for the province and every upper-level committee under it
(communes and the province's own Đảng bộ): the standard committee titles (Bí thư, Phó Bí
thư, Ủy viên Ban Thường vụ, Cấp ủy viên, Chủ nhiệm Ủy ban Kiểm tra), the People's Council,
People's Committee and Front of a province or commune as bodies with their chairs, and for the
province its Ban Tổ chức's departments and six departments of its People's Committee; their
holders since the 2025 congress (appointed posts since 2021–2025, with their term of office)
and the committee seats of 2025–2030; the planning list of 2025–2030 (1–5 people a position,
so some positions are warned of); some holders relieved in 2026 (vacancies) and Phó Bí thư
rotated between communes; clearance cases from 2021 to 2026 with purposes by period (the
congress's personnel in 2024–2025, committee planning in 2023–2024 ...). The cadres are
members of the office's subtree (official, born 1966–1990), one record per person.
`add_cadres_nation` fills an existing national database (its members kept)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from tochuc.accounts.services import system_actor
from tochuc.cadres import events
from tochuc.cadres.ages import months_left
from tochuc.cadres.models import (
    Body,
    Cadre,
    CadreEvent,
    ClearancePurpose,
    CommitteeSeat,
    Holding,
    ManagementLevel,
    Planning,
    PoliticalClearance,
    Position,
    PositionTitle,
)
from tochuc.cadres.services import (
    cadre_appoint,
    cadre_of_member,
    clearance_conclude,
    clearance_open,
    planning_add,
    position_create,
    seat_add,
)
from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.formats import number
from tochuc.core.rules import rule_value
from tochuc.demo.people import REFERENCE_DATE
from tochuc.members.models import Member, MemberStatus
from tochuc.members.validators import add_months
from tochuc.orgs.models import SEGMENT, Organization, Term

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
    """Fill the province's cadre work; nothing when it has some already. `every`: the province
    and each commune through the services (the small scales); otherwise the nation's bulk
    path. Returns the number of holdings and plans made."""
    if Cadre.objects.filter(organization__path__startswith=province.path).exists():
        return 0
    if province.kind != "province":
        return 0
    if not every:
        return _Bulk(rng, province).run()
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


# --- the nation's scale, in bulk ---------------------------------------------------------------

B = Body.Kind
K = CadreEvent.Kind
BATCH = 2000
CONGRESS = {"province": date(2025, 10, 15), "upper": date(2025, 7, 1)}
# the committee's and the councils' titles are elected; the others appointed, for 5 years
ELECTED = {
    "Bí thư",
    "Phó Bí thư",
    "Ủy viên Ban Thường vụ",
    "Cấp ủy viên",
    "Chủ nhiệm Ủy ban Kiểm tra",
    "Chủ tịch Hội đồng nhân dân",
    "Phó Chủ tịch Hội đồng nhân dân",
    "Chủ tịch Ủy ban nhân dân",
    "Phó Chủ tịch Ủy ban nhân dân",
    "Chủ tịch Ủy ban Mặt trận Tổ quốc",
}
COMMITTEE = [
    ("Bí thư", 1, None),
    ("Phó Bí thư", 2, None),
    ("Ủy viên Ban Thường vụ", 5, None),
    ("Cấp ủy viên", 10, None),
    ("Chủ nhiệm Ủy ban Kiểm tra", 1, None),
]
# (title, seats, body key): a commune's offices; the province's Đảng bộ (its Đảng bộ Các cơ
# quan Đảng, Công an ...) have the committee only
COMMUNE = COMMITTEE + [
    ("Chủ tịch Hội đồng nhân dân", 1, "council"),
    ("Chủ tịch Ủy ban nhân dân", 1, "government"),
    ("Phó Chủ tịch Ủy ban nhân dân", 2, "government"),
    ("Chủ tịch Ủy ban Mặt trận Tổ quốc", 1, "front"),
]
PROVINCE = [
    ("Bí thư", 1, None),
    ("Phó Bí thư", 3, None),
    ("Ủy viên Ban Thường vụ", 11, None),
    ("Cấp ủy viên", 20, None),
    ("Chủ nhiệm Ủy ban Kiểm tra", 1, None),
    ("Chánh Văn phòng", 1, None),
    ("Trưởng Ban Tổ chức", 1, "organizing"),
    ("Phó Trưởng Ban Tổ chức", 3, "organizing"),
    ("Chủ tịch Hội đồng nhân dân", 1, "council"),
    ("Phó Chủ tịch Hội đồng nhân dân", 2, "council"),
    ("Chủ tịch Ủy ban nhân dân", 1, "government"),
    ("Phó Chủ tịch Ủy ban nhân dân", 4, "government"),
    ("Chủ tịch Ủy ban Mặt trận Tổ quốc", 1, "front"),
]
DEPARTMENTS = ["Phòng Tổ chức đảng - đảng viên", "Phòng Cán bộ", "Phòng Bảo vệ chính trị nội bộ"]
SERVICES = [
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Nông nghiệp và Môi trường",
]
# cases a year concluded by each committee, and the purposes' weights by year (the congress's
# personnel before the 2025 congresses, the committee planning before it)
CASES_A_YEAR = {"province": 100, "body": 10, "commune": 15}
PURPOSES = {
    "Nhân sự đại hội": {2024: 30, 2025: 40},
    "Quy hoạch cấp ủy": {2023: 25, 2024: 20, 2025: 10, 2026: 15},
    "Bổ nhiệm cán bộ và kết nạp Đảng": {},
    "Thuyên chuyển cán bộ": {},
    "Hiệp y bổ nhiệm cán bộ": {},
    "Quy hoạch phục vụ bổ nhiệm cán bộ": {},
    "Đi nước ngoài": {},
}
PURPOSE_WEIGHT = {
    "Nhân sự đại hội": 2,
    "Quy hoạch cấp ủy": 8,
    "Bổ nhiệm cán bộ và kết nạp Đảng": 20,
    "Thuyên chuyển cán bộ": 5,
    "Hiệp y bổ nhiệm cán bộ": 3,
    "Quy hoạch phục vụ bổ nhiệm cán bộ": 6,
    "Đi nước ngoài": 4,
}
PLANNED = [1, 2, 2, 3, 3, 3, 4, 5]  # people planned for a position (2–4 by the rule)
POOL = 400  # the first members of an office's subtree that its cadres are taken from


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


class _Bulk:
    """One province's cadre work at the nation's scale: decided in memory, then written by
    bulk_create, parents first (Django fills a row's foreign key from its saved parent)."""

    def __init__(self, rng: random.Random, province: Organization):
        self.rng = rng
        self.province = province
        self.titles = {t.name: t for t in PositionTitle.objects.all()}
        self.levels = list(ManagementLevel.objects.order_by("order", "name"))
        self.purposes = {p.name: p for p in ClearancePurpose.objects.all()}
        self.term = Term.objects.get(name="2025–2030")
        self.first_years = rule_value("first_appointment_years_left", REFERENCE_DATE)
        self.bodies: list[Body] = []
        self.positions: list[Position] = []
        self.cadres: dict[int, Cadre] = {}  # by member id
        self.holdings: list[Holding] = []
        self.events: list[CadreEvent] = []
        self.seats: list[CommitteeSeat] = []
        self.plans: list[Planning] = []
        self.cases: list[PoliticalClearance] = []
        self.office_holdings: dict[int, list[Holding]] = {}

    # the people -------------------------------------------------------------------------
    def _pools(self, offices: list[Organization]) -> dict[int, list[tuple]]:
        """The first POOL candidates (by id) of each office's subtree, in one read; the
        province's from its own Đảng bộ (the bodies with a code like T04-CQD)."""
        at = len(self.province.path) + SEGMENT
        by_path = {o.path: o for o in offices}
        pools: dict[int, list[tuple]] = {o.pk: [] for o in offices}
        rows = (
            Member.objects.filter(
                organization__path__startswith=self.province.path,
                status=MemberStatus.OFFICIAL,
                birth_date__gte=date(1966, 1, 1),
                birth_date__lte=date(1990, 12, 31),
            )
            .order_by("pk")
            .values_list(
                "pk",
                "organization_id",
                "organization__path",
                "full_name",
                "birth_date",
                "gender",
                "education_level",
                "theory_level",
                "sort_key",
            )
        )
        for row in rows.iterator(chunk_size=10_000):
            office = by_path.get(row[2][:at])
            if office is None:
                continue
            if len(pools[office.pk]) < POOL:
                pools[office.pk].append(row)
            if "-" in office.code and len(pools[self.province.pk]) < POOL:
                pools[self.province.pk].append(row)
        return pools

    def _cadre(self, row: tuple) -> Cadre:
        pk, org_id, _path, name, born, gender, education, theory, sort_key = row
        cadre = self.cadres.get(pk)
        if cadre is None:
            cadre = self.cadres[pk] = Cadre(
                member_id=pk,
                organization_id=org_id,
                full_name=name,
                birth_date=born,
                gender=gender,
                education_level=education,
                theory_level=theory,
                sort_key=sort_key,
            )
        return cadre

    # one office --------------------------------------------------------------------------
    def _bodies(self, office: Organization, kind: str) -> dict[str, Body]:
        place = office.name.removeprefix("Đảng bộ ").strip()
        made = {
            "council": Body(organization=office, name=f"Hội đồng nhân dân {place}", kind=B.COUNCIL),
            "government": Body(
                organization=office, name=f"Ủy ban nhân dân {place}", kind=B.GOVERNMENT
            ),
            "front": Body(
                organization=office,
                name=f"Ủy ban Mặt trận Tổ quốc Việt Nam {place}",
                kind=B.FRONT,
            ),
        }
        if kind == "province":
            committee = "Thành ủy" if place.startswith("thành phố") else "Tỉnh ủy"
            made["organizing"] = Body(
                organization=office, name=f"Ban Tổ chức {committee}", kind=B.AGENCY
            )
        self.bodies += made.values()
        return made

    def _office(self, office: Organization, kind: str, pool: list[tuple]) -> None:
        """kind: province, commune or body (one of the province's Đảng bộ)."""
        rng = self.rng
        people = [r for r in pool if r[0] not in self.cadres]
        rng.shuffle(people)
        if len(people) < 8:
            return  # an office without members yet
        congress = CONGRESS["province" if kind == "province" else "upper"]
        spec = {"province": PROVINCE, "commune": COMMUNE, "body": COMMITTEE}[kind]
        bodies = self._bodies(office, kind) if kind != "body" else {}
        top, second = (0, 1) if kind == "province" else (1, 2)
        slots: list[tuple[Position, str]] = []
        for name, seats, body in spec:
            level = self.levels[top if name in ("Bí thư", "Phó Bí thư") else second]
            position = Position(
                organization=office,
                body=bodies.get(body) if body else None,
                title=self.titles[name],
                management_level=level if kind != "body" or name == "Bí thư" else None,
                seats=seats,
            )
            self.positions.append(position)
            slots += [(position, name)] * seats
        if kind == "province":
            self._province_units(office, bodies, slots)
        held: list[Holding] = []
        queue = iter(people)
        for position, name in slots:
            if name not in ("Bí thư", "Chủ tịch Ủy ban nhân dân") and rng.random() < 0.04:
                continue  # a seat left vacant since the congress
            elected = name in ELECTED
            start = congress if elected else _day(rng, date(2021, 1, 4), date(2025, 6, 30))
            row = next((r for r in queue if elected or self._may_appoint(r, start)), None)
            if row is None:
                break
            cadre = self._cadre(row)
            term_end = None if elected else add_months(start, 60) - timedelta(days=1)
            holding = Holding(position=position, cadre=cadre, start=start, term_end=term_end)
            held.append(holding)
            self.events.append(
                events.appointed(
                    cadre,
                    kind=K.ELECTION if elected else K.APPOINTMENT,
                    term_end=term_end,
                    on=start,
                    organization=office,
                    position=position,
                    save=False,
                )
            )
            role = position.title.committee_role
            if role:
                self.seats.append(
                    CommitteeSeat(
                        organization=office, term=self.term, cadre=cadre, role=role, start=start
                    )
                )
            if cadre.management_level_id is None and position.management_level:
                cadre.management_level = position.management_level
        spare = list(queue)
        self.holdings += held
        self.office_holdings[office.pk] = held
        self._planning(office, [p for p in self.positions if p.organization is office], held, spare)
        self._cases(office, kind, pool)

    def _province_units(self, office, bodies, slots) -> None:
        """The Ban Tổ chức's departments and the People's Committee's departments (sở)."""
        units = [(n, bodies["organizing"], "Trưởng phòng", "Phó Trưởng phòng") for n in DEPARTMENTS]
        units += [(n, bodies["government"], "Giám đốc sở", "Phó Giám đốc sở") for n in SERVICES]
        for name, parent, head, deputy in units:
            unit = Body(organization=office, name=name, kind=B.DEPARTMENT, parent=parent)
            self.bodies.append(unit)
            for title, seats in ((head, 1), (deputy, 2 if head == "Trưởng phòng" else 3)):
                position = Position(
                    organization=office,
                    body=unit,
                    title=self.titles[title],
                    management_level=self.levels[1],
                    seats=seats,
                )
                self.positions.append(position)
                slots += [(position, title)] * seats

    def _may_appoint(self, row: tuple, on: date) -> bool:
        return months_left(row[4], row[5], on) >= self.first_years * 12

    def _planning(self, office, positions, held, spare) -> None:
        """2025–2030's list: holders of the office and people not holding a post yet, most
        for 1–3 positions."""
        rng = self.rng
        holders = [h.cadre for h in held]
        newcomers = spare[: 3 * len(positions)]  # members, made cadres when planned
        planned: dict[int, int] = {}
        for position in positions:
            chosen: list[Cadre] = []
            for _ in range(rng.choice(PLANNED)):
                group = holders if holders and rng.random() < 0.4 else newcomers
                if not group:
                    break
                cadre = rng.choice(group)
                cadre = self._cadre(cadre) if isinstance(cadre, tuple) else cadre
                if cadre in chosen or planned.get(id(cadre), 0) >= 3 and rng.random() < 0.9:
                    continue
                chosen.append(cadre)
                planned[id(cadre)] = planned.get(id(cadre), 0) + 1
                added = _day(rng, date(2023, 3, 1), date(2025, 6, 30))
                plan = Planning(position=position, term=self.term, cadre=cadre, added_on=added)
                if rng.random() < 0.03:
                    plan.removed_on = _day(rng, date(2026, 1, 5), date(2026, 10, 30))
                    plan.removal_reason = "Rà soát năm 2026: không còn đủ điều kiện quy hoạch"
                self.plans.append(plan)

    def _cases(self, office, kind, pool) -> None:
        rng = self.rng
        names = list(PURPOSES)
        per_year = CASES_A_YEAR[kind]
        for year in range(2021, REFERENCE_DATE.year + 1):
            weights = [PURPOSES[n].get(year, PURPOSE_WEIGHT[n]) for n in names]
            last = min(date(year, 12, 31), REFERENCE_DATE)
            for _ in range(per_year):
                row = rng.choice(pool)
                asked = _day(rng, date(year, 1, 2), last)
                concluded = asked + timedelta(days=rng.randint(10, 60))
                pending = concluded > REFERENCE_DATE
                result = "pending" if pending else ("not_clear" if rng.random() < 0.04 else "clear")
                self.cases.append(
                    PoliticalClearance(
                        organization=office,
                        purpose=self.purposes[rng.choices(names, weights)[0]],
                        cadre=self.cadres.get(row[0]),
                        member_id=row[0],
                        full_name=row[3],
                        birth_date=row[4],
                        requested_on=asked,
                        concluded_on=None if pending else concluded,
                        result=result,
                    )
                )

    # moves of 2026 ---------------------------------------------------------------------------
    def _moves(self, communes: list[Organization]) -> None:
        """Some holders relieved (the seat vacant since), and Phó Bí thư rotated in pairs
        between communes (each takes the other's seat)."""
        rng = self.rng
        for holding in self.holdings:
            if holding.position.title.name != "Bí thư" and rng.random() < 0.02:
                holding.end = _day(rng, date(2026, 1, 5), date(2026, 10, 30))
                self.events.append(
                    events.left(
                        holding.cadre,
                        kind=K.DISMISSAL,
                        reason="Điều động nhận nhiệm vụ khác",
                        on=holding.end,
                        organization=holding.position.organization,
                        position=holding.position,
                        save=False,
                    )
                )

        def deputy(office):
            return next(
                (
                    h
                    for h in self.office_holdings.get(office.pk, [])
                    if h.position.title.name == "Phó Bí thư" and h.end is None
                ),
                None,
            )

        pairs = [(a, b) for a, b in zip(communes[::2], communes[1::2], strict=False)]
        for a, b in rng.sample(pairs, min(2, len(pairs))):
            one, two = deputy(a), deputy(b)
            if one is None or two is None or one.cadre is two.cadre:
                continue
            on = date(2026, 3, 1)
            for old, new, there in ((one, two, b), (two, one, a)):
                old.end = on - timedelta(days=1)
                self.holdings.append(Holding(position=new.position, cadre=old.cadre, start=on))
                self.events.append(
                    events.moved(
                        old.cadre,
                        kind=K.ROTATION,
                        planned_return=date(2029, 3, 1),
                        on=on,
                        organization=self.province,
                        other_organization=there,
                        position=new.position,
                        save=False,
                    )
                )

    def run(self) -> int:
        province = self.province
        offices = [province] + list(
            Organization.objects.filter(parent=province, kind="upper").order_by("code")
        )
        pools = self._pools(offices)
        communes = []
        for office in offices:
            kind = (
                "province" if office is province else ("body" if "-" in office.code else "commune")
            )
            if kind == "commune":
                communes.append(office)
            self._office(office, kind, pools[office.pk])
        self._moves(communes)
        with transaction.atomic():
            Body.objects.bulk_create([b for b in self.bodies if b.parent is None], BATCH)
            Body.objects.bulk_create([b for b in self.bodies if b.parent is not None], BATCH)
            for model, rows in (
                (Position, self.positions),
                (Cadre, list(self.cadres.values())),
                (Holding, self.holdings),
                (CadreEvent, self.events),
                (CommitteeSeat, self.seats),
                (Planning, self.plans),
                (PoliticalClearance, self.cases),
            ):
                model.objects.bulk_create(rows, BATCH)
            made = {
                "positions": len(self.positions),
                "cadres": len(self.cadres),
                "holdings": len(self.holdings),
                "plans": len(self.plans),
                "clearances": len(self.cases),
            }
            audit_record(actor=None, action="demo.cadres", target=province, after=made)
        return len(self.holdings) + len(self.plans)


def add_cadres_nation(*, seed: int, progress=None) -> int:
    """The nation's cadre work added to a database whose members are there (the bench's
    national demo built before it): each province as `generate` would have made it, with the
    same seed; a province with cadres already is left as it is."""
    from tochuc.demo.generator import _Run

    say = progress or (lambda message: None)
    run = _Run(seed=seed, say=say)
    made = 0
    for province in Organization.objects.filter(kind="province").order_by("code"):
        done = add_cadres(
            rng=run.rng(int(province.code[1:]), "cadres"), province=province, every=False
        )
        made += done
        say(f"{province.name}: {number(done)} lượt bố trí, quy hoạch cán bộ")
    return made
