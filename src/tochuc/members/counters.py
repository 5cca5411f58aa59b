"""Members' share of the rolled-up counts: the rebuild from the rows, and the drift check."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count

from tochuc.members.models import COUNTED_STATES, Member
from tochuc.orgs.counters import counts_rebuild
from tochuc.orgs.models import SubtreeCount

# Must give, per organization, what member_dimensions() gives per member.
_GROUPINGS = [("member", None), ("status", "status"), ("gender", "gender")]


def member_own_counts(within=None) -> Iterator[tuple[int, str, str, int]]:
    for dimension, field in _GROUPINGS:
        fields = ["organization_id"] + ([field] if field else [])
        counted = Member.objects.filter(state__in=COUNTED_STATES)
        if within is not None:
            counted = counted.filter(organization__in=within.values("id"))
        for row in counted.values(*fields).annotate(n=Count("id")).order_by():
            yield row["organization_id"], dimension, row[field] if field else "total", row["n"]


def member_deltas(members) -> dict[tuple[str, str], int]:
    """What a set of members adds to the rolled-up counts (as member_dimensions(), summed)."""
    counted = members.filter(state__in=COUNTED_STATES)
    out: dict[tuple[str, str], int] = {}
    for dimension, field in _GROUPINGS:
        if field is None:
            out[(dimension, "total")] = counted.count()
            continue
        for row in counted.values(field).annotate(n=Count("id")).order_by():
            out[(dimension, row[field])] = row["n"]
    return out


def stats_rebuild(within=None) -> int:
    """Recompute the SubtreeCounts from the organizations and members (all, or those of the
    organizations `within`, whole subtrees); returns rows written."""
    return counts_rebuild(member_own_counts(within), within)


def stats_drift() -> list[tuple[int, str, str, int, int]]:
    """(organization, dimension, value, stored, actual) for every count that has drifted.

    Rebuilds inside a transaction that is rolled back, so nothing is changed.
    """
    from django.db import transaction

    def snapshot():
        return {
            (o, d, v): n
            for o, d, v, n in SubtreeCount.objects.filter(count__gt=0).values_list(
                "organization_id", "dimension", "value", "count"
            )
        }

    stored = snapshot()
    try:
        with transaction.atomic():
            stats_rebuild()
            actual = snapshot()
            raise _Rollback
    except _Rollback:
        pass
    keys = stored.keys() | actual.keys()
    return sorted(
        (*k, stored.get(k, 0), actual.get(k, 0))
        for k in keys
        if stored.get(k, 0) != actual.get(k, 0)
    )


class _Rollback(Exception):
    pass
