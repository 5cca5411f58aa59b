"""The congress season in the report: per row, the congresses of the plan by level and those
held by the report's day, the grassroots' share; each figure opens the plan's list holding what
it counts; the workbook and the Word report carry it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.reports.test_totals import assert_tables_add_up
from tochuc.congresses.models import Congress
from tochuc.congresses.services import congress_held, plan_generate
from tochuc.orgs.models import Term
from tochuc.reports.selectors import report_figures, report_tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def season(two_provinces, admin):
    a, b = two_provinces
    term = Term.objects.get(name="2025–2030")
    for p in (a, b):
        plan_generate(actor=admin, organization=p.province, term=term, on=date(2025, 3, 1))
    for org in (a.village, a.school, b.office):
        congress_held(
            actor=admin,
            congress=Congress.objects.get(organization=org, term=term),
            held_on=date(2025, 4, 10),
        )
    return a, b, term


def _row(table, org):
    return next([c.value for c in cells] for row, cells in table.rows if row.org_id == org.pk)


def test_the_season_by_row_with_the_grassroots_share(season, client):
    a, _, term = season
    on = date(2025, 6, 30)
    tables = assert_tables_add_up(report_figures(actor=a.staff, organization=a.province, on=on))
    table = next(t for t in tables if t.key == "dai-hoi")
    assert table.title == "Tiến độ đại hội nhiệm kỳ 2025–2030 đến ngày 30/06/2025"
    assert table.headers[:3] == ["Tổ chức cơ sở đảng", "đã đại hội", "tỷ lệ (%)"]
    total = [c.value for c in table.total[1]]
    assert total[:2] == [3, 2] and round(total[2], 2) == Decimal("66.67")
    assert _row(table, a.commune)[:2] == [2, 2] and _row(table, a.bloc)[:2] == [1, 0]
    cells = next(
        cells
        for row, cells in report_tables(
            report_figures(actor=a.staff, organization=a.province, on=on)
        )[[t.key for t in tables].index("dai-hoi")].rows
        if row.org_id == a.commune.pk
    )
    assert cells[1].drill == {
        "organization": a.commune.pk,
        "level": "grassroots",
        "status": "held",
        "term": term.pk,
        "on": "30/06/2025",
    }
    client.force_login(a.staff)
    listed = client.get("/congresses/", cells[1].drill).content.decode()
    plan = listed.split("Kế hoạch đại hội</h2>")[1].split("Lập, cập nhật")[0]
    assert a.village.name in plan and a.school.name in plan and a.commune.name not in plan
    assert "2 đại hội" in plan
