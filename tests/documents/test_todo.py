"""The registry's to-do sections: a late report is on the screen of the commune asked and of
the province above, never of the other province; reports due within 14 days are listed too,
each row opening the requesting document."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.api import Api
from tests.factories import make_document, make_user
from tochuc.documents.selectors import ReportFilter, reports_owed
from tochuc.documents.services import report_request_create
from tochuc.todo.selectors import todo_sections

pytestmark = pytest.mark.django_db


def _sections(actor, today):
    return {s.kind: s for s in todo_sections(actor=actor, today=today)}


@pytest.fixture
def asked(two_provinces):
    """A's resolution asks the commune for a report due 10 days ago and the bloc for one due
    in 10 days, as seen on `today`."""
    a, b = two_provinces
    today = date(2026, 6, 20)
    resolution = make_document(a.staff, a.province, issued_on=date(2026, 1, 5))
    report_request_create(
        actor=a.staff,
        document=resolution,
        kind="interim",
        due_on=today - timedelta(days=10),
        organizations=[a.commune],
    )
    report_request_create(
        actor=a.staff,
        document=resolution,
        kind="final",
        due_on=today + timedelta(days=10),
        organizations=[a.bloc],
    )
    report_request_create(
        actor=a.staff,
        document=resolution,
        kind="final",
        due_on=today + timedelta(days=40),  # not yet: beyond 14 days
        organizations=[a.commune],
    )
    a.commune_staff = make_user("commune_a", "staff", a.commune)
    return a, b, resolution, today


def test_a_late_report_is_on_the_screen_of_the_commune_and_the_province_not_the_other(asked):
    a, b, resolution, today = asked
    for actor in (a.commune_staff, a.staff):
        late = _sections(actor, today)["late_reports"]
        assert late.count == 1
        (row,) = late.rows
        assert row.url == f"/documents/{resolution.pk}/"
        assert row.text == resolution.label
        assert row.cells == (a.commune.name, "Sơ kết", "10/06/2026")
        assert row.overdue and row.due == date(2026, 6, 10)
    theirs = _sections(b.staff, today)
    assert theirs["late_reports"].count == 0 and theirs["late_reports"].rows == []
    assert theirs["reports_due"].count == 0


def test_reports_due_within_14_days(asked):
    a, b, resolution, today = asked
    soon = _sections(a.staff, today)["reports_due"]
    assert soon.title == "Báo cáo đến hạn nộp trong 14 ngày tới"
    assert soon.count == 1
    (row,) = soon.rows
    assert row.cells[0] == a.bloc.name and not row.overdue
    assert row.url == f"/documents/{resolution.pk}/"
    # the commune's staff see their own subtree: the bloc's is not theirs
    assert _sections(a.commune_staff, today)["reports_due"].count == 0


def test_the_api_shows_the_sections(asked):
    a, b, _, _ = asked
    body = Api(a.commune_staff).get("/todo").json()  # on the real today
    kinds = {s["kind"]: s for s in body["sections"]}
    on = date.fromisoformat(body["today"])
    assert (
        kinds["late_reports"]["count"]
        == reports_owed(a.commune_staff, ReportFilter(state="late", on=on)).count()
    )
    assert kinds["late_reports"]["more_url"] == "/documents/reports/?state=late"
