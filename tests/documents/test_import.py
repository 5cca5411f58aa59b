"""The import of an office's registry from Excel: columns found, rows registered all or
nothing, every refusal naming row and column, the dry run, the page and the template."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.factories import make_document, make_sheet
from tochuc.core.cells import CellError
from tochuc.core.errors import Forbidden, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.documents.imports import (
    match_headers,
    parse_issued_on,
    parse_period,
    registry_import,
)
from tochuc.documents.models import Document


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the page keeps the checked file until it is confirmed


HEADERS = [
    "STT",
    "Số, ký hiệu",
    "Ngày ban hành",
    "Loại văn bản",
    "Cơ quan ban hành",
    "Trích yếu",
    "Người ký",
    "Giai đoạn",
    "Trạng thái",
    "Ghi chú",
]


def xlsx(rows, headers=HEADERS, title="SỔ ĐĂNG KÝ VĂN BẢN ĐI") -> bytes:
    return make_sheet(title, headers, rows)


def line(n, symbol, title, *, on="10/05/2016", kind="Nghị quyết", issuer="", period="", status=""):
    return [n, symbol, on, kind, issuer, title, "Nguyễn Văn Ba", period, status, ""]


GOOD = [
    line(1, "74-NQ/TU", "Về nâng cao chất lượng TCCSĐ và đảng viên", period="2016-2020"),
    line(2, "48-KH/TU", "Thực hiện Nghị quyết 22-NQ/TW", on="28-4-2008", kind="KH"),
    line(3, "22-NQ/TW", "Về nâng cao năng lực lãnh đạo", on="ngày 2 tháng 2 năm 2008"),
    line(4, "", "Dự thảo đề án sắp xếp", kind="Đề án", issuer="TU", status="Dự thảo"),
    line(5, "08-HD/BTCTU", "Hướng dẫn", kind="", period="2021–2025", status="Hết hiệu lực"),
]


# --- the row parser (hypothesis) -------------------------------------------------------------

years = st.integers(min_value=1930, max_value=2100)


@given(years, years, st.sampled_from(["-", "–", "—", " - ", " – ", " đến "]), st.booleans())
def test_a_period_reads_in_every_spelling(a, b, dash, prefix):
    start, end = min(a, b), max(a, b)
    text = ("giai đoạn " if prefix else "") + f"{start}{dash}{end}"
    assert parse_period(text) == (start, end)


@given(years, years)
def test_a_period_backwards_is_refused_saying_so(a, b):
    if a <= b:
        return
    with pytest.raises(CellError, match="trước năm đầu"):
        parse_period(f"{a}-{b}")


@given(st.integers(min_value=1930, max_value=2100))
def test_one_year_is_a_period_of_that_year(year):
    assert parse_period(year) == (year, year)
    assert parse_period(float(year)) == (year, year)


@given(st.text(max_size=20))
def test_any_text_is_a_period_or_a_message(text):
    try:
        start, end = parse_period(text)
    except CellError as exc:
        assert "giai đoạn" in str(exc).lower()
    else:
        assert (start is None) == (end is None)
        assert start is None or 1930 <= start <= end <= 2100


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 3))
def test_a_date_reads_in_the_office_styles(day, style):
    text = [
        f"{day.day}-{day.month}-{day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"ngày {day.day} tháng {day.month} năm {day.year}",
        f"{day.day}.{day.month}.{day.year}",
    ][style]
    assert parse_issued_on(text) == day
    assert parse_issued_on(day) == day


@given(st.integers(1, 31), st.integers(1, 12), years, st.booleans())
def test_a_date_that_never_was_is_a_message(d, m, y, written):
    try:
        real = date(y, m, d)
    except ValueError:
        real = None
    text = f"ngày {d} tháng {m} năm {y}" if written else f"{d}/{m}/{y}"
    if real is None:
        with pytest.raises(CellError, match="không phải ngày có thật"):
            parse_issued_on(text)
    else:
        assert parse_issued_on(text) == real


def test_headers_are_forgiven():
    assert match_headers(["SỐ, KÝ HIỆU", "ngay ban hanh", "Trích yếu nội dung văn bản", "X"]) == {
        0: "symbol",
        1: "issued_on",
        2: "title",
    }
    assert match_headers(["Số hiệu", "Cơ quan", "Loại", "Tình trạng"]) == {
        0: "symbol",
        1: "issuer",
        2: "doc_type",
        3: "status",
    }


# --- the import ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_registry_is_imported_and_lifts_the_counters(two_provinces):
    a, _ = two_provinces
    result = registry_import(
        actor=a.staff, organization=a.province, file_name="so.xlsx", data=xlsx(GOOD), dry_run=False
    )
    assert result.problems == [] and result.written == 5, result.problems
    assert result.ignored == ["STT"]
    saved = {d.symbol: d for d in Document.objects.select_related("issuer", "doc_type")}
    assert set(saved) == {"74-NQ/TU", "48-KH/TU", "22-NQ/TW", "", "08-HD/BTCTU"}
    assert saved["74-NQ/TU"].period == "2016–2020" and saved["74-NQ/TU"].signer == "Nguyễn Văn Ba"
    assert saved["48-KH/TU"].issued_on == date(2008, 4, 28)
    assert saved["48-KH/TU"].doc_type.name == "Kế hoạch"
    assert saved["22-NQ/TW"].issuer.organization is None  # the central committee, outside
    assert saved["22-NQ/TW"].organization == a.province  # kept in the province's registry
    assert saved[""].status == "draft" and saved[""].doc_type.name == "Đề án"
    assert saved["08-HD/BTCTU"].doc_type.name == "Hướng dẫn"  # from the symbol
    assert saved["08-HD/BTCTU"].status == "expired"
    # Typed numbers lift the counter: the next "Lấy số" of NQ/TU in that term follows 74.
    assert make_document(a.staff, a.province, issued_on=date(2016, 6, 1)).symbol == "75-NQ/TU"
    assert AuditEvent.objects.filter(action="document.create").count() == 6


@pytest.mark.django_db
def test_the_dry_run_shows_what_would_be_written_and_writes_nothing(two_provinces):
    a, _ = two_provinces
    before = AuditEvent.objects.count()
    result = registry_import(
        actor=a.staff, organization=a.province, file_name="so.xlsx", data=xlsx(GOOD), dry_run=True
    )
    assert result.problems == [] and result.written == 0
    assert [r.label for r in result.rows][:2] == [
        "Nghị quyết số 74-NQ/TU ngày 10/05/2016",
        "Kế hoạch số 48-KH/TU ngày 28/04/2008",
    ]
    assert result.rows[0].number == 3  # the sheet's row: a title line, the headers, then it
    assert "5 văn bản sẽ được vào sổ" in result.summary
    assert not Document.objects.exists() and AuditEvent.objects.count() == before
    assert make_document(a.staff, a.province, issued_on=date(2016, 6, 1)).symbol == "01-NQ/TU"


@pytest.mark.django_db
def test_every_bad_row_is_named_and_nothing_is_written(two_provinces):
    a, _ = two_provinces
    existing = make_document(
        a.staff, a.province, symbol="15-NQ/TU", issued_on=date(2016, 3, 1), title="Đã có"
    )
    rows = [
        *GOOD[:2],
        line(6, "74-NQ/TU", "Lặp lại số của dòng 3"),
        line(7, "15-nq/tu", "Trùng với sổ"),
        line(8, "9-NQ/TU", "Ngày sai", on="31/02/2016"),
        line(9, "10-NQ/TU", "Giai đoạn ngược", period="2025-2020"),
        line(10, "11-NQ/TU", "Loại lạ", kind="Thư mời"),
        line(11, "12-XY/ZZ", "Cơ quan lạ", kind="", issuer=""),
        line(12, "13-NQ/TU", "", status="Còn hiệu lực"),
        line(13, "14-NQ/TU", "Trạng thái lạ", status="Tạm dừng"),
    ]
    result = registry_import(
        actor=a.staff, organization=a.province, file_name="so.xlsx", data=xlsx(rows), dry_run=False
    )
    found = {(p.row, p.column): p.message for p in result.problems}
    assert found[(5, "Số, ký hiệu")] == "Số 74-NQ/TU đã có ở dòng 3 của tệp."
    assert "15-NQ/TU đã dùng" in found[(6, "Số, ký hiệu")]
    assert "Đã có" in found[(6, "Số, ký hiệu")] and existing.label in found[(6, "Số, ký hiệu")]
    assert "không phải ngày có thật" in found[(7, "Ngày ban hành")]
    assert "trước năm đầu" in found[(8, "Giai đoạn")]
    assert "Thư mời" in found[(9, "Loại văn bản")]
    assert "XY" in found[(10, "Loại văn bản")] and "ZZ" in found[(10, "Cơ quan ban hành")]
    assert "Nhập trích yếu" in found[(11, "Trích yếu")]
    assert "Tạm dừng" in found[(12, "Trạng thái")]
    assert result.written == 0 and "chưa ghi gì" in result.summary
    assert list(Document.objects.all()) == [existing]


@pytest.mark.django_db
def test_a_file_without_the_title_column_or_rows_is_refused_whole(two_provinces):
    a, _ = two_provinces
    with pytest.raises(ServiceError, match="Trích yếu"):
        registry_import(
            actor=a.staff,
            organization=a.province,
            file_name="so.xlsx",
            data=xlsx([["1", "2"]], headers=["Số, ký hiệu", "Ngày ban hành"]),
            dry_run=True,
        )
    with pytest.raises(ServiceError, match="không có dòng văn bản"):
        registry_import(
            actor=a.staff, organization=a.province, file_name="so.xlsx", data=xlsx([]), dry_run=True
        )
    with pytest.raises(ServiceError, match="không phải tệp Excel"):
        registry_import(
            actor=a.staff, organization=a.province, file_name="so.pdf", data=b"%PDF", dry_run=True
        )


@pytest.mark.django_db
def test_a_commune_imports_its_own_and_a_viewer_nothing(two_provinces):
    a, b = two_provinces
    rows = [line(1, "3-NQ/ĐU", "Nghị quyết của xã"), line(2, "5-NQ/TU", "Của tỉnh")]
    result = registry_import(
        actor=a.staff, organization=a.commune, file_name="xa.xlsx", data=xlsx(rows), dry_run=True
    )
    assert [r.organization for r in result.rows] == [a.commune.name]
    assert [(p.row, p.column) for p in result.problems] == [(4, "Cơ quan ban hành")]
    with pytest.raises(Forbidden):
        registry_import(
            actor=a.viewer,
            organization=a.province,
            file_name="so.xlsx",
            data=xlsx(GOOD),
            dry_run=True,
        )


# --- the page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_checks_then_imports_on_confirmation(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    page = client.get("/documents/import/")
    assert page.status_code == 200 and "Mẫu nhập sổ văn bản" in page.content.decode()
    checked = client.post(
        "/documents/import/",
        {"organization": "A", "file": SimpleUploadedFile("so.xlsx", xlsx(GOOD))},
    )
    text = checked.content.decode()
    assert checked.status_code == 200, text
    assert "5 văn bản sẽ được vào sổ" in text and "74-NQ/TU" in text
    assert not Document.objects.exists()
    token = checked.context["token"]
    done = client.post("/documents/import/", {"confirm": token})
    assert done.status_code == 200
    assert "Đã vào sổ 5 văn bản" in done.content.decode()
    assert Document.objects.count() == 5
    again = client.post("/documents/import/", {"confirm": token})  # used once
    assert Document.objects.count() == 5 and "tải tệp lên lại" in again.content.decode()


@pytest.mark.django_db
def test_the_page_shows_the_problems_and_offers_no_confirmation(client, two_provinces):
    a, b = two_provinces
    client.force_login(a.staff)
    rows = [*GOOD[:1], line(2, "74-NQ/TU", "Lặp lại")]
    checked = client.post(
        "/documents/import/",
        {"organization": "A", "file": SimpleUploadedFile("so.xlsx", xlsx(rows))},
    )
    text = checked.content.decode()
    assert "Dòng 4" in text and "đã có ở dòng 3" in text
    assert 'name="confirm"' not in text
    outside = client.post(
        "/documents/import/",
        {"organization": "B", "file": SimpleUploadedFile("so.xlsx", xlsx(GOOD))},
    )
    assert "Không tìm thấy tổ chức" in outside.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_another_user_cannot_confirm_someone_s_upload(client, two_provinces):
    a, b = two_provinces
    client.force_login(a.staff)
    checked = client.post(
        "/documents/import/",
        {"organization": "A", "file": SimpleUploadedFile("so.xlsx", xlsx(GOOD))},
    )
    token = checked.context["token"]
    client.force_login(b.staff)
    client.post("/documents/import/", {"confirm": token})
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_template_downloads_with_lists_and_a_guide(client, two_provinces):
    client.force_login(two_provinces[0].staff)
    response = client.get("/documents/import/mau-nhap-so-van-ban.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Sổ văn bản", "Danh mục", "Hướng dẫn"]
    headers = [c.value for c in book["Sổ văn bản"][1]]
    assert headers[:3] == ["Số, ký hiệu", "Ngày ban hành", "Loại văn bản"]
    assert len(book["Sổ văn bản"].data_validations.dataValidation) == 2
    # The template, filled in, imports.
    sheet = book["Sổ văn bản"]
    sheet.append(["74-NQ/TU", date(2016, 5, 10), "Nghị quyết", "TU", "Về công tác cán bộ"])
    out = BytesIO()
    book.save(out)
    a = two_provinces[0]
    result = registry_import(
        actor=a.staff,
        organization=a.province,
        file_name="mau.xlsx",
        data=out.getvalue(),
        dry_run=True,
    )
    assert [r.label for r in result.rows] == ["Nghị quyết số 74-NQ/TU ngày 10/05/2016"]
