"""Reading a user's file into rows of cells: Excel (.xlsx, .xls, .xlsm, .ods) through
python-calamine, CSV in the encodings Vietnamese offices save it in, within limits that keep a
hostile file from filling the worker's memory."""

from __future__ import annotations

import csv
import re
import zipfile
import zlib
from io import BytesIO, StringIO

from python_calamine import CalamineError, CalamineWorkbook

from tochuc.core.errors import ServiceError
from tochuc.core.formats import number

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt")
# Zip containers: what they unpack to is checked before calamine sees them.
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods")
MAX_BYTES = 50 * 1024 * 1024
# Unpacked size of a zip-based workbook. The bench's 100.000 members unpack to 78 MB (its
# sheet, inline strings), so 200.000 rows fit twice over; a file that claims more is not a
# list of members (bench/README.md, "Imports").
MAX_UNPACKED = 300 * 1024 * 1024
MAX_ROWS = 200_000
# Rows x columns of a sheet's used area: calamine allocates every cell of it at once (32 bytes
# each), so two cells far apart would ask for hundreds of GB and abort the process.
MAX_CELLS = 6_000_000  # 200.000 rows of 30 columns (the template has 20)
MAX_CELL = 2000  # characters of a cell: more is not a value of any field, only a mistake
# UTF-8 first (with or without BOM); then UTF-16 when a BOM says so; then Windows-1258, the
# Vietnamese code page of older Excel "CSV" files.
_ENCODINGS = ("utf-8-sig", "utf-16", "cp1258")
_CHUNK = 1 << 20
SPLIT = "chia thành nhiều tệp nhỏ hơn rồi tải lên từng tệp"


class Overlong(str):
    """A cell longer than MAX_CELL: its first MAX_CELL characters, and its real length, so
    the row that maps it is rejected rather than imported cut."""

    length: int

    def __new__(cls, text: str) -> Overlong:
        cell = super().__new__(cls, text[:MAX_CELL])
        cell.length = len(text)
        return cell


def check_size(size: int) -> None:
    """Refuse a file too large before reading it (pages and the API check the upload's size)."""
    if size > MAX_BYTES:
        raise ServiceError({"file": [f"Tệp lớn quá {MAX_BYTES // 1024 // 1024} MB: {SPLIT}."]})


def check_file(file_name: str, size: int) -> None:
    """What an upload checks in the request: the size and the kind of file; the reading (and
    its limits) is the worker's."""
    check_size(size)
    name = file_name.lower()
    if name.endswith(".xlsb"):
        raise ServiceError(
            {
                "file": [
                    f"«{file_name}» là tệp Excel nhị phân (.xlsb), không nhận: mở bằng Excel, "
                    "lưu lại dạng .xlsx rồi tải lên lại."
                ]
            }
        )
    if not name.endswith(EXCEL_SUFFIXES + TEXT_SUFFIXES):
        raise ServiceError(
            {
                "file": [
                    f"«{file_name}» không phải tệp Excel (.xlsx, .xls, .ods) hay CSV: lưu tệp "
                    "dưới một trong các dạng đó rồi tải lên lại."
                ]
            }
        )


def read_rows(data: bytes, file_name: str, sheet: str = "") -> list[list[object]]:
    """The rows of the sheet (the first when none is named) or of the CSV file, each a list of
    cells: str, int, float, bool, date, datetime, or None for an empty cell; a text longer
    than MAX_CELL is an Overlong. Formulas come as the values Excel last computed; a merged
    area has its value in its first cell. The empty rows at the end are left out."""
    rows = list(iter_rows(data, file_name, sheet))
    while rows and all(c is None for c in rows[-1]):
        rows.pop()
    if not rows:
        raise ServiceError({"file": [f"«{file_name}» không có dòng dữ liệu nào."]})
    return rows


def iter_rows(data: bytes, file_name: str, sheet: str = ""):
    """The rows of read_rows one at a time (empty ones at the end included), for a reader
    that keeps only what it needs. A file over the limits is refused while it is read, before
    it takes the memory."""
    check_file(file_name, len(data))
    name = file_name.lower()
    if name.endswith(ZIP_SUFFIXES):
        _check_zip(data, file_name)
    if name.endswith(EXCEL_SUFFIXES):
        rows = _excel_rows(data, file_name, sheet)
    else:
        rows = _csv_rows(data, file_name)
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            _too_many_rows(file_name)
        yield [_cell(c) for c in row]


def _too_many_rows(file_name: str) -> None:
    raise ServiceError({"file": [f"«{file_name}» có hơn {number(MAX_ROWS)} dòng: {SPLIT}."]})


def sheet_names(data: bytes, file_name: str) -> list[str]:
    if not file_name.lower().endswith(EXCEL_SUFFIXES):
        return []
    if file_name.lower().endswith(ZIP_SUFFIXES):
        _check_zip(data, file_name)
    return _workbook(data, file_name).sheet_names


