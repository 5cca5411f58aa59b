"""The statistics dashboard as a province's staff uses it: the figures, a figure's list, a child
organization, a past date, the Excel and Word downloads, and the data checks."""

from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.e2e.conftest import login, shot
from tests.factories import make_member
from tests.reports.test_totals import xlsx_value

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAST = "01/01/2026"  # before Hoàng Văn Dũng's admission (03/02/2026)


@pytest.fixture
def province_a(two_provinces, admin):
    """Province A with two more members: 5 today, 4 on PAST (3 of them in the commune)."""
    a, _ = two_provinces
    a.members += [
        make_member(
            admin,
            a.branch1,
            full_name="Nông Thị Lan",
            gender="female",
            ethnicity="Tày",
            education_level="dai_hoc",
            birth_date=date(1992, 6, 1),
            admission_date=date(2015, 3, 26),
            official_date=date(2016, 3, 26),
        ),
        make_member(
            admin,
            a.office,
            full_name="Lý Văn Minh",
            ethnicity="Dao",
            education_level="thac_si",
            birth_date=date(1980, 9, 2),
            admission_date=date(2020, 7, 1),
            official_date=date(2021, 7, 1),
        ),
    ]
    return a


def _total_of(sheet, column: str):
    """The 'Tổng cộng' row's value in the column headed `column` of an exported sheet."""
    headers = [c.value for c in sheet[4]]
    total = next(r for r in sheet.iter_rows() if r[1].value == "Tổng cộng")
    return xlsx_value(sheet, total[headers.index(column)])  # a =SUM of the rows


