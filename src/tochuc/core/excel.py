"""Excel (.xlsx) files we write: how a value becomes a cell, and the lists users print and file,
written row by row.

Every workbook the application writes puts its values through `cell()`, so a text is always a
text: a member whose occupation is `=HYPERLINK(...)` exports as those characters, never as a
live formula. Our own formulas are written with `Formula`.

openpyxl's write-only workbook streams each row to a temporary file, so a list of a million
members takes the memory of one row, and the response streams that file."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)

# OWASP's formula-injection characters (=, +, -, @, tab, carriage return) and the line feed:
# Excel and LibreOffice evaluate a text starting with one of them once the user edits the
# cell, and openpyxl itself makes a str starting with "=" a formula.
FORMULA_START = frozenset("=+-@\t\r\n")
# openpyxl writes these strings as error cells ("#N/A" would read back as an error).
_ERRORS = frozenset(ERROR_CODES)
_SPECIAL = FORMULA_START | {"#"}  # the first characters that need a look (error codes: "#")
_illegal = ILLEGAL_CHARACTERS_RE.search


class Formula(str):
    """A formula we write on purpose (`Formula("=SUM(C5:C9)")`): the only way a cell becomes
    one, so no text from the database ever does."""

    def __new__(cls, text: str):
        if not text.startswith("="):
            raise ValueError(f"A formula starts with '=': {text!r}")
        return super().__new__(cls, text)


def csv_text(value):
    """A CSV file has no text cells: a value Excel would evaluate gets OWASP's leading
    apostrophe, which Excel shows as nothing and keeps the rest as text."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def cell(sheet, value, *, font: Font | None = None, number_format: str | None = None):
    """The value as the sheet should hold it. Most values go as they are (openpyxl writes them
    fastest that way); a text that openpyxl or Excel would take for a formula or an error
    becomes a text cell marked with Excel's quote prefix, its characters unchanged, so the
    file reads back (and imports back) as the same text; a date is shown dd/mm/yyyy.
    A control character XML cannot hold (a stray byte of an old file) is dropped: openpyxl
    would refuse the whole file for it. Works for write-only and ordinary sheets."""
    plain = font is None and number_format is None
    if isinstance(value, str) and not isinstance(value, Formula):
        if _illegal(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if plain and value[:1] not in _SPECIAL:  # nearly every text of a list
            return value
    elif plain and not isinstance(value, date | Formula):
        return value
    out = WriteOnlyCell(sheet, str(value) if isinstance(value, Formula) else value)
    if isinstance(value, Formula):
        out.data_type = "f"
    elif isinstance(value, str):
        if value[:1] in FORMULA_START or value in _ERRORS:
            out.data_type = "s"
            out.quotePrefix = True
    elif isinstance(value, date):
        out.number_format = "DD/MM/YYYY"
    if font is not None:
        out.font = font
    if number_format is not None:
        out.number_format = number_format
    return out


def put(sheet, row: int, column: int, value):
    """`value` into the cell at (row, column) of an ordinary sheet, by the rule of `cell()`."""
    target = sheet.cell(row=row, column=column)
    made = cell(sheet, value)
    if made is value:
        target.value = value
    else:
        target.value = made.value
        target.data_type = made.data_type
        target.quotePrefix = made.quotePrefix
        target.number_format = made.number_format
    return target


def cells(sheet, values: Iterable) -> list:
    """A row for `sheet.append`, each value by the rule of `cell()`. A list of a million
    members passes twenty million values here: a plain text or number is looked at once
    (isprintable() is true for every text without a control character) and goes as it is."""
    row = []
    for value in values:
        kind = type(value)
        if kind is str:
            if value[:1] not in _SPECIAL and (value.isprintable() or not _illegal(value)):
                row.append(value)
                continue
        elif value is None or kind is int or kind is float:
            row.append(value)
            continue
        elif kind is date:
            day = WriteOnlyCell(sheet, value)
            day.number_format = "DD/MM/YYYY"
            row.append(day)
            continue
        row.append(cell(sheet, value))
    return row


def xlsx_write(
    out, *, title: str, headers: list[str], rows: Iterable[list], widths: list[int] | None = None
) -> int:
    """One sheet into the file `out`: a title line, bold headers, the rows (dates stay real
    Excel dates shown dd/mm/yyyy). Returns the number of rows written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    widths = widths or [min(max(len(h) + 2, 8), 40) for h in headers]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A4"
    sheet.append([cell(sheet, title, font=_TITLE)])
    sheet.append([])
    heads = []
    for header in headers:
        head = cell(sheet, header, font=_BOLD)
        head.alignment = Alignment(wrap_text=True, vertical="center")
        heads.append(head)
    sheet.append(heads)
    count = 0
    for row in rows:
        sheet.append(cells(sheet, row))
        count += 1
    book.save(out)
    return count


def xlsx_response(
    *,
    filename: str,
    title: str,
    headers: list[str],
    rows: Iterable[list],
    widths: list[int] | None = None,
) -> tuple[FileResponse, int]:
    """The sheet as a download, streamed from a temporary file that goes when it is sent, and
    the number of rows it holds (known before anything is sent: the file is written first),
    for the audit row of the download."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    count = xlsx_write(out, title=title, headers=headers, rows=rows, widths=widths)
    out.seek(0)
    response = FileResponse(out, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
    return response, count
