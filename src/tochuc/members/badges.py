"""Party-age badges (Huy hiệu Đảng): the occasions, and who is due one on an occasion.

A read of a subtree, scoped like every selector; awarding is services.member_badge_award.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from django.db.models import OuterRef, Q, Subquery

from tochuc.core.db import ids_among
from tochuc.core.rules import rule_value
from tochuc.core.scope import subtree_q
from tochuc.members.models import Badge, Member, MemberEvent, MemberState
from tochuc.members.party_age import Timeline, timeline_of
from tochuc.members.validators import add_months, years_between
from tochuc.orgs.models import Organization, named_in_lists


def badge_occasions(year: int) -> list[date]:
    """The award days of a year: 3/2, 19/5, 2/9, 7/11 (a regulation value)."""
    return [date(year, m, d) for d, m in rule_value("badge_occasions", date(year, 1, 1))]


def next_badge_occasion(on: date) -> date:
    return next(d for y in (on.year, on.year + 1) for d in badge_occasions(y) if d >= on)


@dataclass(frozen=True)
class BadgeCandidate:
    member: _Row
    years: int
    reached: date  # the day party age reaches `years`
    kind: str  # "due", "early" (serious illness, for review), "posthumous"

    @property
    def kind_label(self) -> str:
        return {"due": "Đủ tuổi Đảng", "early": "Xét sớm nếu ốm nặng", "posthumous": "Truy tặng"}[
            self.kind
        ]


@dataclass(frozen=True)
class _Row:
    """What the badge list shows of a member."""

    pk: int
    full_name: str
    birth_date: date
    admission_date: date
    sort_key: str
    organization: SimpleNamespace


def badge_candidates(*, actor, organization=None, occasion: date) -> list[BadgeCandidate]:
    """Members of the subtree who reach a badge by `occasion` and have not received it,
    plus those who could be considered early (illness) or posthumously, flagged."""
    levels = sorted(rule_value("badge_years", occasion))
    early_months = {int(k): v for k, v in rule_value("badge_early_months", occasion).items()}
    posthumous_months = rule_value("badge_posthumous_months", occasion)
    late_gaps = rule_value("transfer_late_is_gap", occasion)
    # Gaps only push anniversaries later, so the calendar gives the highest level a member
    # can reach by the occasion (early consideration included): only those not awarded that
    # level yet are read (most of a province's long-standing members were awarded long ago).
    latest_first = sorted(
        ((add_months(occasion, -12 * y + early_months.get(y, 12)), y) for y in levels),
    )
    orgs = Organization.objects.filter(subtree_q(actor, organization))
    top_badge = Badge.objects.filter(member=OuterRef("pk")).order_by("-years").values("years")
    reached = Member.objects.filter(
        organization__in=orgs.values("id"),
        admission_date__lte=latest_first[-1][0],
        state__in=[MemberState.ACTIVE, MemberState.EXEMPTED, MemberState.DECEASED],
    )
    # Plain rows, not model instances: a province's list reads tens of thousands of them.
    # The level is compared here: compared in SQL, PostgreSQL walked the whole country's
    # admissions instead of the subtree (17 s for a city).
    members: list[_Row] = []
    awarded: dict[int, int] = {}
    for pk, name, born, admitted, sort_key, org_id, org_name, kind, parent, top in reached.annotate(
        awarded=Subquery(top_badge[:1])
    ).values_list(
        "id",
        "full_name",
        "birth_date",
        "admission_date",
        "sort_key",
        "organization_id",
        "organization__name",
        "organization__kind",
        "organization__parent__name",
        "awarded",
    ):
        highest = next(y for latest, y in latest_first if admitted <= latest)
        if (top or 0) < highest:
            awarded[pk] = top or 0
            members.append(
                _Row(
                    pk,
                    name,
                    born,
                    admitted,
                    sort_key,
                    SimpleNamespace(
                        pk=org_id,
                        name=org_name,
                        display_name=named_in_lists(org_name, kind, parent),
                    ),
                )
            )
    # The events of the candidates, by their ids where the engine takes them as one array:
    # the join scanned the events of the whole subtree on PostgreSQL (170 ms for TP HCM).
    theirs = ids_among(
        '"members_memberevent"."member_id"', list(awarded), Q(member__in=reached.values("id"))
    )
    events: dict[int, list] = defaultdict(list)
    for member_id, kind, day, details in (
        MemberEvent.objects.filter(theirs)
        .exclude(kind="badge")
        .values_list("member_id", "kind", "effective_date", "details")
    ):
        if member_id in awarded:
            events[member_id].append((kind, day, details))

    out = []
    for m in members:
        open_levels = [y for y in levels if y > awarded[m.pk]]
        if not events[m.pk]:  # no gaps, no death: anniversaries are calendar years
            whole = years_between(m.admission_date, occasion)
            due = [y for y in open_levels if y <= whole]
            if due:
                out.append(
                    BadgeCandidate(m, due[-1], add_months(m.admission_date, 12 * due[-1]), "due")
                )
                continue
            nxt = next((y for y in open_levels if y > whole), None)
            if nxt is not None:
                day = add_months(m.admission_date, 12 * nxt)
                if day <= add_months(occasion, early_months.get(nxt, 12)):
                    out.append(BadgeCandidate(m, nxt, day, "early"))
            continue
        full = timeline_of(m.admission_date, events[m.pk], late_transfer_gaps=late_gaps)
        died = full.ended
        t = Timeline(admitted=full.admitted, gaps=full.gaps)  # anniversaries as if alive
        if died:
            if died < add_months(occasion, -posthumous_months):
                continue  # long gone: not on this occasion's list
            limit = add_months(died, posthumous_months)
            reached = [(y, t.reached(y)) for y in open_levels]
            due = [(y, d) for y, d in reached if d and d <= min(limit, occasion)]
            if due:
                out.append(BadgeCandidate(m, *due[-1], "posthumous"))
            continue
        reached = [(y, t.reached(y)) for y in open_levels]
        due = [(y, d) for y, d in reached if d and d <= occasion]
        if due:
            out.append(BadgeCandidate(m, *due[-1], "due"))
            continue
        soon = [
            (y, d)
            for y, d in reached
            if d and occasion < d <= add_months(occasion, early_months.get(y, 12))
        ]
        if soon:
            out.append(BadgeCandidate(m, *soon[0], "early"))
    kinds = {"due": 0, "posthumous": 1, "early": 2}
    return sorted(out, key=lambda c: (kinds[c.kind], -c.years, c.member.sort_key, c.member.pk))
