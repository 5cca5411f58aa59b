"""What the statistics say in words and numbers: the kinds named as the Party names them,
Vietnamese thousands, and where an administrator's statistics open."""

from __future__ import annotations

import pytest

from tests.factories import make_province
from tochuc.reports import exports
from tochuc.reports.checks import Check
from tochuc.reports.selectors import NATION, report_figures, report_tables

pytestmark = pytest.mark.django_db


def _summary(client, org) -> str:
    page = client.get("/reports/", {"organization": org.pk}).content.decode()
    return page.split('<p class="summary" id="summary">', 1)[1].split("</p>", 1)[0]


def test_a_commune_calls_its_grassroots_branches_chi_bo_co_so(client, two_provinces, admin):
    a, _ = two_provinces
    client.force_login(admin)
    # the commune: a đảng bộ cơ sở (the school) and a chi bộ cơ sở (the village)
    commune = _summary(client, a.commune)
    assert commune.startswith("Đảng bộ xã Một Cao Bằng có 1 đảng bộ trực thuộc và 1 chi bộ cơ sở")
    assert "chi bộ trực thuộc" not in commune
    # the school's two branches are chi bộ trực thuộc
    school = _summary(client, a.school)
    assert school.startswith("Đảng bộ Trường THPT Cao Bằng có 2 chi bộ trực thuộc")


def test_an_administrator_of_one_province_opens_on_it(client, admin):
    province = make_province(admin, "Cao Bằng", "A").province
    client.force_login(admin)
    page = client.get("/reports/").content.decode()
    assert "<h1>Thống kê · Đảng bộ tỉnh Cao Bằng</h1>" in page
    assert "Toàn Đảng có 1 đảng bộ tỉnh" not in page
    assert report_figures(actor=admin).organization == province
    checks = client.get("/reports/checks/").content.decode()
    assert "Kiểm tra dữ liệu · Đảng bộ tỉnh Cao Bằng" in checks
    body = client.get("/api/v1/reports").json()
    assert body["organization"]["id"] == province.pk


def test_an_administrator_of_two_provinces_sees_the_country(client, two_provinces, admin):
    client.force_login(admin)
    page = client.get("/reports/").content.decode()
    assert f"<h1>Thống kê · {NATION}</h1>" in page
    assert "Toàn Đảng có 2 đảng bộ tỉnh, thành phố" in page


def test_data_checks_show_vietnamese_thousands(client, two_provinces, monkeypatch):
    a, _ = two_provinces
    client.force_login(a.staff)
    many = Check("thieu-cccd", "Đảng viên chưa có số CCCD", "Vì sao.", count=2047)
    many.items = [{"label": "Nguyễn Văn An", "detail": "chưa có số CCCD", "url": "/members/1/"}]
    monkeypatch.setattr("tochuc.reports.views.checks.data_checks", lambda **_: [many])
    page = client.get("/reports/checks/").content.decode()
    assert '<span class="count-bad">2.047</span>' in page
    assert "Hiện 1 trường hợp đầu tiên trong số 2.047." in page
    assert "2047" not in page


def test_the_average_age_card_is_written_the_vietnamese_way(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    figures = report_figures(actor=a.staff, organization=a.province)
    ages = next(t for t in report_tables(figures) if t.key == "do-tuoi")
    average = exports.cell_text(ages.total[1][-1])
    assert "," in average
    page = client.get("/reports/").content.decode()
    assert f"<b>{average}</b><span>Tuổi bình quân</span>" in page
