"""Reading a user's file into rows of cells: Excel (.xlsx, .xls, .xlsm, .ods) through
python-calamine, CSV in the encodings Vietnamese offices save it in."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO

from python_calamine import CalamineError, CalamineWorkbook

from tochuc.core.errors import ServiceError

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
MAX_BYTES = 50 * 1024 * 1024
MAX_CELL = 2000  # characters kept of a cell: more is not a value of any field, only a mistake
# UTF-8 first (with or without BOM); then UTF-16 when a BOM says so; then Windows-1258, the
# Vietnamese code page of older Excel "CSV" files.
_ENCODINGS = ("utf-8-sig", "utf-16", "cp1258")


def sheet_names(data: bytes, file_name: str) -> list[str]:
    if not file_name.lower().endswith(EXCEL_SUFFIXES):
        return []
    return _workbook(data, file_name).sheet_names


def check_size(size: int) -> None:
    """Refuse a file too large before reading it (pages and the API check the upload's size)."""
    if size > MAX_BYTES:
        raise ServiceError(
            {"file": [f"Tệp lớn quá {MAX_BYTES // 1024 // 1024} MB: chia thành nhiều tệp nhỏ hơn."]}
        )


def read_rows(data: bytes, file_name: str, sheet: str = "") -> list[list[object]]:
    """The rows of the sheet (the first when none is named) or of the CSV file, each a list of
    cells: str, int, float, bool, date, datetime, or None for an empty cell. Formulas come as
    the values Excel last computed; a merged area has its value in its first cell."""
    check_size(len(data))
    name = file_name.lower()
    if name.endswith(EXCEL_SUFFIXES):
        rows = _excel_rows(data, file_name, sheet)
    elif name.endswith((".csv", ".txt")):
        rows = _csv_rows(data, file_name)
    else:
        raise ServiceError(
            {
                "file": [
                    f"«{file_name}» không phải tệp Excel (.xlsx, .xls, .ods) hay CSV: lưu tệp "
                    "dưới một trong các dạng đó rồi tải lên lại."
                ]
            }
        )
    rows = [[_cell(c) for c in row] for row in rows]
    while rows and all(c is None for c in rows[-1]):
        rows.pop()
    if not rows:
        raise ServiceError({"file": [f"«{file_name}» không có dòng dữ liệu nào."]})
    return rows


def _workbook(data: bytes, file_name: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise ServiceError(
            {
                "file": [
                    f"Không đọc được «{file_name}»: tệp hỏng, có mật khẩu, hoặc không đúng "
                    "dạng Excel. Mở tệp bằng Excel, lưu lại dạng .xlsx rồi tải lên lại."
                ]
            }
        ) from exc


def _excel_rows(data: bytes, file_name: str, sheet: str) -> list[list[object]]:
    book = _workbook(data, file_name)
    names = book.sheet_names
    if not names:
        raise ServiceError({"file": [f"«{file_name}» không có trang tính nào."]})
    if sheet and sheet not in names:
        raise ServiceError({"sheet": [f"Tệp không có trang tính «{sheet}»."]})
    try:
        return book.get_sheet_by_name(sheet or names[0]).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise ServiceError(
            {"file": [f"Không đọc được trang tính «{sheet or names[0]}» của «{file_name}»."]}
        ) from exc


def _csv_rows(data: bytes, file_name: str) -> list[list[object]]:
    text = None
    for encoding in _ENCODINGS:
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise ServiceError(
            {
                "file": [
                    f"Không đọc được «{file_name}»: không phải tệp văn bản UTF-8. Trong Excel "
                    "chọn Lưu thành «CSV UTF-8», hoặc tải lên tệp .xlsx."
                ]
            }
        )
    try:
        dialect = csv.Sniffer().sniff(text[:10000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(StringIO(text), dialect)]
    except csv.Error as exc:
        raise ServiceError({"file": [f"Tệp CSV «{file_name}» sai định dạng: {exc}."]}) from exc


def _cell(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()[:MAX_CELL]
        return value or None
    return value
