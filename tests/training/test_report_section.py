"""The training work's sections of the report: the classes held in the year and in the term
by programme ("28 lớp bồi dưỡng ... 2 lớp trung cấp"), counted where they are organized; the
trainees who completed by level and gender and those studying, counted where the people are.
The figures add up, a cancelled class and another province's never count, each figure opens
the list that holds what it counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.reports.test_totals import assert_tables_add_up
from tochuc.orgs.models import Term
from tochuc.reports.selectors import report_figures, report_tables
from tochuc.training.models import Programme
from tochuc.training.services import class_cancel, class_create, trainee_complete, trainee_enrol

pytestmark = pytest.mark.django_db

PRIMARY, MIDDLE = "Sơ cấp lý luận chính trị", "Trung cấp lý luận chính trị - hành chính"
NEW_MEMBERS = "Bồi dưỡng lý luận chính trị cho đảng viên mới"


def today() -> date:
    return date.today()


def start() -> date:
    return date(today().year, 1, 1)


def _class(actor, org, programme, name, starts, ends):
    return class_create(
        actor=actor,
        organization=org,
        programme=Programme.objects.get(name=programme),
        name=name,
        mode="full_time",
        starts_on=starts,
        ends_on=ends,
    )


@pytest.fixture
def classes(two_provinces, admin):
    """This year: the commune's sơ cấp class (An and Ánh completed), the province's class for
    new members (Dũng studying), a cancelled class; earlier in the term: the province's
    trung cấp class (An completed); B's class."""
    a, b = two_provinces
    term = Term.objects.filter(starts_on__lte=today()).order_by("-starts_on").first()
    an, anh, dung = a.members[:3]
    primary = _class(admin, a.commune, PRIMARY, "Sơ cấp xã", start(), start())
    for m in (an, anh):
        t = trainee_enrol(actor=admin, training_class=primary, on=start(), member=m)
        trainee_complete(actor=admin, trainee=t, on=start())
    fresh = _class(
        admin, a.province, NEW_MEMBERS, "Đảng viên mới", start(), today() + timedelta(30)
    )
    trainee_enrol(actor=admin, training_class=fresh, on=start(), member=dung)
    gone = _class(admin, a.commune, PRIMARY, "Lớp hủy", start(), start())
    class_cancel(actor=admin, training_class=gone, on=start(), reason="Trùng lịch")
    earlier = max(term.starts_on, start() - timedelta(days=200))
    if earlier < start():
        middle = _class(admin, a.province, MIDDLE, "Trung cấp K1", earlier, earlier)
        t = trainee_enrol(actor=admin, training_class=middle, on=earlier, member=an)
        trainee_complete(actor=admin, trainee=t, on=earlier)
    theirs = _class(admin, b.province, PRIMARY, "Sơ cấp B", start(), start())
    t = trainee_enrol(actor=admin, training_class=theirs, on=start(), member=b.members[0])
    trainee_complete(actor=admin, trainee=t, on=start())
    return a, b, term, earlier < start()


def _table(tables, key):
    return next(t for t in tables if t.key == key)


def _row(table, org):
    return next([c.value for c in cells] for row, cells in table.rows if row.org_id == org.pk)


def _total(table, header):
    return table.total[1][table.headers.index(header)].value


def test_the_classes_of_the_year_and_the_term_by_programme(classes):
    a, _, term, earlier = classes
    tables = assert_tables_add_up(report_figures(actor=a.staff, organization=a.province))
    year = _table(tables, "dao-tao-lop-nam")
    assert year.title == f"Lớp đào tạo, bồi dưỡng từ 01/01/{today().year} đến {today():%d/%m/%Y}"
    assert year.headers[:3] == ["Tổng số lớp", "Đào tạo", "Bồi dưỡng"]
    assert _total(year, "Tổng số lớp") == 2  # not the cancelled one, not B's
    assert _total(year, PRIMARY) == 1 and _total(year, NEW_MEMBERS) == 1
    assert _row(year, a.commune)[:3] == [1, 1, 0]
    own = next([c.value for c in cells] for row, cells in year.rows if row.own)
    assert own[:3] == [1, 0, 1]  # the province's own class: Trực thuộc trực tiếp
    whole = _table(tables, "dao-tao-lop-nhiem-ky")
    assert whole.title.startswith(f"Lớp đào tạo, bồi dưỡng nhiệm kỳ {term.name} (từ ")
    assert _total(whole, "Tổng số lớp") == 2 + earlier
    assert _total(whole, MIDDLE) == int(earlier)


