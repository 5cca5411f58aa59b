"""Excel (.xlsx) files we write: how a value becomes a cell, and the lists users print and file,
written row by row.

Every workbook the application writes puts its values through `cell()`, so a text is always a
text: a member whose occupation is `=HYPERLINK(...)` exports as those characters, never as a
live formula. Our own formulas are written with `Formula`.

A list is written as a stream (issue #16): the zip's bytes leave as the rows are read, the
sheet's texts inline (no table of shared strings to hold), so a list of a million members
takes the memory of a few hundred rows and the download starts at once. openpyxl still makes
the cells (`cells()`) and the styles part; only the sheet's XML is ours."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.xml.functions import tostring

from tochuc.core.audit import audit_read
from tochuc.core.leases import lease_drop, lease_renew, lease_take

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


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" Type="{_RELS}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_RELS}/styles" Target="styles.xml"/></Relationships>'
    ),
}
# The rows go to the zip in batches: fewer, larger writes; the bytes leave after each batch.
_BATCH = 500
# Above this many cells the sheet's XML may pass the 4 GB of a plain zip entry (~70 bytes a
# cell); only then is the entry written as ZIP64, which old readers open less surely.
_ZIP64_CELLS = 20_000_000


def _text(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:  # XML readers turn a bare CR into LF: keep the character itself
        value = value.replace("\r", "&#13;")
    if '"' in value:
        value = value.replace('"', "&quot;")
    return value


def _inline(ref: str, value: str, style: str = "") -> str:
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'


def _cell_xml(ref: str, value) -> str:
    """One cell of the sheet, `value` as `cells()` gave it (a plain value or a styled cell)."""
    kind = type(value)
    if kind is str:
        return _inline(ref, value)
    if kind is int or kind is float or kind is Decimal:
        return f'<c r="{ref}"><v>{value}</v></c>'
    if kind is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if kind is not Cell:  # a str subclass, a time ...: its text
        return _inline(ref, str(value))
    style = f' s="{value.style_id}"' if value.has_style else ""
    content, kind = value.value, value.data_type
    if content is None:
        return f'<c r="{ref}"{style}/>'
    if kind == "f":
        return f'<c r="{ref}"{style}><f>{_text(content[1:])}</f></c>'
    if kind == "b":
        return f'<c r="{ref}"{style} t="b"><v>{int(content)}</v></c>'
    if kind == "e":
        return f'<c r="{ref}"{style} t="e"><v>{_text(content)}</v></c>'
    if isinstance(content, date):
        return f'<c r="{ref}"{style}><v>{to_excel(content)}</v></c>'
    if kind == "n" and isinstance(content, int | float | Decimal):
        return f'<c r="{ref}"{style}><v>{content}</v></c>'
    return _inline(ref, str(content), style)


def xlsx_chunks(
    *,
    title: str,
    headers: list[str],
    rows: Iterable[list],
    widths: list[int] | None = None,
    expected: Callable[[], int] | None = None,
    progress: Callable[[int], None] | None = None,
    done: Callable[[int, bool], None] | None = None,
) -> Iterator[bytes]:
    """One sheet as the bytes of its .xlsx, given out as they are written: a title line, bold
    headers, the rows (dates stay real Excel dates shown dd/mm/yyyy). The first bytes come
    before the first row is read. `expected()` (a row count, asked once) says whether the sheet
    may need ZIP64; `progress(rows)` is called after every batch; `done(rows, finished)` once
    at the end, also when the reader stops early (`finished` False) or a row fails."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])  # holds the styles of the cells cells() makes
    out = _Chunks()
    archive = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED)
    name = _text(sheet.title)
    parts = _PARTS | {
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
            f'<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        )
    }
    for part, xml in parts.items():
        archive.writestr(part, _HEAD + xml)
    count, finished = 0, False
    try:
        yield out.take()
        letters = [get_column_letter(i) for i in range(1, max(len(headers), 1) + 1)]
        widths = widths or [min(max(len(h) + 2, 8), 40) for h in headers]
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(widths, start=1)
        )
        cols = f"<cols>{cols}</cols>" if cols else ""  # an empty <cols> is not valid
        heads = []
        for header in headers:
            head = cell(sheet, header, font=_BOLD)
            head.alignment = Alignment(wrap_text=True, vertical="center")
            heads.append(head)
        top = [
            f'<row r="1">{_cell_xml("A1", cell(sheet, title, font=_TITLE))}</row>',
            '<row r="3">',
            *(_cell_xml(f"{c}3", h) for c, h in zip(letters, heads, strict=False)),
            "</row>",
        ]
        zip64 = expected is not None and expected() * max(len(headers), 1) > _ZIP64_CELLS
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=zip64) as part:
            part.write(
                (
                    f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheetViews>'
                    '<sheetView workbookViewId="0"><pane ySplit="3" topLeftCell="A4" '
                    'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
                    f'activeCell="A4" sqref="A4"/></sheetView></sheetViews>{cols}'
                    f"<sheetData>{''.join(top)}"
                ).encode()
            )
            batch = []
            for values in rows:
                count += 1
                n = count + 3
                while len(letters) < len(values):
                    letters.append(get_column_letter(len(letters) + 1))
                batch.append(f'<row r="{n}">')
                batch.extend(
                    _cell_xml(f"{c}{n}", v)
                    for c, v in zip(letters, cells(sheet, values), strict=False)
                    if v is not None
                )
                batch.append("</row>")
                if count % _BATCH == 0:
                    part.write("".join(batch).encode())
                    batch.clear()
                    if progress:
                        progress(count)
                    if out.parts:
                        yield out.take()
            part.write(("".join(batch) + "</sheetData></worksheet>").encode())
        archive.writestr("xl/styles.xml", _HEAD + tostring(write_stylesheet(book)).decode())
        archive.close()
        finished = True
        yield out.take()
    finally:
        if done:
            done(count, finished)


