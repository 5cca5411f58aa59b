"""Numbers taken at the same moment: two transactions in two threads, each on its own
connection, the first held open while the second tries (PostgreSQL); and on any engine, calls
one after another never give a number twice."""

import threading
import time
from datetime import date

import pytest
from django.db import connection, transaction

from tests.factories import make_admin, make_province, make_user
from tochuc.core.db import is_postgresql
from tochuc.core.errors import ServiceError
from tochuc.documents.models import Document, DocumentCounter, DocumentType
from tochuc.documents.services import document_create
from tochuc.documents.services.issuers import issuers_of

# transaction=True: each thread's connection must see what the others committed (the
# registry's catalogues, which the flush after each such test wipes, are put back before it
# by tests/conftest.py).
on_postgresql = pytest.mark.skipif(
    not is_postgresql(),
    reason="SQLite runs one write transaction at a time: there is no «same moment» to test",
)
in_transactions = pytest.mark.django_db(transaction=True)


def take(actor, organization, **fields):
    fields.setdefault("title", "Về công tác xây dựng Đảng")
    fields.setdefault("issued_on", date(2026, 3, 2))
    if "symbol" not in fields:
        fields["take_number"] = True
    return document_create(
        actor=actor,
        doc_type=DocumentType.objects.get(name="Nghị quyết"),
        issuer=issuers_of(organization)[0],
        **fields,
    )


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _wait_until_blocked(pid: int, done: threading.Event) -> None:
    """Until the backend `pid` waits for a lock (or its thread is over): the second
    transaction has reached the row the first holds."""
    with connection.cursor() as cursor:
        for _ in range(2000):  # a bound, not a measure: the assertions decide
            cursor.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", [pid])
            if cursor.fetchone()[0] or done.is_set():
                return
            time.sleep(0.005)


def race(first, second) -> dict:
    """Run `first` in a transaction held open until `second`, started at the same moment in
    another thread, waits on it; then commit. Returns each one's result or exception."""
    barrier, done, out = threading.Barrier(2, timeout=30), threading.Event(), {}

    def run_first():
        try:
            with transaction.atomic():
                out["first"] = first()
                barrier.wait()
                _wait_until_blocked(out["pid"], done)
        except Exception as error:  # noqa: BLE001 - handed to the test
            barrier.abort()
            out["first"] = error
        finally:
            connection.close()

    def run_second():
        try:
            out["pid"] = _backend_pid()
            barrier.wait()
            out["second"] = second()
        except Exception as error:  # noqa: BLE001 - handed to the test
            out["second"] = error
        finally:
            done.set()
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(t.is_alive() for t in threads)
    return out


@pytest.fixture
def province():
    admin = make_admin()
    a = make_province(admin, "Cao Bằng", "A")
    a.staff = make_user("staff_a", "staff", a.province)
    a.other = make_user("staff_a2", "staff", a.province)
    return a


@pytest.mark.parametrize("first_types", [False, True], ids=["both take", "first typed"])
@on_postgresql
@in_transactions
def test_two_numbers_taken_at_once_differ(province, first_types):
    a = province
    first = (
        (lambda: take(a.staff, a.province, symbol="3-NQ/TU"))
        if first_types
        else (lambda: take(a.staff, a.province))
    )
    out = race(first, lambda: take(a.other, a.province))
    assert isinstance(out["first"], Document), out["first"]
    assert isinstance(out["second"], Document), out["second"]
    expected = ["03-NQ/TU", "04-NQ/TU"] if first_types else ["01-NQ/TU", "02-NQ/TU"]
    assert [out["first"].symbol, out["second"].symbol] == expected
    assert sorted(Document.objects.values_list("number", flat=True)) == [
        int(s[:2]) for s in expected
    ]
    assert DocumentCounter.objects.get().last == int(expected[1][:2])


@on_postgresql
@in_transactions
def test_the_same_number_typed_at_once_is_refused_naming_the_other(province):
    a = province
    out = race(
        lambda: take(a.staff, a.province, symbol="7-NQ/TU", title="Về công tác kết nạp đảng viên"),
        lambda: take(a.other, a.province, symbol="07-nq/tu", title="Về công tác cán bộ"),
    )
    assert isinstance(out["first"], Document), out["first"]
    refused = out["second"]
    assert isinstance(refused, ServiceError), refused
    message = " ".join(refused.errors["symbol"])
    assert "07-NQ/TU đã dùng" in message and "Về công tác kết nạp đảng viên" in message
    assert list(Document.objects.values_list("title", flat=True)) == [
        "Về công tác kết nạp đảng viên"
    ]


@on_postgresql
@in_transactions
def test_many_takers_at_once_share_out_the_numbers(province):
    a = province
    barrier, numbers, errors = threading.Barrier(4, timeout=30), [], []

    def taker(user):
        try:
            barrier.wait()
            for _ in range(5):
                numbers.append(take(user, a.province).number)
        except Exception as error:  # noqa: BLE001 - handed to the test
            errors.append(error)
        finally:
            connection.close()

    users = [a.staff, a.other] + [make_user(f"staff_a{i}", "staff", a.province) for i in (3, 4)]
    threads = [threading.Thread(target=taker, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(numbers) == list(range(1, 21))


@pytest.mark.django_db
def test_numbers_taken_one_after_another_never_repeat(two_provinces):
    a, _ = two_provinces
    symbols = []
    for i in range(30):
        if i % 7 == 3:  # now and then a number typed by hand, ahead of the counter
            typed = take(a.staff, a.province, symbol=f"{len(symbols) + 3}-NQ/TU")
            symbols.append(typed.number)
        else:
            symbols.append(take(a.staff, a.province).number)
    assert len(set(symbols)) == len(symbols)
    taken = [n for i, n in enumerate(symbols) if i % 7 != 3]
    assert taken == sorted(taken)
