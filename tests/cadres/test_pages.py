"""The positions page (holders, vacancies) and the planning list as it prints."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.cadres.models import PositionTitle
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db


def test_positions_show_holders_and_vacancies(staff_a, office):
    a = office
    page = staff_a.get("/cadres/positions/", {"organization": a.commune.pk, "on": "01/01/2026"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "2 chức vụ, 1 còn trống vào ngày 01/01/2026" in text
    assert "Hà Văn Giữ" in text and f"Phó Bí thư — {a.commune.name}" in text


def test_the_planning_list_prints_with_its_warnings(staff_a, office):
    a = office
    term = Term.objects.get(name="2025–2030")
    page = staff_a.get(
        "/cadres/planning/", {"organization": a.commune.pk, "term": term.pk, "on": "01/10/2025"}
    ).content.decode()
    assert "DANH SÁCH QUY HOẠCH CÁN BỘ NHIỆM KỲ 2025–2030" in page
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page and "Cao Bằng, ngày" in page
    assert "Lục Thị Trẻ" in page and "<td>37</td>" in page and "Thạc sĩ" in page
    assert "1 người quy hoạch, chưa đủ 2" in page
    assert "Chưa có người quy hoạch" in page  # the deputy's row


def test_another_province_gets_nothing(client, office, two_provinces):
    a, b = two_provinces
    client.force_login(b.staff)
    for url in ("/cadres/positions/", "/cadres/planning/"):
        assert client.get(url, {"organization": a.commune.pk}).status_code == 404
        own = client.get(url, {"organization": b.province.pk}).content.decode()
        assert "Hà Văn Giữ" not in own and "Lục Thị Trẻ" not in own


def test_the_to_do_and_report_links_open_their_lists(staff_a, office):
    """Every figure and to-do link of the cadre work opens a page that lists what it counts."""
    from tochuc.cadres.services import cadre_move

    a = office
    holder = a.commune.positions.get(title__name="Bí thư").holdings.get().cadre
    cadre_move(actor=a.staff, cadre=holder, kind="reassignment", to=a.bloc, on=date(2026, 2, 1))
    vacant = staff_a.get("/cadres/positions/", {"organization": a.commune.pk, "vacant": 1})
    text = vacant.content.decode()
    assert "Phó Bí thư" in text and f"<td>Bí thư — {a.commune.name}" not in text
    due = staff_a.get(
        "/cadres/positions/", {"organization": a.commune.pk, "due": 1, "on": "01/08/2025"}
    ).content.decode()
    assert f"<td>Bí thư — {a.commune.name}" in due  # its term ends 03/01/2026, within 6 months
    moves = staff_a.get(
        "/cadres/moves/",
        {"organization": a.commune.pk, "kind": "reassignment,appointment", "from": "01/01/2026"},
    ).content.decode()
    assert "Tìm thấy <b>1</b> trường hợp" in moves and "Điều động" in moves


def test_another_province_cannot_add_a_position_here(client, two_provinces):
    from tochuc.cadres.models import Position

    a, b = two_provinces
    client.force_login(b.staff)
    response = client.post(
        f"/cadres/positions/new/?organization={a.commune.pk}",
        {"title": PositionTitle.objects.get(name="Bí thư").pk, "seats": 1},
    )
    assert response.status_code == 404 and not Position.objects.exists()
