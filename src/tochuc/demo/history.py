"""Demo history after the members are in: past Huy hiệu Đảng awards, and candidates at
every step of the admission pipeline, so the badge list and the board look like a real
province's (deterministic like the rest of the demo)."""

from __future__ import annotations

import bisect
import random
from datetime import timedelta

from tochuc.accounts.scope import path_q
from tochuc.core.rules import rule_value
from tochuc.core.text import search_key
from tochuc.demo.people import PROFILES, REFERENCE_DATE, MemberMaker
from tochuc.members.badges import badge_occasions
from tochuc.members.models import (
    ADMISSION_ORDER,
    Badge,
    Candidate,
    CandidateStep,
    Member,
    MemberEvent,
)
from tochuc.members.validators import add_months
from tochuc.orgs.models import MEMBER_KINDS, Organization

AWARDED_SHARE = 0.93  # most members received their badge on time; the rest show as due
CANDIDATE_BRANCH_SHARE = 0.08


def add_history(*, rng: random.Random, province: Organization, maker: MemberMaker) -> dict:
    orgs = Organization.objects.filter(path_q(province.path))
    return {
        "badges": _badges(rng, orgs),
        "candidates": _candidates(rng, orgs, maker),
    }


def _badges(rng: random.Random, orgs) -> int:
    levels = sorted(rule_value("badge_years", REFERENCE_DATE))
    occasions = [
        d
        for y in range(1960, REFERENCE_DATE.year + 1)
        for d in badge_occasions(y)
        if d <= REFERENCE_DATE
    ]
    members = (
        Member.objects.filter(
            organization__in=orgs.values("id"),
            status="official",
            admission_date__lte=add_months(REFERENCE_DATE, -12 * levels[0]),
        )
        .values_list("id", "admission_date", "organization_id")
        .order_by("id")
    )
    events, awards = [], []
    for member_id, admitted, org_id in members:
        best = None
        for years in levels:
            i = bisect.bisect_left(occasions, add_months(admitted, 12 * years))
            if i == len(occasions):
                break
            best = (years, occasions[i])
        if best is None or rng.random() > AWARDED_SHARE:
            continue
        years, occasion = best
        symbol = f"{rng.randrange(100, 2000)}-QĐ/TU"
        events.append(
            MemberEvent(
                member_id=member_id,
                kind=MemberEvent.Kind.BADGE,
                effective_date=occasion,
                organization_id=org_id,
                document_symbol=symbol,
                details={"years": years, "posthumous": False, "early": False},
            )
        )
        awards.append((member_id, years, occasion, symbol))
    MemberEvent.objects.bulk_create(events, batch_size=2000)
    Badge.objects.bulk_create(
        [
            Badge(member_id=m, years=y, occasion=o, document_symbol=s, event_id=e.pk)
            for (m, y, o, s), e in zip(awards, events, strict=True)
        ],
        batch_size=2000,
    )
    return len(awards)


def _candidates(rng: random.Random, orgs, maker: MemberMaker) -> int:
    branches = list(orgs.filter(kind__in=MEMBER_KINDS).order_by("id").values_list("id", flat=True))
    chosen = [b for b in branches if rng.random() < CANDIDATE_BRANCH_SHARE]
    mentors = {}
    for member_id, org_id in (
        Member.objects.filter(organization_id__in=chosen, status="official")
        .order_by("id")
        .values_list("id", "organization_id")
    ):
        mentors.setdefault(org_id, member_id)
    ethnic, _ = maker.ethnic_mix(rng, urban=False)
    steps = []
    count = 0
    for branch_id in chosen:
        for _ in range(rng.choice((1, 1, 2))):
            person = maker.make(
                rng, organization_id=branch_id, profile=PROFILES["village"], ethnic=ethnic, place=""
            )
            born = REFERENCE_DATE - timedelta(days=rng.randrange(19 * 365, 34 * 365))
            day = REFERENCE_DATE - timedelta(days=rng.randrange(90, 600))
            dates = [day]
            for _step in ADMISSION_ORDER[1:-1]:  # up to the decision; the ceremony admits
                day = day + timedelta(days=rng.randrange(7, 45))
                if day > REFERENCE_DATE or rng.random() < 0.12:
                    break
                dates.append(day)
            course = dates[1] if len(dates) > 1 else None
            candidate = Candidate.objects.create(
                organization_id=branch_id,
                full_name=person.full_name,
                search_key=search_key(person.full_name),
                gender=person.gender,
                birth_date=born,
                ethnicity=person.ethnicity,
                religion=person.religion,
                occupation=rng.choice(
                    [
                        "Giáo viên",
                        "Nông dân",
                        "Công nhân",
                        "Bộ đội xuất ngũ",
                        "Cán bộ thôn",
                        "Sinh viên",
                        "Y sĩ",
                    ]
                ),
                youth_union=True,
                mentor_id=mentors.get(branch_id),
                step=ADMISSION_ORDER[len(dates) - 1],
                step_date=dates[-1],
                course_date=course,
            )
            steps += [
                CandidateStep(
                    candidate=candidate,
                    step=ADMISSION_ORDER[i],
                    date=d,
                    document_symbol=f"{rng.randrange(1, 90)}-NQ/CB"
                    if ADMISSION_ORDER[i]
                    in ("branch_resolution", "grassroots_resolution", "decision")
                    else "",
                )
                for i, d in enumerate(dates)
            ]
            count += 1
    CandidateStep.objects.bulk_create(steps, batch_size=2000)
    return count
