"""The rolled-up counts of SubtreeCount: applying deltas up the tree, and rebuilding them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from tochuc.core.db import insert_rows, is_postgresql
from tochuc.orgs.models import SEGMENT, Organization, SubtreeCount

Key = tuple[str, str]  # (dimension, value)
COLUMNS = ["organization_id", "dimension", "value", "count"]  # of a SubtreeCount row


def counts_apply(*, ancestor_ids: Iterable[int], deltas: dict[Key, int]) -> None:
    """Add each delta to every listed organization, creating rows as needed."""
    counts_apply_many(
        {(oid, dim, val): n for oid in ancestor_ids for (dim, val), n in deltas.items()}
    )


def counts_apply_many(deltas: dict[tuple[int, str, str], int]) -> None:
    """Add each (organization, dimension, value) delta, creating rows as needed: one statement
    per 2,000 rows."""
    rows = [(oid, dim, val, n) for (oid, dim, val), n in deltas.items() if n]
    table = SubtreeCount._meta.db_table
    if is_postgresql() and len(rows) > 2000:
        # Many rows (an import): streamed into a temporary table, then one upsert (3x faster
        # than the VALUES lists, whose building costs the client more than the server's work).
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE count_deltas (organization_id bigint, dimension text, "
                "value text, count integer) ON COMMIT DROP"
            )
            insert_rows("count_deltas", COLUMNS, rows)
            cursor.execute(
                f"INSERT INTO {table} (organization_id, dimension, value, count) "
                "SELECT organization_id, dimension, value, count FROM count_deltas "
                "ON CONFLICT (organization_id, dimension, value) "
                f"DO UPDATE SET count = {table}.count + excluded.count"
            )
            cursor.execute("DROP TABLE count_deltas")
        return
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 2000):  # SQLite takes 32,766 parameters at most
            chunk = rows[i : i + 2000]
            placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (organization_id, dimension, value, count) "
                f"VALUES {placeholders} ON CONFLICT (organization_id, dimension, value) "
                f"DO UPDATE SET count = {table}.count + excluded.count",
                [x for row in chunk for x in row],
            )


def subtree_counts(org_id: int) -> dict[Key, int]:
    return {
        (d, v): n
        for d, v, n in SubtreeCount.objects.filter(organization_id=org_id, count__gt=0).values_list(
            "dimension", "value", "count"
        )
    }


def counts_rebuild(own_counts: Iterable[tuple[int, str, str, int]], within=None) -> int:
    """Replace the SubtreeCount rows from each organization's own counts, rolled up its path.

    `own_counts` yields (organization_id, dimension, value, n) for things that sit
    directly on that organization (members) -- the organizations themselves are added here.
    `within` (a queryset of organizations, whole subtrees) limits the rebuild to them: the
    rows of the organizations above are left to the caller.
    """
    orgs = Organization.objects.all() if within is None else within
    paths = dict(orgs.values_list("id", "path"))
    totals: dict[int, Counter] = defaultdict(Counter)

    def add(org_id: int, key: Key, n: int) -> None:
        path = paths[org_id]
        for i in range(0, len(path), SEGMENT):
            ancestor = int(path[i : i + SEGMENT])
            if ancestor in paths:
                totals[ancestor][key] += n

    for org_id, kind in orgs.filter(dissolved_on__isnull=True).values_list("id", "kind"):
        add(org_id, ("org_kind", kind), 1)
    for org_id, dim, val, n in own_counts:
        add(org_id, (dim, val), n)
    with transaction.atomic():
        rows = SubtreeCount.objects.all()
        if within is not None:
            rows = rows.filter(organization__in=orgs.values("id"))
        rows.delete()
        batch = [
            (oid, d, v, n) for oid, counter in totals.items() for (d, v), n in counter.items() if n
        ]
        # The nation's 12 million rows: as plain rows (bulk_create built model objects, 7 GB).
        insert_rows(SubtreeCount._meta.db_table, COLUMNS, batch)
    return len(batch)
