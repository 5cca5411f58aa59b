"""The registry's section of the report: its figures add up, each drills down to the registry's
list that holds exactly what it counts, another province's documents never count, and the
page, the workbook and the Word/PDF report carry its tables."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook

from tests.factories import make_document
from tests.reports.test_totals import assert_tables_add_up
from tochuc.core.errors import NotFound
from tochuc.documents.models import DocumentType
from tochuc.documents.selectors import DocumentFilter, ReportFilter, document_list, reports_owed
from tochuc.documents.services import report_request_create, report_submit
from tochuc.orgs.models import Organization
from tochuc.reports import exports
from tochuc.reports.documents import report_html
from tochuc.reports.selectors import report_figures, report_tables

pytestmark = pytest.mark.django_db


def today() -> date:
    return date.today()


def start() -> date:
    return date(today().year, 1, 1)


# A deadline passed this year (none on 1 January: then nothing is late yet).
def passed() -> date:
    return max(start(), today() - timedelta(days=3))


def _type(name: str) -> int:
    return DocumentType.objects.get(name=name).pk


@pytest.fixture
def registry(two_provinces):
    """Province A's documents of this year, an older one, a đề án of a period covering this
    year, a request for reports (the commune's in, the bloc's late), and B's documents."""
    a, b = two_provinces
    y = today().year
    resolution = make_document(a.staff, a.province, issued_on=start())
    make_document(a.staff, a.province, type_name="Kế hoạch", issued_on=start())
    make_document(a.staff, a.province, issued_on=date(y - 1, 6, 1))  # last year's
    make_document(
        a.staff,
        a.province,
        type_name="Đề án",
        issued_on=date(y - 1, 3, 1),
        period_start=y - 1,
        period_end=y + 3,
    )
    make_document(a.staff, a.commune, issued_on=start())
    make_document(a.staff, a.commune, type_name="Đề án", issued_on=start(), period_start=y - 4)
    make_document(
        a.staff, a.school, type_name="Đề án", issued_on=start(), period_start=y, period_end=y + 4
    )
    make_document(a.staff, a.bloc, type_name="Hướng dẫn", issued_on=start())
    make_document(b.staff, b.province, issued_on=start())
    make_document(b.staff, b.province, type_name="Đề án", issued_on=start(), period_start=y)
    past = report_request_create(
        actor=a.staff,
        document=resolution,
        kind="interim",
        due_on=passed(),
        organizations=[a.commune, a.village, a.bloc],
    )
    report_request_create(
        actor=a.staff,
        document=resolution,
        kind="final",
        due_on=date(y + 1, 1, 15),  # next year's: not in this year's figures
        organizations=[a.commune],
    )
    answer = make_document(a.staff, a.commune, type_name="Báo cáo", issued_on=start())
    report_submit(
        actor=a.staff, report=past.reports.get(organization=a.commune), document=answer, on=start()
    )
    return a, b, resolution


def _table(tables, key):
    return next(t for t in tables if t.key == key)


def _row(table, org):
    return next(cells for row, cells in table.rows if row.org_id == org.pk)


def _column(table, header):
    return table.headers.index(header)


def _spec(actor, drill: dict) -> DocumentFilter:
    """The registry's filter a figure's link sets (as the list page reads its query)."""
    day = lambda k: datetime.strptime(drill[k], "%d/%m/%Y").date() if k in drill else None  # noqa: E731
    return DocumentFilter(
        organization=Organization.objects.get(pk=drill["organization"]),
        doc_types=(drill["type"],) if "type" in drill else (),
        period=drill.get("period"),
        issued_from=day("issued_from"),
        issued_to=day("issued_to"),
        without_drafts=bool(drill.get("without_drafts")),
    )


def test_the_figures_count_by_type_period_and_follow_up_and_add_up(registry):
    a, b, resolution = registry
    figures = report_figures(actor=a.staff, organization=a.province)
    tables = assert_tables_add_up(figures)
    issued = _table(tables, "van-ban")
    assert issued.title == f"Văn bản ban hành từ 01/01/{today().year} đến {today():%d/%m/%Y}"
    assert issued.headers[0] == "Tổng số"
    # one column per type in use, in the catalogue's order
    assert issued.headers[1:] == ["Nghị quyết", "Hướng dẫn", "Kế hoạch", "Đề án", "Báo cáo"]
    total = [c.value for c in issued.total[1]]
    # the province's own 2 of this year (Trực thuộc trực tiếp), the commune's 4 with its
    # school's đề án and its report, the bloc's guide; none of B's, not last year's
    assert total == [7, 2, 1, 1, 2, 1]
    commune = _row(issued, a.commune)
    assert [c.value for c in commune] == [4, 1, 0, 0, 2, 1]
    own = next(cells for row, cells in issued.rows if row.own)
    assert [c.value for c in own] == [2, 1, 0, 1, 0, 0]

    periods = _table(tables, "van-ban-giai-doan")
    assert periods.headers == ["Nghị quyết", "Đề án"]
    # the province's đề án (a period from last year) and the school's (from this year); the
    # commune's has no end year and covers nothing
    assert [c.value for c in periods.total[1]] == [0, 2]
    assert _row(periods, a.commune)[1].value == 1

    owed = _table(tables, "bao-cao-theo-doi")
    assert owed.headers == ["Phải nộp", "Đã nộp", "Quá hạn chưa nộp"]
    late = 1 if passed() < today() else 0
    assert [c.value for c in owed.total[1]] == [3, 1, 2 * late]
    assert [c.value for c in _row(owed, a.commune)] == [2, 1, late]  # its village's too
    assert [c.value for c in _row(owed, a.bloc)] == [1, 0, late]