# --- zip containers ------------------------------------------------------------------------


def _check_zip(data: bytes, file_name: str) -> None:
    """Unpack every member once, counting: the sizes the zip declares are only claims (a
    header may understate what its data unpacks to), so the bytes are counted as they come
    and the reading stops at the limit. The sheets' XML is scanned on the way for the size of
    their used area, which calamine would allocate whole."""
    broken = ServiceError(
        {
            "file": [
                f"Không đọc được «{file_name}»: tệp hỏng, có mật khẩu, hoặc không đúng dạng "
                "Excel. Mở tệp bằng Excel, lưu lại dạng .xlsx rồi tải lên lại."
            ]
        }
    )
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise broken from None
    too_big = ServiceError(
        {
            "file": [
                f"«{file_name}» khi giải nén lớn hơn {MAX_UNPACKED // 1024 // 1024} MB (tệp "
                f"nén rất chặt, hoặc quá nhiều dữ liệu): {SPLIT}."
            ]
        }
    )
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise too_big
    ods = file_name.lower().endswith(".ods")
    total = 0
    for member in members:
        scan = _sheet_scanner(member.filename, ods)
        size = 0
        crc = 0
        for chunk in _unpacked(data, member, broken):
            size += len(chunk)
            total += len(chunk)
            if size > member.file_size:
                raise broken  # more than its header says: a lie, however small
            if total > MAX_UNPACKED:
                raise too_big
            crc = zlib.crc32(chunk, crc)
            if scan:
                scan.feed(chunk)
        if size != member.file_size or crc != member.CRC:
            raise broken
        if scan:
            scan.close()
            scan.check(file_name)


def _unpacked(data: bytes, member: zipfile.ZipInfo, broken: ServiceError):
    """A member's bytes, unpacked a chunk at a time from exactly the compressed bytes its
    directory entry names (as the zip reader of calamine takes them)."""
    start = member.header_offset
    if data[start : start + 4] != b"PK\x03\x04":
        raise broken
    name_len = int.from_bytes(data[start + 26 : start + 28], "little")
    extra_len = int.from_bytes(data[start + 28 : start + 30], "little")
    begin = start + 30 + name_len + extra_len
    raw = data[begin : begin + member.compress_size]
    if len(raw) != member.compress_size or member.flag_bits & 0x1:
        raise broken  # cut short, or encrypted
    if member.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(raw), _CHUNK):
            yield raw[i : i + _CHUNK]
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise broken
    inflate = zlib.decompressobj(-15)
    try:
        for i in range(0, len(raw), _CHUNK):
            pending = raw[i : i + _CHUNK]
            while pending:
                # At most a chunk out for each step, however much the input expands to.
                out = inflate.decompress(pending, _CHUNK)
                pending = inflate.unconsumed_tail
                if out:
                    yield out
        while not inflate.eof:
            out = inflate.decompress(b"", _CHUNK)
            if not out:
                break
            yield out
    except zlib.error:
        raise broken from None
    if not inflate.eof:
        raise broken


# The opening tags of rows and cells in a sheet's XML (SpreadsheetML, OpenDocument), with
# the reference or repeat that places them and whether they are empty (`/>`, or closed at once).
_XLSX_TAG = re.compile(
    rb'<(?:\w+:)?(row|c)(?=[\s/>])(?:[^>]*?\sr="([A-Z]{0,3})([0-9]{1,9})")?[^>]*?'
    rb"(?:(/)>|>(</)?)"
)
_ODS_TAG = re.compile(
    rb"<(table:table|table:table-row|table:table-cell|table:covered-table-cell)(?=[\s/>])"
    rb"([^>]*?)(?:(/)>|>(</)?)"
)
_ODS_REPEATED = re.compile(rb'\stable:number-(?:rows|columns)-repeated="([0-9]{1,9})"')


def _sheet_scanner(name: str, ods: bool) -> _Scanner | None:
    if ods:  # an OpenDocument's sheets are all in content.xml
        return _OdsScanner() if name == "content.xml" else None
    # Any member may be a sheet: the workbook's relationships name them, not their folder.
    return _XlsxScanner()


class _Scanner:
    """The used area (rows and columns holding a value) of the sheets in an XML stream, fed a
    chunk at a time."""

    def __init__(self) -> None:
        self.tail = b""
        self.rows = 0  # of the largest sheet
        self.columns = 0
        self.cells = 0

    def feed(self, chunk: bytes) -> None:
        buf = self.tail + chunk
        cut = buf.rfind(b"<")
        if cut == -1:
            self.tail = b""
        else:
            buf, self.tail = buf[:cut], buf[cut:]
            if len(self.tail) > _CHUNK:  # a tag this long is no spreadsheet's
                self.tail = b""
        self.scan(buf)

    def close(self) -> None:
        self.feed(b"<")

    def check(self, file_name: str) -> None:
        _check_area(file_name, self.rows, self.columns, self.cells)

    def scan(self, buf: bytes) -> None:
        raise NotImplementedError


