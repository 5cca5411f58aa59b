"""The reader's limits: a file that unpacks or spreads too far is refused while it is read,
with a message naming the limit; every ordinary file reads back whole."""

from __future__ import annotations

import csv
import zipfile
from io import BytesIO, StringIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES

from tochuc.core.errors import ServiceError
from tochuc.imports import reading
from tochuc.imports.reading import MAX_CELL, Overlong, check_file, read_rows


def _book(rows, *, far: tuple[int, int] | None = None, styled_far: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if far:
        sheet.cell(row=far[0], column=far[1], value="x")
    if styled_far:  # formatted, no value: openpyxl writes it as <c ... s="1"></c>
        sheet.cell(row=1_048_576, column=16_384).number_format = "@"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _lie(data: bytes, name: str, size: int) -> bytes:
    """The workbook with `name` declaring `size` unpacked bytes, in its local header and in
    the central directory, its data unchanged."""
    out = bytearray(data)
    info = zipfile.ZipFile(BytesIO(data)).getinfo(name)
    out[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    at = out.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(out[at + 28 : at + 30], "little")
        if out[at + 46 : at + 46 + length] == name.encode():
            out[at + 24 : at + 28] = size.to_bytes(4, "little")
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def _refused(data: bytes, name: str = "ds.xlsx") -> str:
    with pytest.raises(ServiceError) as error:
        read_rows(data, name)
    return error.value.text()


SHEET = "xl/worksheets/sheet1.xml"
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=50)  # Excel's rule


def test_a_bomb_is_refused_at_the_unpacked_limit_with_what_to_do(monkeypatch):
    # 2.000 rows of 1.000 characters: 2 MB of sheet in a few KB of zip.
    data = _book([["A" * 1000] for _ in range(2000)])
    assert len(data) < 50_000
    monkeypatch.setattr(reading, "MAX_UNPACKED", 1024 * 1024)
    message = _refused(data)
    assert "khi giải nén lớn hơn 1 MB" in message and "chia thành nhiều tệp nhỏ hơn" in message


def test_a_header_understating_its_size_is_refused():
    data = _book([["Họ và tên"], *[["Lò Văn Sáu"]] * 500])
    real = zipfile.ZipFile(BytesIO(data)).getinfo(SHEET).file_size
    # Declared small enough to pass any sum of sizes, the bytes unpack to more.
    message = _refused(_lie(data, SHEET, real // 10))
    assert "Không đọc được «ds.xlsx»" in message


@given(st.data())
@settings(max_examples=30, deadline=None)
def test_any_declared_size_that_is_not_the_real_one_is_refused(draw):
    rows = draw.draw(st.lists(st.lists(TEXT, min_size=1, max_size=4), min_size=1, max_size=30))
    data = _book(rows)
    real = zipfile.ZipFile(BytesIO(data)).getinfo(SHEET).file_size
    size = draw.draw(st.integers(min_value=0, max_value=2 * real).filter(lambda n: n != real))
    with pytest.raises(ServiceError, match="Không đọc được"):
        read_rows(_lie(data, SHEET, size), "ds.xlsx")


def test_two_cells_far_apart_are_refused_before_the_sheet_is_allocated():
    # 5 KB; calamine would allocate 1.048.576 x 16.384 cells (512 GB) and abort the process.
    data = _book([["Họ và tên"]], far=(1_048_576, 16_384))
    assert len(data) < 10_000
    message = _refused(data)
    assert "có dữ liệu đến dòng 1.048.576, cột 16.384: quá 200.000 dòng" in message
    assert "Xóa các ô thừa ở xa bảng" in message


def test_a_wide_used_area_is_refused_by_its_cells(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELLS", 1000)
    message = _refused(_book([["Họ và tên"]], far=(100, 100)))
    assert "có dữ liệu đến dòng 100, cột 100: quá 1.000 ô" in message


def test_formatted_empty_cells_far_away_are_not_data():
    assert read_rows(_book([["Họ và tên"], ["Lò Văn Sáu"]], styled_far=True), "ds.xlsx") == [
        ["Họ và tên"],
        ["Lò Văn Sáu"],
    ]


def _ods(rows_xml: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="S">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


CELL = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'


def test_an_ods_repeating_a_value_a_million_times_is_refused():
    rows = (
        f"<table:table-row>{CELL.format('Họ và tên')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575">'
        f'<table:table-cell table:number-columns-repeated="50"/>{CELL.format("x")}'
        "</table:table-row>"
    )
    assert "có dữ liệu đến dòng 1.048.576, cột 51: quá 200.000 dòng" in _refused(
        _ods(rows), "ds.ods"
    )


def test_an_ods_with_empty_rows_repeated_to_the_end_reads():
    rows = (
        f"<table:table-row>{CELL.format('Họ và tên')}</table:table-row>"
        f"<table:table-row>{CELL.format('Lò Văn Sáu')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    assert read_rows(_ods(rows), "ds.ods") == [["Họ và tên"], ["Lò Văn Sáu"]]


def _csv(rows) -> bytes:
    out = StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_rows_over_the_limit_are_refused_naming_it(monkeypatch, kind):
    monkeypatch.setattr(reading, "MAX_ROWS", 5)
    rows = [["Họ và tên"], *[[f"Người {i}"] for i in range(4)]]
    data = _book(rows) if kind == "xlsx" else _csv(rows)
    assert len(read_rows(data, f"ds.{kind}")) == 5
    data = _book([*rows, ["Thêm"]]) if kind == "xlsx" else _csv([*rows, ["Thêm"]])
    message = _refused(data, f"ds.{kind}")
    assert "5 dòng" in message and "chia thành nhiều tệp nhỏ hơn" in message


def test_a_cell_too_long_is_kept_marked_not_cut_silently():
    rows = read_rows(_book([["Họ và tên", "Ghi chú"], ["Lò Văn Sáu", "x" * 5000]]), "ds.xlsx")
    cell = rows[1][1]
    assert isinstance(cell, Overlong) and cell.length == 5000 and len(cell) == MAX_CELL


def test_an_xlsb_is_refused_at_the_upload_saying_how_to_save_it():
    with pytest.raises(ServiceError, match=r"\(\.xlsb\), không nhận: mở bằng Excel, lưu lại"):
        check_file("ds.xlsb", 1000)


def _trimmed(rows):
    """Without the empty cells at the end of each row (calamine pads the rows to the sheet's
    width) and the empty rows at the end (the reader drops them)."""
    out = [list(r) for r in rows]
    for row in out:
        while row and row[-1] is None:
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


@given(
    rows=st.lists(
        st.lists(
            # "=..." is a formula to openpyxl (saved without a value), "#N/A" an error
            st.one_of(
                TEXT.filter(lambda t: not t.startswith("=") and t not in ERROR_CODES),
                st.integers(-(10**9), 10**9),
            ),
            min_size=1,
            max_size=6,
        ),
        min_size=1,
        max_size=40,
    )
)
@settings(max_examples=40, deadline=None)
def test_an_ordinary_workbook_is_never_refused_and_reads_back_whole(rows):
    rows[0][0] = "Họ và tên"  # never an empty file
    expected = [[(c.strip() or None) if isinstance(c, str) else c for c in r] for r in rows]
    assert _trimmed(read_rows(_book(rows), "ds.xlsx")) == _trimmed(expected)


@given(
    rows=st.lists(
        st.lists(
            st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
            min_size=2,
            max_size=5,
        ),
        min_size=1,
        max_size=40,
    )
)
@settings(max_examples=40, deadline=None)
def test_an_ordinary_csv_is_never_refused_by_a_limit(rows):
    rows[0][0] = "Họ và tên"
    try:
        read_rows(_csv(rows), "ds.csv")
    except ServiceError as exc:  # a sniffed dialect may misread random text, never a limit
        assert "dòng:" not in exc.text() and "giải nén" not in exc.text()


def test_a_sheet_starting_further_in_keeps_its_columns_and_lines():
    book = Workbook()
    book.active["B3"] = "Họ và tên"
    book.active["C4"] = "Lò Văn Sáu"
    out = BytesIO()
    book.save(out)
    assert read_rows(out.getvalue(), "ds.xlsx") == [
        [None, None, None],
        [None, None, None],
        [None, "Họ và tên", None],
        [None, None, "Lò Văn Sáu"],
    ]


def test_a_sheet_stored_under_another_name_is_scanned_too():
    data = _book([["Họ và tên"]], far=(1_048_576, 16_384))
    moved = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as old, zipfile.ZipFile(moved, "w") as new:
        for info in old.infolist():
            content = old.read(info)
            name = info.filename
            if name == SHEET:
                name = "xl/elsewhere/data.xml"
            elif name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                content = content.replace(b"worksheets/sheet1.xml", b"elsewhere/data.xml")
            new.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    assert "có dữ liệu đến dòng 1.048.576" in _refused(moved.getvalue())


def test_a_csv_cell_past_the_csv_modules_bound_is_a_vietnamese_message():
    data = (
        b'H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan,Ghi ch\xc3\xba\nL\xc3\xb2,"' + b"x" * 200_000 + b'"\n'
    )
    assert _refused(data, "ds.csv") == (
        "Tệp CSV «ds.csv» có một ô dài hơn 131.072 ký tự (có thể thiếu một dấu ngoặc kép "
        "đóng): sửa ô đó rồi tải lên lại."
    )
