"""The cadre lists as .xlsx: each file holds the rows its page shows (the same selector, the
same query), is scoped, and is audited; the clearance file only with the permission."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from tests.factories import make_user
from tochuc.core.models import AuditEvent
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db


def lines(response) -> list[list]:
    """The sheet's rows under the title and the headers (row 3), as values."""
    assert response.status_code == 200, response
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(BytesIO(body)).active

    def value(v):
        return v.date() if isinstance(v, datetime) else v  # Excel has no date without a time

    rows = [[value(c.value) for c in r] for r in sheet.iter_rows()]
    return rows[2:]  # the headers first


def test_the_positions_file_holds_the_page_s_rows(staff_a, office):
    a = office
    query = {"organization": a.commune.pk, "on": "01/01/2026"}
    page = staff_a.get("/cadres/positions/", query)
    shown = [
        (p.label, [c.full_name for c in holders], free) for p, holders, free in page.context["rows"]
    ]
    head, *rows = lines(staff_a.get("/cadres/positions.xlsx", query))
    assert head[:2] == ["STT", "Chức vụ"]
    assert [(r[1], r[6].split(", ") if r[6] else [], r[7] or 0) for r in rows] == shown
    assert rows[0][6] == "Hà Văn Giữ" and rows[1][7] == 2
    event = AuditEvent.objects.get(action="export.cadres_positions")
    assert event.actor == a.staff and event.after["count"] == 2
    _, *vacant = lines(staff_a.get("/cadres/positions.xlsx", {**query, "vacant": "1"}))
    assert [r[1] for r in vacant] == [f"Phó Bí thư — {a.commune.name}"]
    assert 'href="/cadres/positions.xlsx?organization=' in page.content.decode()


def test_the_planning_file_is_the_standard_list(staff_a, office):
    a = office
    term = Term.objects.get(name="2025–2030")
    query = {"organization": a.commune.pk, "term": term.pk, "on": "01/10/2025"}
    head, *rows = lines(staff_a.get("/cadres/planning.xlsx", query))
    assert head[3:6] == ["Người được quy hoạch", "Năm sinh", "Tuổi đầu nhiệm kỳ"]
    first = rows[0]
    assert first[1] == f"Bí thư — {a.commune.name}" and first[2] == "Hà Văn Giữ"
    assert first[3:8] == ["Lục Thị Trẻ", 1988, 37, "Thạc sĩ", "Cao cấp"]
    assert "1 người quy hoạch, chưa đủ 2" in first[8]
    assert (
        rows[1][1] == f"Phó Bí thư — {a.commune.name}" and rows[1][3] == "Chưa có người quy hoạch"
    )
    assert AuditEvent.objects.get(action="export.cadres_planning").after["term"] == "2025–2030"


def test_the_moves_file_has_the_page_s_filters(staff_a, office):
    a = office
    query = {"organization": a.commune.pk, "kind": "appointment,election", "from": "01/01/2021"}
    page = staff_a.get("/cadres/moves/", query)
    _, *rows = lines(staff_a.get("/cadres/moves.xlsx", query))
    assert len(rows) == page.context["page"].paginator.count == 1
    assert (
        rows[0][1:4] == [date(2021, 1, 4), "Hà Văn Giữ", "Bổ nhiệm"] or rows[0][2] == "Hà Văn Giữ"
    )
    _, *none = lines(staff_a.get("/cadres/moves.xlsx", {**query, "from": "01/01/2022"}))
    assert none == []
    assert "/cadres/moves.xlsx?" in page.content.decode()
    bad = staff_a.get("/cadres/moves.xlsx", {**query, "from": "32/13/2021"})
    assert bad.status_code == 400 and "không hợp lệ" in bad.content.decode()


def test_the_reelection_and_profile_files(staff_a, office):
    a = office
    term = Term.objects.get(name="2020–2025")
    query = {"organization": a.commune.pk, "term": term.pk, "congress": "01/10/2025"}
    _, *rows = lines(staff_a.get("/cadres/reelection.xlsx", query))
    assert [r[1] for r in rows] == ["Hà Văn Giữ"] and "còn 2 năm công tác" in rows[0][5]
    assert staff_a.get("/cadres/reelection.xlsx", {"organization": a.commune.pk}).status_code == 400
    _, *rows = lines(staff_a.get("/cadres/profile.xlsx", {"organization": a.commune.pk}))
    counts = {(r[0], r[1]): r[2] for r in rows}
    assert rows[0] == ["Tổng số", None, 2]
    assert counts[("Trình độ chuyên môn", "Thạc sĩ")] == 1
    assert counts[("Giới tính", "Nữ")] == 1 and counts[("Lý luận chính trị", "Cử nhân")] == 0
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"export.cadres_reelection", "export.cadres_profile"} <= actions


def test_the_clearance_file_only_with_the_permission(client, office):
    a = office
    query = {"organization": a.commune.pk, "from": "01/01/2025", "to": "31/12/2025"}
    client.force_login(a.staff)
    refused = client.get("/cadres/clearance.xlsx", query)
    assert refused.status_code == 404 and "Lục Thị Trẻ" not in refused.content.decode()
    vetter = make_user("vetter_a", "staff", a.province)
    vetter.user_permissions.add(Permission.objects.get(codename="see_clearance"))
    client.force_login(vetter)
    _, *rows = lines(client.get("/cadres/clearance.xlsx", query))
    counts = {r[1]: r[6] for r in rows if r and r[0] is None and r[1]}
    assert counts["Nhân sự đại hội"] == 1 and counts["Tổng số"] == 1
    cases = [r for r in rows if r and r[0] == 1]
    assert cases[0][1:3] == ["Nhân sự đại hội", "Lục Thị Trẻ"]
    assert cases[0][5] == date(2025, 5, 20)
    assert AuditEvent.objects.get(action="export.cadres_clearance").actor == vetter


def test_another_province_gets_no_file(client, office, two_provinces):
    a, b = two_provinces
    client.force_login(b.staff)
    term = Term.objects.get(name="2025–2030")
    for url, extra in (
        ("/cadres/positions.xlsx", {}),
        ("/cadres/planning.xlsx", {"term": term.pk}),
        ("/cadres/moves.xlsx", {}),
        ("/cadres/reelection.xlsx", {"term": term.pk, "congress": "01/10/2025"}),
        ("/cadres/profile.xlsx", {}),
        ("/cadres/clearance.xlsx", {"from": "01/01/2025", "to": "31/12/2025"}),
    ):
        assert client.get(url, {"organization": a.commune.pk, **extra}).status_code == 404, url
    assert not AuditEvent.objects.filter(action__startswith="export.cadres").exists()


def test_bad_parameters_are_said_not_a_server_error(staff_a, office):
    a = office
    bad = staff_a.get("/cadres/reelection.xlsx", {"organization": a.commune.pk, "term": "abc"})
    assert bad.status_code == 400 and "Chọn nhiệm kỳ" in bad.content.decode()
    # without the clearance right the file is not there, whatever it is asked
    assert staff_a.get("/cadres/clearance.xlsx").status_code == 404
    assert staff_a.get("/cadres/clearance.xlsx", {"from": "x"}).status_code == 404


def test_a_refused_position_names_its_fields(staff_a, office):
    a = office
    page = staff_a.post(
        f"/cadres/positions/new/?organization={a.commune.pk}", {"seats": "abc"}, follow=True
    ).content.decode()
    assert "Chức danh: " in page and "Số người đảm nhiệm: " in page