def _check_area(file_name: str, rows: int, columns: int, cells: int) -> None:
    where = (
        f"Trang tính của «{file_name}» có dữ liệu đến dòng {number(rows)}, cột {number(columns)}"
    )
    fix = f"Xóa các ô thừa ở xa bảng (Ctrl+End chỉ ô cuối), hoặc {SPLIT}."
    if rows > MAX_ROWS:
        raise ServiceError({"file": [f"{where}: quá {number(MAX_ROWS)} dòng. {fix}"]})
    if rows * columns > MAX_CELLS or cells > MAX_CELLS:
        raise ServiceError({"file": [f"{where}: quá {number(MAX_CELLS)} ô. {fix}"]})


_COLUMNS: dict[bytes, int] = {}


def _column(letters: bytes) -> int:
    found = _COLUMNS.get(letters)
    if found is None:
        found = 0
        for letter in letters:
            found = found * 26 + letter - 64
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = found
    return found


class _XlsxScanner(_Scanner):
    def __init__(self) -> None:
        super().__init__()
        self.row = 0  # 1-based, of the current row; a cell's own reference wins
        self.column = 0

    def scan(self, buf: bytes) -> None:
        # One loop over tuples, no call per cell: a sheet of 100.000 rows has over a million.
        row, column, rows, columns, cells = self.row, self.column, self.rows, self.columns, 0
        for name, letters, digits, slash, closed in _XLSX_TAG.findall(buf):
            if name == b"row":
                row = int(digits) if digits else row + 1
                column = 0
                continue
            if letters:
                column, at = _column(letters), int(digits)
            else:
                column, at = column + 1, row
            if slash or closed:  # a formatted cell without a value: calamine leaves it out
                continue
            cells += 1
            if at > rows:
                rows = at
            if column > columns:
                columns = column
        self.row, self.column, self.rows, self.columns = row, column, rows, columns
        self.cells += cells


class _OdsScanner(_Scanner):
    def __init__(self) -> None:
        super().__init__()
        self.next_row = 0  # rows of the current table so far
        self.repeat = 1  # how many times the current row is repeated
        self.column = 0

    def scan(self, buf: bytes) -> None:
        for name, attributes, slash, closed in _ODS_TAG.findall(buf):
            repeated = _ODS_REPEATED.search(attributes)
            times = int(repeated[1]) if repeated else 1
            if name == b"table:table":
                self.next_row, self.column = 0, 0
            elif name == b"table:table-row":
                self.repeat = times
                self.next_row += times
                self.column = 0
            else:
                self.column += times
                if (slash or closed) and b"office:value-type" not in attributes:
                    continue
                # A repeated row or cell with a value has it in every place it repeats to.
                self.cells += self.repeat * times
                self.rows = max(self.rows, self.next_row)
                self.columns = max(self.columns, self.column)


# --- Excel and CSV -------------------------------------------------------------------------


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


def _excel_rows(data: bytes, file_name: str, sheet: str):
    book = _workbook(data, file_name)
    names = book.sheet_names
    if not names:
        raise ServiceError({"file": [f"«{file_name}» không có trang tính nào."]})
    if sheet and sheet not in names:
        raise ServiceError({"sheet": [f"Tệp không có trang tính «{sheet}»."]})
    try:
        found = book.get_sheet_by_name(sheet or names[0])
        # An .xls is not scanned beforehand: its area (65.536 x 256 cells at most) is allocated
        # now, but not turned into Python rows.
        end = found.end or (-1, -1)
        _check_area(file_name, end[0] + 1, end[1] + 1, 0)
        # iter_rows starts at the first column holding a value: the columns before it are
        # put back, so that a cell's index is its column in the file.
        pad = [None] * (found.start[1] if found.start else 0)
        for row in found.iter_rows():
            yield pad + row if pad else row
    except (CalamineError, ValueError, OSError) as exc:
        raise ServiceError(
            {"file": [f"Không đọc được trang tính «{sheet or names[0]}» của «{file_name}»."]}
        ) from exc


def _csv_rows(data: bytes, file_name: str):
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
        yield from csv.reader(StringIO(text), dialect)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # 128 KB: the csv module's own bound
            raise ServiceError(
                {
                    "file": [
                        f"Tệp CSV «{file_name}» có một ô dài hơn {number(csv.field_size_limit())} "
                        "ký tự (có thể thiếu một dấu ngoặc kép đóng): sửa ô đó rồi tải lên lại."
                    ]
                }
            ) from exc
        raise ServiceError({"file": [f"Tệp CSV «{file_name}» sai định dạng: {exc}."]}) from exc


def _cell(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        if len(value) > MAX_CELL:
            return Overlong(value)
        return value or None
    return value