def test_dashboard_figures_lists_child_past_date_and_downloads(page, province_a, tmp_path):
    a = province_a
    login(page, "staff_a")
    page.click("header nav >> text=Thống kê")
    page.wait_for_selector("h1:has-text('Thống kê · Đảng bộ tỉnh Cao Bằng')")
    summary = page.locator("#summary").inner_text()
    assert summary.startswith("Đảng bộ tỉnh Cao Bằng có 2 đảng bộ trực thuộc")
    assert "toàn Đảng bộ có 5 đảng viên" in summary
    assert "2 đảng viên nữ (40,00%)" in summary
    cards = page.locator("#member-cards")
    assert cards.locator("a.stat", has_text="Đảng viên").first.locator("b").inner_text() == "5"
    women = cards.locator("a.stat", has=page.locator("span", has_text="Nữ"))
    assert women.locator("b").inner_text() == "2"
    assert "Lạng Sơn" not in page.locator("main").inner_text()
    shot(page, "reports-dashboard")

    # The other tables open on demand, with the same figures.
    ages = page.locator("#bang-do-tuoi")
    assert ages.locator("table").count() == 0
    ages.locator("summary").click()
    ages.locator("tfoot").wait_for()
    assert "Tổng cộng" in ages.locator("tfoot").inner_text()
    assert "Đảng bộ xã Một Cao Bằng" in ages.locator("tbody").inner_text()
    shot(page, "reports-table-on-demand")

    # A figure opens the list of exactly the members it counts.
    women.click()
    page.wait_for_url("**/members/?*gender=female*")
    page.wait_for_selector("#results table.members")
    names = page.locator("#results tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(names) == ["Nông Thị Lan", "Trần Thị Ánh"]
    page.go_back()
    page.wait_for_selector("#summary")

    # A child organization's row opens its own dashboard, under the province's breadcrumb.
    page.locator("#bang-dang-vien tbody a", has_text="Đảng bộ xã Một Cao Bằng").click()
    page.wait_for_selector("h1:has-text('Thống kê · Đảng bộ xã Một Cao Bằng')")
    assert "Đảng bộ tỉnh Cao Bằng" in page.locator(".crumbs").inner_text()
    assert "có 4 đảng viên" in page.locator("#summary").inner_text()
    rows = page.locator("#bang-dang-vien tbody").inner_text()
    assert "Đảng bộ Trường THPT Cao Bằng" in rows and "Chi bộ thôn Nà Cao Bằng" in rows
    assert "Sở Nội vụ" not in rows

    # A past date: Hoàng Văn Dũng, admitted 03/02/2026, is not counted yet.
    page.fill("input[name=on]", PAST)
    page.click("button:has-text('Xem tại ngày')")
    page.wait_for_selector(f".notice:has-text('Số liệu tại ngày {PAST}')")
    assert "Đảng bộ xã Một Cao Bằng" in page.locator("h1").inner_text()
    assert "có 3 đảng viên" in page.locator("#summary").inner_text()
    assert not page.locator("p.error").count()

    # Up to the province, still on that date: 4 members (Dũng still left out).
    page.locator(".crumbs a", has_text="Đảng bộ tỉnh Cao Bằng").click()
    page.wait_for_selector("h1:has-text('Thống kê · Đảng bộ tỉnh Cao Bằng')")
    assert f"Số liệu tại ngày {PAST}" in page.locator(".notice").inner_text()
    assert "toàn Đảng bộ có 4 đảng viên" in page.locator("#summary").inner_text()

    with page.expect_download() as info:
        page.click("a:has-text('Tải Excel')")
    download = info.value
    assert download.suggested_filename == "thong-ke-20260101.xlsx"
    xlsx = tmp_path / download.suggested_filename
    download.save_as(xlsx)
    book = load_workbook(xlsx)
    assert "2. Đảng viên" in book.sheetnames
    sheet = book["2. Đảng viên"]
    assert sheet["A1"].value == "BIỂU 2. ĐẢNG VIÊN"
    assert sheet["A2"].value == f"Đảng bộ tỉnh Cao Bằng, đến ngày {PAST}"
    assert _total_of(sheet, "Tổng số") == 4
    assert _total_of(sheet, "Nữ") == 2
    assert _total_of(sheet, "Dân tộc thiểu số") == 2

    form = page.locator("#word form")
    form.locator("input[name=number]").fill("12")
    form.locator("input[name=signer_name]").fill("Hoàng Văn Thụ")
    with page.expect_download() as info:
        form.locator("button:has-text('Tải Word (.docx)')").click()
    download = info.value
    assert download.suggested_filename == "bao-cao-20260101.docx"
    docx = tmp_path / download.suggested_filename
    download.save_as(docx)
    document = Document(docx)
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    everything = text + "\n" + cells
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in everything
    assert "Số 12-BC/TU" in everything
    assert "TỈNH ỦY CAO BẰNG" in everything
    assert "Hoàng Văn Thụ" in everything
    assert f"đến ngày {PAST}" in everything
    assert a.province.name in everything


def test_data_checks_and_arithmetic_of_a_pasted_text(page, two_provinces):
    a, _ = two_provinces
    login(page, "staff_a")
    page.click("header nav >> text=Thống kê")
    page.wait_for_selector("#summary")
    page.click("a:has-text('Kiểm tra dữ liệu')")
    page.wait_for_selector("h1:has-text('Kiểm tra dữ liệu')")

    # Each branch of A has at most one official member: all four are listed.
    small = page.locator("#check-chi-bo-it-dang-vien")
    assert "Chi bộ có dưới 3 đảng viên chính thức: 4" in small.locator("h2").inner_text()
    items = small.locator("li").all_inner_texts()
    assert len(items) == 4
    for name, official in [
        ("Chi bộ Giáo viên", 1),
        ("Chi bộ Hành chính", 1),
        ("Chi bộ thôn Nà Cao Bằng", 0),
        ("Chi bộ Sở Nội vụ", 0),
    ]:
        assert any(i.startswith(f"{name} — {official} đảng viên chính thức") for i in items), items
    assert "Lạng Sơn" not in page.locator("main").inner_text()
    assert "không có" in page.locator("#check-thieu-cccd h2").inner_text()
    assert "không có" in page.locator("#check-qua-han-du-bi h2").inner_text()

    page.fill("textarea[name=text]", "278 trường hợp: 104 + 102 + 62 + 1 + 4 + 6")
    page.click("button:has-text('Soát số liệu')")
    page.wait_for_selector("ul.findings li")
    finding = page.locator("ul.findings li").inner_text()
    assert "Tổng ghi 278 nhưng các thành phần cộng lại được 279" in finding
    assert page.locator("textarea[name=text]").input_value().startswith("278 trường hợp")
    shot(page, "reports-checks")

    # A branch's list item leads to the organization to fix.
    small.locator("a", has_text="Chi bộ Giáo viên").click()
    page.wait_for_url(f"**/organizations/{a.branch1.pk}/")