def test_each_figure_drills_down_to_the_registry_list_behind_it(registry):
    a, b, resolution = registry
    tables = report_tables(report_figures(actor=a.staff, organization=a.province))
    for key in ("van-ban", "van-ban-giai-doan"):
        table = _table(tables, key)
        for row, cells in table.rows:
            for cell in cells:
                if cell.drill is None:
                    assert not cell.value or row.own
                    continue
                listed = document_list(a.staff, _spec(a.staff, cell.drill))
                assert listed.count() == cell.value, (key, row.name, cell.drill)
    owed = _table(tables, "bao-cao-theo-doi")
    for row, cells in owed.rows:
        for cell in cells:
            if cell.drill is None:  # the registry's own row («Trực thuộc trực tiếp»)
                continue
            spec = ReportFilter(
                state=cell.drill.get("state", ""),
                due_year=cell.drill["due"],
                organization=Organization.objects.get(pk=cell.drill["organization"]),
            )
            assert reports_owed(a.staff, spec).count() == cell.value, (row.name, cell.drill)
    assert _row(owed, a.commune)[2].drill == {
        "organization": a.commune.pk,
        "state": "late",
        "due": today().year,
    }
    assert _row(_table(tables, "van-ban"), a.commune)[1].drill == {
        "organization": a.commune.pk,
        "type": _type("Nghị quyết"),
        "issued_from": f"01/01/{today().year}",
        "issued_to": f"{today():%d/%m/%Y}",
        "without_drafts": 1,
    }


def test_the_scope_holds(registry):
    a, b, _ = registry
    with pytest.raises(NotFound):
        report_figures(actor=b.staff, organization=a.province)
    theirs = assert_tables_add_up(report_figures(actor=b.staff, organization=b.province))
    assert _table(theirs, "van-ban").total[1][0].value == 2  # its resolution and đề án
    assert [c.value for c in _table(theirs, "van-ban-giai-doan").total[1]] == [0, 0]
    assert _table(theirs, "bao-cao-theo-doi").total[1][0].value == 0
    # the commune's own report: its subtree only
    commune = assert_tables_add_up(report_figures(actor=a.staff, organization=a.commune))
    assert _table(commune, "van-ban").total[1][0].value == 4


def test_the_page_the_workbook_and_the_word_and_pdf_report_carry_the_section(
    registry, admin, client
):
    a, _, _ = registry
    client.force_login(a.staff)
    tables = report_tables(report_figures(actor=a.staff, organization=a.province))
    number = [t.key for t in tables].index("van-ban") + 1
    title = f"Biểu {number}. Văn bản ban hành từ 01/01/{today().year}"
    page = client.get("/reports/", {"organization": a.province.pk}).content.decode()
    assert title in page
    body = client.get("/reports/tables/van-ban/", {"organization": a.province.pk})
    link = f"/documents/?organization={a.commune.pk}&amp;type={_type('Nghị quyết')}"
    assert link + f"&amp;issued_from=01%2F01%2F{today().year}" in body.content.decode()

    book = load_workbook(BytesIO(client.get("/reports/download.xlsx").content))
    sheet = next(s for s in book.worksheets if str(s["A1"].value).startswith(title.upper()))
    assert [c.value for c in sheet[4]][2:4] == ["Tổng số", "Nghị quyết"]

    data = client.get("/reports/download.docx").content
    titles = [p.text for p in docx.Document(BytesIO(data)).paragraphs]
    assert any(t.startswith(title) for t in titles)
    grids = docx.Document(BytesIO(data)).tables
    issued = _table(tables, "van-ban")
    assert any(
        [c.text for c in g.rows[-1].cells]
        == ["Tổng cộng", *(exports.cell_text(c) for c in issued.total[1])]
        and [c.text for c in g.rows[0].cells][1:3] == ["Tổng số", "Nghị quyết"]
        for g in grids
    )
    html = report_html(exports.report_document(report_figures(actor=a.staff)))
    assert title in html and "Quá hạn chưa nộp" in html
    assert client.get("/reports/download.pdf").content.startswith(b"%PDF")


def test_each_figure_opens_the_page_listing_what_it_counts(registry, client):
    """The registry page and the reports' page read every filter the report's links carry
    (the year's dates, drafts left out, the follow-up's state and year)."""
    a, _, _ = registry
    make_document(a.staff, a.province, issued_on=start(), status="draft", symbol="")  # not counted
    client.force_login(a.staff)
    pages = {"van-ban": "/documents/", "van-ban-giai-doan": "/documents/"}
    pages["bao-cao-theo-doi"] = "/documents/reports/"
    checked = 0
    for table in report_tables(report_figures(actor=a.staff, organization=a.province)):
        if table.key not in pages:
            continue
        for _row_of, cells in table.rows:
            for cell in cells:
                if cell.drill is None or not cell.value:
                    continue
                page = client.get(pages[table.key], cell.drill).content.decode()
                assert f"Tìm thấy <b>{cell.value}</b>" in page, (table.key, cell.drill)
                checked += 1
    assert checked > 5
