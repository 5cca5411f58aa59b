"""/api/v1/todo: the to-do screen's sections by kind with their counts and first rows, for
the user's scope only, in a fixed number of queries."""

from datetime import date, timedelta

import pytest

from tests.api import Api
from tests.factories import make_member
from tochuc.members.validators import add_months
from tochuc.todo.selectors import todo_sections

pytestmark = pytest.mark.django_db


def _probationer(admin, org, name, admitted):
    return make_member(
        admin,
        org,
        full_name=name,
        status="probationary",
        official_date=None,
        admission_date=admitted,
        birth_date=date(1996, 1, 1),
    )


def _by_kind(response):
    assert response.status_code == 200, response.content
    return {s["kind"]: s for s in response.json()["sections"]}


def test_the_sections_of_the_screen_with_counts_and_first_rows(two_provinces, admin):
    a, b = two_provinces
    today = date.today()
    late = _probationer(admin, a.branch1, "Lý Thị Hạn", add_months(today, -14))
    _probationer(admin, b.office, "Lý Văn Khác", add_months(today, -14))
    response = Api(a.staff).get("/todo")
    got = _by_kind(response)
    assert response.json()["today"] == today.isoformat()
    assert list(got)[:5] == ["probations", "candidates", "transfers", "badges", "small_branches"]
    assert [s.kind for s in todo_sections(actor=a.staff, today=today)] == list(got)
    probations = got["probations"]
    assert probations["title"] == "Xét công nhận đảng viên chính thức"
    assert probations["count"] == 1
    assert probations["columns"] == ["Đảng viên", "Chi bộ", "Hết dự bị", "Hạn xét"]
    (row,) = probations["rows"]
    assert row["text"] == "Lý Thị Hạn" and row["url"] == f"/members/{late.pk}/"
    assert row["overdue"] and date.fromisoformat(row["due"]) < today
    assert row["cells"][0] == a.branch1.name
    assert probations["more_url"] == "/members/?status=probationary"
    assert got["small_branches"]["count"] == 4  # A's four, none of B's
    assert got["transfers"]["count"] is None
    assert [r["count"] for r in got["transfers"]["rows"]] == [0, 0]
    (badges,) = got["badges"]["rows"]
    assert badges["url"].startswith("/members/badges/?occasion=") and badges["due"]
    assert "Lý Văn Khác" not in response.content.decode()


def test_each_user_gets_their_own_scope(two_provinces, admin):
    a, b = two_provinces
    _probationer(admin, b.office, "Lý Văn Khác", add_months(date.today(), -14))
    assert _by_kind(Api(a.staff).get("/todo"))["probations"]["count"] == 0
    assert _by_kind(Api(b.staff).get("/todo"))["probations"]["count"] == 1
    # A viewer reads what needs doing; a secretary, their branch's (one official member).
    assert _by_kind(Api(a.viewer).get("/todo"))["small_branches"]["count"] == 4
    secretary = _by_kind(Api(a.secretary).get("/todo"))["small_branches"]
    assert [(r["text"], r["note"]) for r in secretary["rows"]] == [
        (a.branch1.name, "1 đảng viên chính thức")
    ]


def test_without_login_nothing(two_provinces):
    assert Api().get("/todo").status_code == 401


def test_the_sections_take_a_fixed_number_of_queries(
    two_provinces, admin, django_assert_num_queries
):
    """The session, the user, the scope's path; probations (starts, then the rows shown),
    candidates, the two transfer counts, the small branches; the registry's late and due
    reports, the cadres' reappointments due and vacancies (a count and the rows shown,
    each); the congresses' season term and late congresses (a count, the rows): however many
    rows."""
    a, _ = two_provinces
    api = Api(a.staff)
    today = date.today()
    for i, name in enumerate(("Lý Thị A", "Lý Thị B", "Lý Thị C")):
        _probationer(admin, a.branch1, name, add_months(today, -13) - timedelta(days=i))
    api.get("/todo")  # the rules are read once a minute
    with django_assert_num_queries(20):
        assert _by_kind(api.get("/todo"))["probations"]["count"] == 3
