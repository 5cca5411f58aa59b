"""Reads of the congress work, scoped to the actor: a subtree's plan for a term, and its
progress at any date on the tree of that date (an organization merged since counts where it
stood): per level, how many held their congress, how many are late; the sentence of seed 003
("Tính đến ngày 25/6/2020, toàn tỉnh có 497/567 tổ chức cơ sở đảng đã tổ chức đại hội (đạt
87,65%)")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from tochuc.congresses.models import Congress
from tochuc.congresses.services.plans import HOLDS, level_of
from tochuc.core.errors import NotFound
from tochuc.core.formats import number, percent
from tochuc.core.scope import in_scope, subtree_q
from tochuc.orgs.models import Organization, Term
from tochuc.orgs.versions import subtree_on

LEVELS = [
    ("province", "Đảng bộ tỉnh, thành phố"),
    ("upper", "Đảng bộ cấp trên cơ sở"),
    ("grassroots", "Tổ chức cơ sở đảng"),
    ("branch", "Chi bộ, đảng bộ bộ phận trực thuộc"),
]
# How the sentence names the units of a level.
UNITS = {
    "province": "đảng bộ tỉnh, thành phố",
    "upper": "đảng bộ cấp trên cơ sở",
    "grassroots": "tổ chức cơ sở đảng",
    "branch": "chi bộ, đảng bộ bộ phận trực thuộc",
}


@dataclass
class LevelProgress:
    level: str
    label: str
    total: int  # organizations of the level standing on the day
    held: int  # their congresses held by the day
    late: int  # not held, the planned window over

    @property
    def percent(self) -> str:
        return percent(self.held, self.total)


def congresses_of(actor, organization, term: Term) -> QuerySet[Congress]:
    """The plan of the subtree (every organization's congress of the term), in the tree's
    order."""
    return (
        Congress.objects.filter(subtree_q(actor, organization, "organization__path"), term=term)
        .select_related("organization")
        .order_by("organization__path")
    )


def status_q(status: str, on: date) -> Q:
    """The congresses whose status on `on` is `status` (Congress.status_on, in SQL)."""
    held = Q(held_on__isnull=False, held_on__lte=on)
    gone = Q(superseded_on__isnull=False, superseded_on__lte=on)
    return {
        Congress.Status.HELD: held,
        Congress.Status.SUPERSEDED: ~held & gone,
        Congress.Status.LATE: ~held & ~gone & Q(window_end__lt=on),
        Congress.Status.PLANNED: ~held & ~gone & Q(window_end__gte=on),
    }[status]


def progress(actor, organization: Organization, term: Term, on: date) -> list[LevelProgress]:
    """Per level of the subtree below `organization` as it stood on `on`: the organizations,
    how many held their congress of `term` by then, how many are late."""
    if not in_scope(actor, organization):
        raise NotFound
    standing = {
        v.organization_id: level_of(v.kind)
        for v in subtree_on(organization, on).exclude(organization=organization)
        if v.kind in HOLDS
    }
    held, late = set(), set()
    rows = Congress.objects.filter(term=term, organization_id__in=standing).values_list(
        "organization_id", "held_on", "window_end"
    )
    for pk, held_on, window_end in rows:
        if held_on is not None and held_on <= on:
            held.add(pk)
        elif window_end < on:
            late.add(pk)
    found = []
    for level, label in LEVELS:
        ids = [pk for pk, lv in standing.items() if lv == level]
        if ids:
            found.append(
                LevelProgress(
                    level, label, len(ids), len(held.intersection(ids)), len(late.intersection(ids))
                )
            )
    return found


def progress_sentence(organization: Organization, on: date, rows: list[LevelProgress]) -> str:
    """«Tính đến ngày 25/6/2020, toàn tỉnh có 497/567 tổ chức cơ sở đảng đã tổ chức đại hội
    (đạt 87,65%)», a clause per level, the lowest first."""
    where = "toàn tỉnh" if organization.kind == "province" else organization.name
    parts = [
        f"{number(r.held)}/{number(r.total)} {UNITS[r.level]} đã tổ chức đại hội (đạt {r.percent})"
        for r in reversed(rows)
    ]
    if not parts:
        return ""
    return f"Tính đến ngày {on.day}/{on.month}/{on.year}, {where} có " + "; ".join(parts) + "."
