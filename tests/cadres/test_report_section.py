"""The cadre work's sections of the report: the year's moves by kind ("kiện toàn ... trường
hợp"), the positions with their holders and vacancies on the day, the planning of the term in
force. The figures add up, each drills to the list that will hold what it counts, another
province's never count, clearance counts are not in the general report, and the page, the
workbook and the Word/PDF report carry the tables."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook

from tests.reports.test_totals import assert_tables_add_up
from tochuc.cadres import events
from tochuc.cadres.models import ClearancePurpose, PositionTitle
from tochuc.cadres.services import (
    cadre_appoint,
    cadre_create,
    clearance_open,
    holding_end,
    planning_add,
    position_create,
)
from tochuc.core.errors import NotFound
from tochuc.orgs.models import Term
from tochuc.reports import exports
from tochuc.reports.documents import report_html
from tochuc.reports.selectors import report_figures, report_tables

pytestmark = pytest.mark.django_db


def today() -> date:
    return date.today()


def start() -> date:
    return date(today().year, 1, 1)


def last_year() -> date:
    return date(today().year - 1, 6, 1)


def _official(actor, org, name):
    return cadre_create(
        actor=actor, organization=org, full_name=name, birth_date=date(1980, 3, 1), gender="male"
    )


def _position(actor, org, title, seats=1):
    return position_create(
        actor=actor, organization=org, title=PositionTitle.objects.get(name=title), seats=seats
    )


@pytest.fixture
def cadre_work(two_provinces, admin):
    """In A, this year: the commune's secretary appointed, its deputy (2 seats) promoted, one
    seat left; the bloc's secretary reappointed (last year's term ended on 31/12), then rotated
    to the commune; the school's secretary appointed and dismissed; the province's own
    secretary's seat empty. Planned for the term in force: two people for the commune's
    secretary (one managed by the bloc), one of them also for the province's. In B: an
    appointment and a plan. A clearance case in A."""
    a, b = two_provinces
    term = Term.objects.filter(starts_on__lte=today()).order_by("-starts_on").first()
    commune = _position(a.staff, a.commune, "Bí thư")
    deputy = _position(a.staff, a.commune, "Phó Bí thư", seats=2)
    bloc = _position(a.staff, a.bloc, "Bí thư")
    school = _position(a.staff, a.school, "Bí thư")
    province = _position(a.staff, a.province, "Bí thư")
    one, two, three, four = (
        _official(a.staff, org, name)
        for org, name in (
            (a.commune, "Lò Văn Một"),
            (a.commune, "Lò Văn Hai"),
            (a.bloc, "Lò Văn Ba"),
            (a.school, "Lò Văn Bốn"),
        )
    )
    cadre_appoint(actor=a.staff, cadre=one, position=commune, on=start())
    cadre_appoint(actor=a.staff, cadre=two, position=deputy, on=start(), kind="promotion")
    last = cadre_appoint(actor=a.staff, cadre=three, position=bloc, on=last_year())
    holding_end(actor=a.staff, holding=last, on=start() - timedelta(days=1))
    cadre_appoint(actor=a.staff, cadre=three, position=bloc, on=start(), kind="reappointment")
    events.moved(
        three,
        kind="rotation",
        on=start(),
        organization=a.bloc,
        other_organization=a.commune,
        planned_return=date(today().year + 2, 1, 1),
    )
    held = cadre_appoint(actor=a.staff, cadre=four, position=school, on=start())
    holding_end(actor=a.staff, holding=held, on=start())
    planning_add(actor=a.staff, cadre=two, position=commune, term=term, on=start())
    planning_add(actor=a.staff, cadre=three, position=commune, term=term, on=start())
    planning_add(actor=a.staff, cadre=three, position=province, term=term, on=start())

    theirs = _position(b.staff, b.province, "Bí thư")
    other = _official(b.staff, b.province, "Lê Văn Tư")
    cadre_appoint(actor=b.staff, cadre=other, position=theirs, on=start())
    planning_add(actor=b.staff, cadre=other, position=theirs, term=term, on=start())

    clearance_open(
        actor=admin,
        organization=a.province,
        purpose=ClearancePurpose.objects.first(),
        requested_on=start(),
        full_name="Vi Văn Xét",
    )
    return a, b, term


def _table(tables, key):
    return next(t for t in tables if t.key == key)


def _row(table, org):
    return next([c.value for c in cells] for row, cells in table.rows if row.org_id == org.pk)


def _values(table, header):
    return table.total[1][table.headers.index(header)].value


def test_the_years_moves_by_kind_add_up(cadre_work):
    a, b, _ = cadre_work
    tables = assert_tables_add_up(report_figures(actor=a.staff, organization=a.province))
    moves = _table(tables, "can-bo-kien-toan")
    assert moves.title == (
        f"Củng cố, kiện toàn cán bộ lãnh đạo, quản lý từ 01/01/{today().year} đến {today():%d/%m/%Y}"
    )
    assert moves.headers[:8] == [
        "Tổng số kiện toàn",
        "Bổ nhiệm",
        "Bổ nhiệm lại",
        "Đề bạt",
        "Bầu cử",
        "Luân chuyển",
        "Điều động",
        "Biệt phái",
    ]
    assert moves.headers[8:10] == ["Thôi giữ chức vụ", "Nghỉ hưu"]
    # this year's: 2 appointments, a reappointment, a promotion, a rotation; last year's
    # appointment and its end not; the school's dismissal beside, not in the total; none of
    # B's
    total = [c.value for c in moves.total[1]]
    assert total[:10] == [5, 2, 1, 1, 0, 1, 0, 0, 1, 0]
    assert _row(moves, a.commune)[:4] == [3, 2, 0, 1]  # the school's appointment with it
    assert _row(moves, a.bloc)[:6] == [2, 0, 1, 0, 0, 1]


def test_positions_holders_and_vacancies_on_the_day(cadre_work):
    a, _, _ = cadre_work
    tables = assert_tables_add_up(report_figures(actor=a.staff, organization=a.province))
    positions = _table(tables, "chuc-vu")
    assert positions.headers == [
        "Chức vụ",
        "Người đang đảm nhiệm",
        "Chức vụ còn khuyết",
        "Số người còn thiếu",
    ]
    # five positions, three held (the school's secretary left on 1 January: held that day
    # only when the report is of that day)
    school_held = 1 if today() == start() else 0
    assert [c.value for c in positions.total[1]] == [
        5,
        3 + school_held,
        3 - school_held,
        3 - school_held,
    ]
    assert _row(positions, a.commune) == [3, 2 + school_held, 2 - school_held, 2 - school_held]
    assert _row(positions, a.bloc) == [1, 1, 0, 0]
    own = next([c.value for c in cells] for row, cells in positions.rows if row.own)
    assert own == [1, 0, 1, 1]  # the province's own secretary: Trực thuộc trực tiếp


def test_planning_of_the_term_in_force(cadre_work):
    a, _, term = cadre_work
    tables = assert_tables_add_up(report_figures(actor=a.staff, organization=a.province))
    planning = _table(tables, "quy-hoach")
    assert planning.title == f"Quy hoạch cán bộ nhiệm kỳ {term.name} đến ngày {today():%d/%m/%Y}"
    # three plans (by the position's organization), two people (by where each is managed)
    assert [c.value for c in planning.total[1]] == [3, 2]
    assert _row(planning, a.commune) == [2, 1]
    assert _row(planning, a.bloc) == [0, 1]
    own = next([c.value for c in cells] for row, cells in planning.rows if row.own)
    assert own == [1, 0]


def test_each_figure_drills_to_the_list_that_will_hold_it(cadre_work):
    a, _, term = cadre_work
    tables = report_tables(report_figures(actor=a.staff, organization=a.province))
    period = {"from": f"01/01/{today().year}", "to": f"{today():%d/%m/%Y}"}
    moves = _table(tables, "can-bo-kien-toan")
    cells = next(cells for row, cells in moves.rows if row.org_id == a.commune.pk)
    assert (
        cells[0].drill
        == {
            "organization": a.commune.pk,
            "kind": "appointment,reappointment,promotion,election,rotation,reassignment,secondment",
        }
        | period
    )
    assert cells[1].drill == {"organization": a.commune.pk, "kind": "appointment"} | period
    assert cells[4].drill is None  # nothing elected: no link
    positions = _table(tables, "chuc-vu")
    cells = next(cells for row, cells in positions.rows if row.org_id == a.commune.pk)
    assert cells[0].drill == {"organization": a.commune.pk}
    assert cells[2].drill == {"organization": a.commune.pk, "vacant": 1}
    assert cells[3].drill is None  # seats: no list counts them
    planning = _table(tables, "quy-hoach")
    cells = next(cells for row, cells in planning.rows if row.org_id == a.commune.pk)
    assert cells[1].drill == {"organization": a.commune.pk, "term": term.pk, "all": 1}


def test_the_scope_holds_and_clearance_is_not_in_the_report(cadre_work, admin):
    a, b, _ = cadre_work
    with pytest.raises(NotFound):
        report_figures(actor=b.staff, organization=a.province)
    theirs = assert_tables_add_up(report_figures(actor=b.staff, organization=b.province))
    assert _values(_table(theirs, "can-bo-kien-toan"), "Tổng số kiện toàn") == 1
    assert [c.value for c in _table(theirs, "chuc-vu").total[1]] == [1, 1, 0, 0]
    assert [c.value for c in _table(theirs, "quy-hoach").total[1]] == [1, 1]
    commune = assert_tables_add_up(report_figures(actor=a.staff, organization=a.commune))
    assert _values(_table(commune, "chuc-vu"), "Chức vụ") == 3  # its own two, its school's
    everything = report_tables(report_figures(actor=admin))
    purposes = set(ClearancePurpose.objects.values_list("name", flat=True))
    assert not any("tiêu chuẩn chính trị" in t.title.lower() for t in everything)
    assert not any(purposes & set(t.headers) for t in everything)
    assert _values(_table(everything, "quy-hoach"), "Cán bộ trong quy hoạch") == 3


def test_a_past_day_counts_that_days_moves_and_holders(cadre_work):
    a, _, _ = cadre_work
    day = max(start(), today() - timedelta(days=1))
    if day == today():  # 1 January: no earlier day this year
        pytest.skip("no past day in this year")
    tables = assert_tables_add_up(report_figures(actor=a.staff, organization=a.province, on=day))
    positions = _table(tables, "chuc-vu")
    assert positions.title.endswith(f"ngày {day:%d/%m/%Y}")
    assert positions.rows[0][1][0].drill["on"] == f"{day:%d/%m/%Y}"
    before = assert_tables_add_up(
        report_figures(actor=a.staff, organization=a.province, on=last_year())
    )
    # last year's: the bloc's appointment and its holder; this year's plans not yet made
    assert _values(_table(before, "can-bo-kien-toan"), "Bổ nhiệm") == 1
    assert _values(_table(before, "chuc-vu"), "Người đang đảm nhiệm") == 1
    assert [c.value for c in _table(before, "quy-hoach").total[1]] == [0, 0]


def test_the_page_the_workbook_and_the_word_and_pdf_report_carry_the_sections(cadre_work, client):
    a, _, _ = cadre_work
    client.force_login(a.staff)
    tables = report_tables(report_figures(actor=a.staff, organization=a.province))
    number = [t.key for t in tables].index("can-bo-kien-toan") + 1
    title = f"Biểu {number}. Củng cố, kiện toàn cán bộ lãnh đạo, quản lý"
    page = client.get("/reports/", {"organization": a.province.pk}).content.decode()
    assert title in page
    body = client.get("/reports/tables/chuc-vu/", {"organization": a.province.pk})
    assert f"/cadres/positions/?organization={a.commune.pk}&amp;vacant=1" in body.content.decode()

    book = load_workbook(BytesIO(client.get("/reports/download.xlsx").content))
    sheet = next(s for s in book.worksheets if str(s["A1"].value).startswith(title.upper()))
    assert [c.value for c in sheet[4]][2:4] == ["Tổng số kiện toàn", "Bổ nhiệm"]

    data = client.get("/reports/download.docx").content
    document = docx.Document(BytesIO(data))
    assert any(p.text.startswith(title) for p in document.paragraphs)
    positions = _table(tables, "chuc-vu")
    assert any(
        [c.text for c in g.rows[-1].cells]
        == ["Tổng cộng", *(exports.cell_text(c) for c in positions.total[1])]
        for g in document.tables
    )
    html = report_html(exports.report_document(report_figures(actor=a.staff)))
    assert "Chức vụ còn khuyết" in html and "Cán bộ trong quy hoạch" in html
    assert client.get("/reports/download.pdf").content.startswith(b"%PDF")
