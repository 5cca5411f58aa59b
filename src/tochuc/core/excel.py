"""Excel (.xlsx) downloads of the lists users print and file, written row by row.

openpyxl's write-only workbook streams each row to a temporary file, so a list of a million
members takes the memory of one row, and the response streams that file."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)


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
    heading = WriteOnlyCell(sheet, title)
    heading.font = _TITLE
    sheet.append([heading])
    sheet.append([])
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, header)
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cells.append(cell)
    sheet.append(cells)
    count = 0
    for row in rows:
        sheet.append([_dated(sheet, v) for v in row])
        count += 1
    book.save(out)
    return count


def _dated(sheet, value):
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return value


def xlsx_response(
    *,
    filename: str,
    title: str,
    headers: list[str],
    rows: Iterable[list],
    widths: list[int] | None = None,
) -> FileResponse:
    """The sheet as a download, streamed from a temporary file that goes when it is sent."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    xlsx_write(out, title=title, headers=headers, rows=rows, widths=widths)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
