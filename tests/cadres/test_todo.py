"""The cadre work's to-do sections: a reappointment due within the notice (6 months) and a
position short of holders show on the screen of the commune and the province above, the
nearest end of term first, never on the other province's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.api import Api
from tests.factories import make_user
from tochuc.cadres import todo
from tochuc.cadres.models import PositionTitle
from tochuc.cadres.selectors import reappointments_due, vacancies
from tochuc.cadres.services import cadre_appoint, cadre_create, position_create
from tochuc.members.validators import add_months
from tochuc.todo.selectors import todo_sections

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 20)


def _sections(actor, today=TODAY):
    return {s.kind: s for s in todo_sections(actor=actor, today=today)}


def _official(actor, org, name):
    return cadre_create(
        actor=actor,
        organization=org,
        full_name=name,
        birth_date=date(1980, 3, 1),
        gender="male",
    )


def _position(actor, org, title, seats=1):
    return position_create(
        actor=actor, organization=org, title=PositionTitle.objects.get(name=title), seats=seats
    )


@pytest.fixture
def cadres(two_provinces):
    """In A: the commune's secretary, whose term ends in 3 months; its deputy (2 seats) with
    one holder whose term ends in 2 years; the bloc's secretary past the end of the term; in B:
    a secretary due in a month and a position nobody holds."""
    a, b = two_provinces
    secretary = _position(a.staff, a.commune, "Bí thư")
    deputy = _position(a.staff, a.commune, "Phó Bí thư", seats=2)
    bloc = _position(a.staff, a.bloc, "Bí thư")
    start = date(2021, 10, 1)
    a.due = cadre_appoint(
        actor=a.staff,
        cadre=_official(a.staff, a.commune, "Lò Văn Một"),
        position=secretary,
        on=start,
        term_end=add_months(TODAY, 3),
    )
    cadre_appoint(
        actor=a.staff,
        cadre=_official(a.staff, a.commune, "Lò Văn Hai"),
        position=deputy,
        on=start,
        term_end=add_months(TODAY, 24),
    )
    a.late = cadre_appoint(
        actor=a.staff,
        cadre=_official(a.staff, a.bloc, "Lò Văn Ba"),
        position=bloc,
        on=start,
        term_end=TODAY - timedelta(days=5),
    )
    theirs = _position(b.staff, b.province, "Bí thư")
    cadre_appoint(
        actor=b.staff,
        cadre=_official(b.staff, b.province, "Lê Văn Tư"),
        position=theirs,
        on=start,
        term_end=add_months(TODAY, 1),
    )
    _position(b.staff, b.province, "Phó Bí thư")
    a.deputy = deputy
    a.commune_staff = make_user("commune_a", "staff", a.commune)
    return a, b


def test_reappointments_due_within_the_notice_nearest_first(cadres):
    a, b = cadres
    due = _sections(a.staff)["reappointments"]
    assert due.title == "Cán bộ đến hạn xem xét bổ nhiệm lại trong 6 tháng tới"
    assert due.count == 2  # not the deputy's, two years away
    assert due.columns == ("Cán bộ", "Chức vụ", "Hết thời hạn giữ chức vụ")
    late, soon = due.rows
    assert late.text == "Lò Văn Ba" and late.overdue
    assert late.cells[1] == (TODAY - timedelta(days=5)).strftime("%d/%m/%Y")
    assert soon.text == "Lò Văn Một" and not soon.overdue
    # an outside official's row opens their cadre record
    assert soon.url == f"/cadres/{a.due.cadre_id}/"
    assert soon.cells == (a.due.position.label, add_months(TODAY, 3).strftime("%d/%m/%Y"))
    # the commune's staff see their commune's only
    (own,) = _sections(a.commune_staff)["reappointments"].rows
    assert own.text == "Lò Văn Một"


def test_a_position_short_of_holders_is_listed(cadres):
    a, b = cadres
    vacant = _sections(a.staff)["vacancies"]
    assert vacant.title == "Chức vụ còn khuyết"
    assert vacant.count == 1
    (row,) = vacant.rows
    assert (row.text, row.place, row.note) == ("Phó Bí thư", a.commune.name, "còn thiếu 1/2 người")
    assert row.url == f"/cadres/positions/?organization={a.deputy.organization_id}&vacant=1"
    assert vacant.count == len(vacancies(a.staff, TODAY))


def test_another_province_sees_nothing_of_it(cadres):
    a, b = cadres
    theirs = _sections(b.staff)
    assert [r.text for r in theirs["reappointments"].rows] == ["Lê Văn Tư"]
    assert [(r.text, r.note) for r in theirs["vacancies"].rows] == [
        ("Phó Bí thư", "chưa có người đảm nhiệm")
    ]
    other = make_user("commune_b", "staff", b.commune)
    nothing = _sections(other)
    assert nothing["reappointments"].count == 0 and nothing["reappointments"].rows == []
    assert nothing["vacancies"].count == 0 and nothing["vacancies"].rows == []
    assert nothing["vacancies"].empty == "Không có chức vụ nào còn khuyết."


def test_the_api_shows_the_sections(cadres):
    a, _ = cadres
    body = Api(a.staff).get("/todo").json()  # on the real today
    kinds = {s["kind"]: s for s in body["sections"]}
    on = date.fromisoformat(body["today"])
    assert kinds["reappointments"]["count"] == reappointments_due(a.staff, on).count()
    assert kinds["vacancies"]["count"] == len(vacancies(a.staff, on))
    assert kinds["vacancies"]["more_url"] == "/cadres/positions/?vacant=1"


def test_each_section_is_a_count_and_its_first_rows_however_many(
    cadres, django_assert_num_queries, monkeypatch
):
    a, _ = cadres
    todo.reappointments(a.staff, TODAY)  # the rules are read once a minute
    with django_assert_num_queries(4):  # a count and the rows shown, each
        assert len(todo.reappointments(a.staff, TODAY).rows) == 2
        assert len(todo.vacancies(a.staff, TODAY).rows) == 1
    monkeypatch.setattr(todo, "TODO_ROWS", 1)
    shown = todo.reappointments(a.staff, TODAY)
    assert (shown.count, len(shown.rows)) == (2, 1)
    assert shown.more_note == "Hiện 1 cán bộ hết thời hạn sớm nhất;"
