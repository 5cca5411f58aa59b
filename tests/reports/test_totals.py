"""Every total adds up: on the page, in the workbook, in the Word and PDF report, each figure
of a "Tổng cộng" row is the sum of the rows above it, or the table's note says why not."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from tochuc.demo import generate
from tochuc.orgs.models import Organization
from tochuc.reports import exports
from tochuc.reports.documents import report_html
from tochuc.reports.selectors import report_figures, report_tables

pytestmark = pytest.mark.django_db
SUM = re.compile(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)")


def xlsx_value(sheet, cell):
    """What Excel shows in a cell: openpyxl computes nothing, so a total's =SUM(C5:C9) is
    summed here from the cells of its range (the only formula the workbook holds)."""
    value = cell.value
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    found = SUM.fullmatch(value)
    assert found, f"{sheet.title}!{cell.coordinate}: {value} is not a column's sum"
    first, low, last, high = found.groups()
    assert first == last == cell.column_letter, f"{sheet.title}!{cell.coordinate}: {value}"
    column = column_index_from_string(first)
    # The range is exactly the rows: from the first under the header to the one above.
    assert (int(low), int(high)) == (5, cell.row - 1), f"{sheet.title}!{cell.coordinate}"
    return sum(sheet.cell(r, column).value or 0 for r in range(int(low), int(high) + 1))


def assert_tables_add_up(figures):
    tables = report_tables(figures)
    for table in tables:
        assert table.total[1], table.key
        for j, header in enumerate(table.headers):
            total = table.total[1][j].value
            if table.total[1][j].decimals:  # an average: said in the note
                assert header in table.note, (table.key, header)
                continue
            rows = sum(cells[j].value or 0 for _, cells in table.rows)
            assert rows == (total or 0), (figures.name, figures.on, table.key, header)
    return tables


def test_every_table_of_a_generated_province_adds_up(admin):
    generate(scale="commune", seed=3)
    province = Organization.objects.get(parent__isnull=True)
    filled = max(Organization.objects.filter(parent=province), key=lambda o: o.children.count())
    for on in (None, date.today() - timedelta(days=1)):
        figures = report_figures(actor=admin, organization=province, on=on)
        orgs = next(t for t in assert_tables_add_up(figures) if t.key == "to-chuc")
        # Biểu 1's first column: each upper-level committee's row counts the committee.
        assert orgs.total[1][0].value == len(figures.rows)
        # (the province's own row, «Trực thuộc trực tiếp», holds its own positions' figures)
        assert {cells[0].value for row, cells in orgs.rows if not row.own} == {1}
        assert_tables_add_up(report_figures(actor=admin, organization=filled, on=on))
        assert_tables_add_up(report_figures(actor=admin, on=on))  # the country: one province


def test_every_table_adds_up_today_and_at_a_past_date(admin, two_provinces):
    a, b = two_provinces
    days = [None, date.today() - timedelta(days=1)]
    for on in days:
        for org in (None, a.province, a.commune, a.school, a.village, b.province):
            figures = report_figures(actor=admin, organization=org, on=on)
            assert_tables_add_up(figures)
    # A chi bộ cơ sở has no children: its one row is itself, so its tables add up too.
    village = report_figures(actor=admin, organization=a.village)
    members = next(t for t in report_tables(village) if t.key == "dang-vien")
    assert [(row.name, cells[0].value) for row, cells in members.rows] == [(a.village.name, 1)]


def test_the_workbook_totals_are_sums_of_their_rows(admin, two_provinces, client):
    a, _ = two_provinces
    client.force_login(admin)
    for org in (a.province, a.commune, a.village):
        figures = report_figures(actor=admin, organization=org)
        tables = report_tables(figures)
        data = client.get("/reports/download.xlsx", {"organization": org.pk}).content
        book = load_workbook(BytesIO(data))
        assert len(book.worksheets) == len(tables)
        for sheet, table in zip(book.worksheets, tables, strict=True):
            total_row = next(
                r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 2).value == "Tổng cộng"
            )
            for j, cell in enumerate(table.total[1]):
                shown = sheet.cell(total_row, j + 3)
                if cell.decimals:
                    assert shown.value == float(cell.value) if cell.value is not None else True
                    assert sheet.cell(total_row + 1, 2).value == table.note
                    continue
                assert shown.data_type == "f", (sheet.title, shown.coordinate)
                assert xlsx_value(sheet, shown) == (cell.value or 0), (
                    sheet.title,
                    shown.coordinate,
                )


def test_every_sheet_name_fits_and_keeps_its_date(admin, two_provinces, client):
    client.force_login(admin)
    on = date.today() - timedelta(days=1)
    data = client.get("/reports/download.xlsx", {"on": on.strftime("%d/%m/%Y")}).content
    names = load_workbook(BytesIO(data)).sheetnames
    assert all(len(n) <= 31 for n in names), names
    assert f"7. Kết nạp đến {on:%d.%m.%Y}" in names
    assert "5. Lý luận chính trị" in names and "2. Đảng viên" in names


def test_the_word_and_pdf_tables_show_the_page_totals(admin, two_provinces, client):
    a, _ = two_provinces
    client.force_login(admin)
    figures = report_figures(actor=admin, organization=a.commune)
    tables = report_tables(figures)
    page = client.get("/reports/", {"organization": a.commune.pk}).content.decode()
    data = client.get("/reports/download.docx", {"organization": a.commune.pk}).content
    grids = [
        t for t in docx.Document(BytesIO(data)).tables if t.rows[0].cells[0].text == "Tổ chức đảng"
    ]
    pdf_html = report_html(exports.report_document(figures))
    for grid, table in zip(grids, tables, strict=True):
        assert [c.text for c in grid.rows[-1].cells] == [
            "Tổng cộng",
            *(exports.cell_text(c) for c in table.total[1]),
        ]
        total = "".join(  # a figure with no value (a share of nothing) is an empty cell
            f'<td class="figure">{exports.cell_text(c)}</td>'
            if c.value is not None
            else "<td></td>"
            for c in table.total[1]
        )
        assert total in re.sub(r"\s+<", "<", pdf_html)
    members = next(t for t in tables if t.key == "dang-vien")
    foot = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S).group(1)
    shown = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<th class="n">(.*?)</th>', foot)]
    assert shown == [exports.cell_text(c) for c in members.total[1]]
    ages = next(t for t in tables if t.key == "do-tuoi")
    text = "\n".join(p.text for p in docx.Document(BytesIO(data)).paragraphs)
    table = client.get(f"/reports/tables/do-tuoi/?organization={a.commune.pk}").content.decode()
    assert ages.note in text and ages.note in table and ages.note in pdf_html
