"""The two engines behind core.db: one module asks which is in use, and its helpers do the
same thing on both."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection, transaction

from tochuc.core import db
from tochuc.orgs.models import Organization, SubtreeCount

SRC = Path(__file__).resolve().parents[2] / "src" / "tochuc"


def test_only_core_db_asks_which_engine_runs():
    """A caller says what it wants of the database; core.db decides how each engine does it.
    Migrations stay as they were written."""
    askers = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts and "connection.vendor" in path.read_text()
    }
    assert askers == {"core/db.py"}


@pytest.mark.django_db
def test_reserved_ids_are_new_and_the_rows_take_them(two_provinces):
    table = SubtreeCount._meta.db_table
    org = Organization.objects.first()
    with transaction.atomic():
        ids = db.reserve_ids(table, 3)
        assert ids == sorted(ids) and len(set(ids)) == 3
        assert not SubtreeCount.objects.filter(pk__in=ids).exists()
        db.insert_rows(
            table,
            ["id", "organization_id", "dimension", "value", "count"],
            [(pk, org.pk, "test", str(i), i) for i, pk in enumerate(ids)],
        )
    assert dict(SubtreeCount.objects.filter(dimension="test").values_list("value", "pk")) == {
        "0": ids[0],
        "1": ids[1],
        "2": ids[2],
    }
    with transaction.atomic():
        assert min(db.reserve_ids(table, 1)) > max(ids)


@pytest.mark.django_db
def test_the_sql_fragments_mean_the_same_on_both_engines():
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {db.year_of('d')}, (NULL {db.distinct_from()} 1), (NULL {db.distinct_from()} NULL) "
            "FROM (SELECT CAST('2001-02-03' AS date) AS d) t"
        )
        year, null_differs, nulls_differ = cursor.fetchone()
        assert (year, bool(null_differs), bool(nulls_differ)) == (2001, True, False)
        # Hex sort keys compare byte by byte: "a" after "B", as in Python.
        cursor.execute(
            "SELECT k FROM (SELECT 'a' AS k UNION ALL SELECT 'B' UNION ALL SELECT '_') t "
            f"ORDER BY k{db.c_collate()}"
        )
        assert [k for (k,) in cursor.fetchall()] == sorted(["a", "B", "_"])
