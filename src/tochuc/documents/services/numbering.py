"""Numbers of documents: the numbering period of a date, and the next number of a sequence.

The counter is one row per (issuer, type code, period), moved by one atomic
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING` (SQLite 3.35+ and PostgreSQL alike): two users
taking a number at the same moment queue on that row and get two numbers. A number typed by
hand lifts the counter past it, so "Lấy số" never hands out a number already in use.
"""

from __future__ import annotations

from datetime import date

from django.db import connection

from tochuc.core.errors import ServiceError
from tochuc.core.rules import rule_value
from tochuc.orgs.models import Term

RESTARTS = ("term", "year")


def numbering_sequence(on: date) -> str:
    """The period a number of `on` belongs to: the term in force ("2020–2025"), or the year
    when the rule says numbers restart every year (or no term is entered for that date)."""
    restart = rule_value("document_number_restart", on)
    if restart not in RESTARTS:
        raise ServiceError(
            f"Quy định document_number_restart = «{restart}» không hợp lệ: chỉ nhận «term» "
            "(mỗi nhiệm kỳ) hoặc «year» (mỗi năm)."
        )
    if restart == "term":
        term = Term.objects.filter(starts_on__lte=on).order_by("-starts_on").first()
        if term is not None and on.year <= term.end_year:
            return term.name
    return str(on.year)


_UPSERT = (
    "INSERT INTO documents_documentcounter (issuer_id, code, sequence, last) "
    "VALUES (%s, %s, %s, %s) ON CONFLICT (issuer_id, code, sequence) DO UPDATE SET last = {} "
    "RETURNING last"
)
_NEXT = _UPSERT.format("documents_documentcounter.last + 1")
_LIFT = _UPSERT.format(
    "CASE WHEN documents_documentcounter.last < excluded.last THEN excluded.last "
    "ELSE documents_documentcounter.last END"
)


def number_next(issuer_id: int, code: str, sequence: str) -> int:
    """Take the next number (inside the caller's transaction: a rollback gives it back)."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT, [issuer_id, code, sequence, 1])
        return cursor.fetchone()[0]


def number_claim(issuer_id: int, code: str, sequence: str, number: int) -> None:
    """A number typed by hand: the counter goes on after it."""
    with connection.cursor() as cursor:
        cursor.execute(_LIFT, [issuer_id, code, sequence, number])