class _Chunks:
    """Where the zip writes: the bytes wait here until the stream gives them out. It has no
    tell() nor seek(), so zipfile writes each entry's sizes after its data (streaming)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def xlsx_write(
    out, *, title: str, headers: list[str], rows: Iterable[list], widths: list[int] | None = None
) -> int:
    """One sheet into the file `out` (see `xlsx_chunks`). Returns the number of rows written."""
    written = []
    for chunk in xlsx_chunks(
        title=title, headers=headers, rows=rows, widths=widths, done=lambda n, _: written.append(n)
    ):
        out.write(chunk)
    return written[0]


def xlsx_response(
    *,
    actor,
    action: str,
    target=None,
    details: dict | None = None,
    filename: str,
    title: str,
    headers: list[str],
    rows: Iterable[list],
    widths: list[int] | None = None,
) -> FileResponse:
    """The sheet as a download, streamed from a temporary file that goes when it is sent, with
    the download's audit row (`audit_read`: who, `action`, `target`, `details`, the rows the
    file holds, known before anything is sent). A long list wants `xlsx_stream`."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    count = xlsx_write(out, title=title, headers=headers, rows=rows, widths=widths)
    out.seek(0)
    audit_read(actor=actor, action=action, target=target, count=count, details=details)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)


# A user's streamed download holds a claim (`core.leases`) while it streams, renewed as rows
# go: a second click (or a second tab) waits for the first, and a killed worker frees it soon.
STREAM_LEASE_SECONDS = 120
STREAM_RENEW_EVERY = 5000  # rows


def xlsx_stream(
    *, actor, action: str, target=None, details: dict | None = None, filename: str, **sheet
) -> StreamingHttpResponse | None:
    """The sheet as a download whose first bytes leave at once (`xlsx_chunks`'s arguments):
    no Content-Length, so the browser shows the bytes received as the rows are read. One such
    download at a time per user and action: None while another runs. The audit row is written
    when the stream ends, with the rows sent (and `stopped` when the browser left early)."""
    key = f"{action}:{actor.pk}"
    if not lease_take(key, seconds=STREAM_LEASE_SECONDS):
        return None

    def progress(rows):
        if rows % STREAM_RENEW_EVERY == 0:
            lease_renew(key, seconds=STREAM_LEASE_SECONDS)

    def done(rows, finished):
        said = dict(details or {}) | ({} if finished else {"stopped": True})
        try:
            audit_read(actor=actor, action=action, target=target, count=rows, details=said)
        finally:
            lease_drop(key)

    chunks = xlsx_chunks(**sheet, progress=progress, done=done)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # A proxy that buffers (nginx) would hold the stream until its end.
    response["X-Accel-Buffering"] = "no"
    return response
