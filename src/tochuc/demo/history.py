"""Demo history after the members are in: past Huy hiệu Đảng awards, lives in the Party
(transfers, exemption, discipline, removal, death, lost contact, readmission), and
candidates at every step of the admission pipeline, so the badge list, the timelines and
the board look like a real province's (deterministic like the rest of the demo)."""

from __future__ import annotations

import bisect
import random
from datetime import date, timedelta

from tochuc.core.rules import rule_value
from tochuc.core.scope import path_q
from tochuc.core.text import search_key
from tochuc.core.workdays import add_working_days
from tochuc.demo.people import PROFILES, REFERENCE_DATE, MemberMaker
from tochuc.members import events as member_events
from tochuc.members.badges import badge_occasions
from tochuc.members.models import (
    ADMISSION_ORDER,
    Badge,
    Candidate,
    CandidateStep,
    Member,
    MemberEvent,
    Transfer,
)
from tochuc.members.validators import add_months
from tochuc.orgs.models import MEMBER_KINDS, Organization

AWARDED_SHARE = 0.93  # most members received their badge on time; the rest show as due
CANDIDATE_BRANCH_SHARE = 0.08


def add_history(*, rng: random.Random, province: Organization, maker: MemberMaker) -> dict:
    orgs = Organization.objects.filter(path_q(province.path))
    return {
        "badges": _badges(rng, orgs),
        "lives": _lives(rng, orgs),
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
            member_events.badge_awarded(
                Member(pk=member_id, organization_id=org_id),
                years=years,
                on=occasion,
                document_symbol=symbol,
                save=False,
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


# Share of official members with each story (a member has at most one); the elderly are
# exempted more often, see _lives.
STORIES = [
    ("transfer", 0.02),
    ("pending", 0.001),
    ("discipline", 0.003),
    ("remove", 0.001),
    ("death", 0.002),
    ("lost_contact", 0.0005),
    ("readmit", 0.0003),
]
ELDERLY_BORN_BEFORE = date(1952, 1, 1)
ELDERLY_EXEMPTED = 0.3


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _lives(rng: random.Random, orgs) -> int:
    """Write the stories as the services would have (events, transfers, states), in bulk."""
    branches = list(orgs.filter(kind__in=MEMBER_KINDS).order_by("id").values_list("id", flat=True))
    names = dict(orgs.values_list("id", "name"))
    members = (
        Member.objects.filter(organization__in=orgs.values("id"), status="official")
        .values_list("id", "organization_id", "birth_date", "official_date")
        .order_by("id")
    )
    events: list[MemberEvent] = []
    transfers: list[Transfer] = []
    states: dict[str, list[int]] = {}
    moved: list[Member] = []
    readmitted: list[Member] = []
    latest = REFERENCE_DATE - timedelta(days=60)

    def event(factory, member_id, day, org_id, symbol="", **details):
        member = Member(pk=member_id, organization_id=org_id)
        events.append(factory(member, on=day, document_symbol=symbol, save=False, **details))

    def decision():
        return f"{rng.randrange(1, 400)}-QĐ/ĐU"

    for member_id, org_id, born, official in members:
        since = max(official, date(2000, 1, 1))
        if since >= latest:
            continue
        if born < ELDERLY_BORN_BEFORE and rng.random() < ELDERLY_EXEMPTED:
            day = _day_between(rng, max(since, date(born.year + 70, 1, 1)), latest)
            event(member_events.exempted, member_id, day, org_id, decision())
            states.setdefault("exempted", []).append(member_id)
            continue
        r, story = rng.random(), None
        for name, share in STORIES:
            if r < share:
                story = name
                break
            r -= share
        if story is None:
            continue
        day = _day_between(rng, since, latest)
        if story in ("transfer", "pending"):
            to = rng.choice(branches)
            if to == org_id:
                continue
            if story == "pending":
                day = REFERENCE_DATE - timedelta(days=rng.randrange(3, 50))
            letter = f"{rng.randrange(1, 300)}-GGT/ĐU"
            deadline = add_working_days(day, rule_value("transfer_report_working_days", day))
            accepted = None if story == "pending" else day + timedelta(days=rng.randrange(3, 30))
            event(
                member_events.transferred_out,
                member_id,
                day,
                org_id,
                letter,
                kind="permanent",
                to=names[to],
            )
            transfers.append(
                Transfer(
                    member_id=member_id,
                    kind=Transfer.Kind.PERMANENT,
                    status=Transfer.Status.PENDING
                    if accepted is None
                    else Transfer.Status.ACCEPTED,
                    from_org_id=org_id,
                    to_org_id=to,
                    start_date=day,
                    letter_symbol=letter,
                    dues_paid_to=day.replace(day=1),
                    report_deadline=deadline,
                    accepted_on=accepted,
                )
            )
            if accepted is not None:
                event(
                    member_events.transferred_in,
                    member_id,
                    accepted,
                    to,
                    letter,
                    kind="permanent",
                    late=accepted > deadline,
                    report_deadline=deadline,
                    from_org_id=org_id,
                    from_name=names[org_id],
                )
                moved.append(Member(pk=member_id, organization_id=to))
        elif story == "discipline":
            form = rng.choice(("reprimand", "reprimand", "warning"))
            event(
                member_events.disciplined,
                member_id,
                day,
                org_id,
                f"{rng.randrange(1, 90)}-QĐ/UBKT",
                form=form,
            )
        elif story == "remove":
            event(member_events.removed, member_id, day, org_id, decision(), reason="absence")
            states.setdefault("removed", []).append(member_id)
        elif story == "death":
            event(member_events.died, member_id, day, org_id)
            states.setdefault("deceased", []).append(member_id)
        elif story == "lost_contact":
            event(member_events.lost_contact, member_id, day, org_id)
            states.setdefault("lost_contact", []).append(member_id)
        elif story == "readmit":
            removed = _day_between(rng, since, latest - timedelta(days=6 * 365))
            if removed <= since:
                continue
            back = removed + timedelta(days=rng.randrange(2 * 365, 4 * 365))
            again = add_months(back, rule_value("probation_months", back))
            event(member_events.removed, member_id, removed, org_id, decision(), reason="absence")
            event(
                member_events.readmitted,
                member_id,
                back,
                org_id,
                decision(),
                previous_official_from=official,
            )
            event(
                member_events.confirmed,
                member_id,
                again + timedelta(days=rng.randrange(1, 20)),
                org_id,
                decision(),
                official_from=again,
                late_working_days=0,
            )
            readmitted.append(Member(pk=member_id, ceremony_date=back, official_date=again))
    MemberEvent.objects.bulk_create(events, batch_size=2000)
    Transfer.objects.bulk_create(transfers, batch_size=2000)
    for state, ids in states.items():
        for i in range(0, len(ids), 2000):
            Member.objects.filter(id__in=ids[i : i + 2000]).update(state=state)
    Member.objects.bulk_update(moved, ["organization"], batch_size=2000)
    Member.objects.bulk_update(readmitted, ["ceremony_date", "official_date"], batch_size=2000)
    return len({e.member_id for e in events})


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
