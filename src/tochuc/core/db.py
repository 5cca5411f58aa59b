"""The two database engines, PostgreSQL and SQLite: the one module that asks which is in use.

A caller says what it wants (rows inserted fast, ids reserved, byte order, a null-safe
comparison, fresh planner statistics) and this module decides how the engine in use does it.
What exists only on PostgreSQL (the trigram index, members_order, indexes built after a load)
is asked for with is_postgresql(); the migrations decide on their own, frozen as written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def c_collate() -> str:
    """The SQL to append to an ORDER BY of keys that must compare byte by byte: ` COLLATE "C"`
    on PostgreSQL (whose default collation is the locale's); SQLite's default is already
    binary."""
    return ' COLLATE "C"' if is_postgresql() else ""


def distinct_from() -> str:
    """The null-safe "differs" operator: a IS DISTINCT FROM b (PostgreSQL), a IS NOT b
    (SQLite)."""
    return "IS DISTINCT FROM" if is_postgresql() else "IS NOT"


def year_of(column: str) -> str:
    """The year of a date column, as an integer, in SQL. SQLite stores dates as ISO text."""
    if is_postgresql():
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(substr({column}, 1, 4) AS integer)"


def ids_among(column: str, ids: Sequence[int], otherwise: Q) -> Q | RawSQL:
    """A filter on the SQL `column` being one of `ids`: on PostgreSQL one array parameter (a
    few index lookups for each), elsewhere `otherwise` (a join to the query that found them;
    Django would send the list value by value)."""
    if is_postgresql():
        return RawSQL(f"{column} = ANY(%s)", [list(ids)], BooleanField())
    return otherwise


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert rows of values already in the engine's form: COPY on PostgreSQL (a stream: the
    nation's 12 million counter rows in minutes, where building INSERTs cost more than the
    server's work), one prepared INSERT run for each row on SQLite."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if is_postgresql():
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", list(rows))


def reserve_ids(table: str, n: int, column: str = "id") -> list[int]:
    """Reserve n primary keys of `table`, ascending, so rows can refer to each other before
    they are inserted. Call inside a transaction.

    PostgreSQL: taken from the table's sequence (safe with concurrent inserts). SQLite: above
    the largest id ever used; the transaction holds the write lock (IMMEDIATE mode), and
    AUTOINCREMENT moves past the ids inserted.
    """
    if n <= 0:
        return []
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, n],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT max({column}) FROM {connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        top = max(top, row[0] if row else 0)
    return list(range(top + 1, top + n + 1))


def analyze() -> None:
    """Fresh statistics after a bulk load, so the query planner knows the tables are no longer
    empty; on PostgreSQL, outside a transaction, also the visibility map, without which a
    count through a covering index still reads every row (a province's count: 100 ms instead
    of 20 ms)."""
    vacuum = is_postgresql() and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
