"""The to-do screen is what the apps contribute: a new app's section shows on the page and in
the API in its order, rendered like members' own, with nothing of the app in `todo`."""

from datetime import date

import pytest

from tochuc.todo import registry
from tochuc.todo.registry import Link, Row, Section, register
from tochuc.todo.selectors import todo_sections

pytestmark = pytest.mark.django_db


def late_reports(actor, today: date) -> Section:
    """What a documents app would say: reports past their deadline, a table of them."""
    return Section(
        kind="late_reports",
        title="Báo cáo quá hạn",
        count=3,
        rows=[
            Row(
                text="Báo cáo sơ kết 6 tháng",
                url="/documents/7/",
                cells=("Đảng bộ xã Một", "30/06/2026"),
                due=date(2026, 6, 30),
                overdue=True,
                action=Link("Nhắc", "/documents/7/remind/"),
            )
        ],
        columns=("Báo cáo", "Đơn vị", "Hạn nộp"),
        more_note="Hiện 1 báo cáo đầu;",
        more=Link("xem tất cả", "/documents/?late=1"),
    )


@pytest.fixture
def contributed(monkeypatch):
    monkeypatch.setattr(registry, "_contributions", list(registry._contributions))
    register(late_reports, order=15)  # between members' probations (10) and candidates (20)
    register(late_reports, order=15)  # registering twice (a second ready()) adds it once


def test_members_contribute_their_five_sections_in_order(two_provinces):
    a, _ = two_provinces
    kinds = [s.kind for s in todo_sections(actor=a.staff, today=date(2026, 11, 25))]
    assert kinds[:5] == ["probations", "candidates", "transfers", "badges", "small_branches"]
    # the registry's, then the cadres' and the congresses', after them
    assert kinds[5:] == [
        "late_reports",
        "reports_due",
        "reappointments",
        "vacancies",
        "late_congresses",
    ]


def test_a_contributed_section_shows_in_its_order(contributed, two_provinces):
    a, _ = two_provinces
    kinds = [s.kind for s in todo_sections(actor=a.staff)]
    assert kinds[:3] == ["probations", "late_reports", "candidates"]


def test_the_page_renders_any_section_the_same_way(contributed, staff_a, two_provinces):
    html = staff_a.get("/").content.decode()
    assert "<h2>Báo cáo quá hạn (3)</h2>" in html
    assert "<th>Báo cáo</th><th>Đơn vị</th><th>Hạn nộp</th>" in html
    assert '<tr class="overdue"><td><a href="/documents/7/">Báo cáo sơ kết 6 tháng</a></td>' in html
    assert '<td>30/06/2026 <b class="error">quá hạn</b></td>' in html
    assert '<a href="/documents/7/remind/">Nhắc</a>' in html  # staff may write
    assert 'Hiện 1 báo cáo đầu; <a href="/documents/?late=1">xem tất cả</a>.' in html


def test_a_viewer_is_not_offered_the_rows_writes(contributed, client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.viewer)
    html = client.get("/").content.decode()
    assert "Báo cáo sơ kết 6 tháng" in html and "/documents/7/remind/" not in html