def test_the_trainees_by_level_and_gender_where_the_people_are(classes):
    a, _, _, earlier = classes
    tables = assert_tables_add_up(report_figures(actor=a.staff, organization=a.province))
    year = _table(tables, "dao-tao-hoc-vien-nam")
    assert year.headers == [
        "Học viên hoàn thành",
        "Nữ",
        "Cử nhân",
        "Cao cấp",
        "Trung cấp",
        "Sơ cấp",
        "Bồi dưỡng",
        f"Đang học ngày {today():%d/%m/%Y}",
    ]
    assert [c.value for c in year.total[1]] == [2, 1, 0, 0, 0, 2, 0, 1]
    assert _row(year, a.commune) == [2, 1, 0, 0, 0, 2, 0, 1]  # Dũng is of the commune's village
    term = _table(tables, "dao-tao-hoc-vien-nhiem-ky")
    assert [c.value for c in term.total[1]][:6] == [2 + earlier, 1, 0, 0, int(earlier), 2]


def test_each_figure_opens_its_list_and_the_list_holds_what_it_counts(classes, client):
    a, _, _, _ = classes
    tables = report_tables(report_figures(actor=a.staff, organization=a.province))
    period = {"from": f"01/01/{today().year}", "to": f"{today():%d/%m/%Y}"}
    year = _table(tables, "dao-tao-lop-nam")
    cells = next(cells for row, cells in year.rows if row.org_id == a.commune.pk)
    assert cells[0].drill == {"organization": a.commune.pk, "held": 1, "organized": 1} | period
    client.force_login(a.staff)
    listed = client.get("/training/", cells[0].drill).content.decode()
    assert "Sơ cấp xã" in listed and "Lớp hủy" not in listed and "Đảng viên mới" not in listed
    people = _table(tables, "dao-tao-hoc-vien-nam")
    cells = next(cells for row, cells in people.rows if row.org_id == a.commune.pk)
    assert (
        cells[1].drill
        == {"organization": a.commune.pk, "gender": "female", "status": "completed"} | period
    )
    page = client.get("/training/people/", cells[1].drill)
    assert page.status_code == 200
    shown = page.content.decode()
    assert "Trần Thị Ánh" in shown and "Nguyễn Văn An" not in shown
    studying = client.get("/training/people/", cells[-1].drill).content.decode()
    assert "Hoàng Văn Dũng" in studying and "Trần Thị Ánh" not in studying


def test_another_province_counts_its_own_only(classes):
    a, b, _, _ = classes
    theirs = assert_tables_add_up(report_figures(actor=b.staff, organization=b.province))
    assert _total(_table(theirs, "dao-tao-lop-nam"), "Tổng số lớp") == 1
    assert _total(_table(theirs, "dao-tao-hoc-vien-nam"), "Học viên hoàn thành") == 1


def test_the_workbook_and_the_word_report_carry_the_training_tables(classes, client):
    from io import BytesIO

    import docx
    from openpyxl import load_workbook

    a, _, _, _ = classes
    client.force_login(a.staff)
    tables = report_tables(report_figures(actor=a.staff, organization=a.province))
    number = [t.key for t in tables].index("dao-tao-lop-nam") + 1
    title = f"Biểu {number}. Lớp đào tạo, bồi dưỡng từ 01/01/{today().year}"
    assert title in client.get("/reports/", {"organization": a.province.pk}).content.decode()
    book = load_workbook(BytesIO(client.get("/reports/download.xlsx").content))
    assert any(str(s["A1"].value).startswith(title.upper()) for s in book.worksheets)
    document = docx.Document(BytesIO(client.get("/reports/download.docx").content))
    assert any(p.text.startswith(title) for p in document.paragraphs)
