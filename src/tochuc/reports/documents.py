"""Official report documents in the Party format (HD 36-HD/VPTW): Word (docxtpl) and PDF (WeasyPrint).

Templates, both overridable by an operator:
- Word: bao-cao.docx in settings.REPORT_TEMPLATES_DIR, else templates/reports/bao-cao.docx next
  to this module (rebuilt by `python -m tochuc.reports.build_docx_template`).
- PDF: the Django template reports/bao-cao.html (a template of the same name in a TEMPLATES
  DIRS folder wins over the one of this app).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from django.conf import settings
from django.template.loader import render_to_string
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docxtpl import DocxTemplate
from lxml import etree

from tochuc.reports.build_docx_template import set_run_font

__all__ = [
    "DOCX_TEMPLATE_NAME",
    "HTML_TEMPLATE_NAME",
    "ReportDocument",
    "Table",
    "docx_template_path",
    "render_docx",
    "render_pdf",
    "report_html",
]

DOCX_TEMPLATE_NAME = "bao-cao.docx"
HTML_TEMPLATE_NAME = "reports/bao-cao.html"
BUILTIN_DOCX = Path(__file__).parent / "templates" / "reports" / DOCX_TEMPLATE_NAME

# Tables with more columns than this are set in 11 pt instead of 12 pt to fit the page width.
WIDE_TABLE_COLUMNS = 6

# A cell that is a figure ("74.600", "26,81%", "-3", "—") is right-aligned; words are not.
_FIGURE = re.compile(r"[-+−]?\d[\d.,]*\s*%?|[-–—]")


@dataclass
class Table:
    title: str  # "Biểu 2. Đảng viên"
    headers: list[str]  # first header is the row label column, e.g. "Tổ chức đảng"
    rows: list[list[str]]  # cells already formatted as text; first cell is the row label
    total: list[str] | None = None  # the "Tổng cộng" row, printed last in bold


@dataclass
class ReportDocument:
    upper: str  # superior organization line, e.g. "ĐẢNG BỘ TỈNH CAO BẰNG" ("" when none)
    issuer: str  # issuing body, e.g. "ĐẢNG ỦY XÃ HÒA AN"
    symbol: str  # "Số 12-BC/ĐU"
    place_date: str  # "Cao Bằng, ngày 05 tháng 02 năm 2026"
    title: str  # "BÁO CÁO"
    subtitle: str  # "Tình hình tổ chức đảng và đảng viên đến ngày 31/12/2025"
    paragraphs: list[str]  # the body text, one paragraph each
    tables: list[Table] = field(default_factory=list)
    signer_for: str = ""  # "T/M BAN THƯỜNG VỤ"
    signer_title: str = ""  # "BÍ THƯ"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận" lines


def _is_figure(text: str) -> bool:
    return bool(_FIGURE.fullmatch(text.strip()))


def _context(doc: ReportDocument) -> dict[str, Any]:
    """Values shared by both templates. The format wants these lines in capitals whatever the
    caller typed; str.upper handles Vietnamese (đ -> Đ, ư -> Ư)."""
    return {
        "upper": doc.upper.strip().upper(),
        "issuer": doc.issuer.strip().upper(),
        "symbol": doc.symbol,
        "place_date": doc.place_date,
        "title": doc.title.strip().upper(),
        "subtitle": doc.subtitle,
        "paragraphs": [p for p in doc.paragraphs if p.strip()],
        "signer_for": doc.signer_for.strip().upper(),
        "signer_title": doc.signer_title.strip().upper(),
        "signer_name": doc.signer_name,
        "recipients": doc.recipients,
    }


# --- Word --------------------------------------------------------------------------------------


def docx_template_path() -> Path:
    """The operator's bao-cao.docx from REPORT_TEMPLATES_DIR if there is one, else the built-in."""
    folder = getattr(settings, "REPORT_TEMPLATES_DIR", None)
    if folder:
        candidate = Path(folder) / DOCX_TEMPLATE_NAME
        if candidate.is_file():
            return candidate
    return BUILTIN_DOCX


class _Subdoc:
    """A subdocument for `{{p tables }}`: python-docx content written against the template's
    styles, inserted as raw WordprocessingML. Same as docxtpl's own Subdoc without a source file,
    which needs docxcompose (docxtpl's optional `subdoc` extra) only to merge another file."""

    def __init__(self, template: DocxTemplate) -> None:
        self.document = docx.Document()
        # Style names ("Table Grid") resolve in the template, where the content will end up.
        self.document._part = template.get_docx().part

    def add_paragraph(self, *args: Any, **kwargs: Any):
        return self.document.add_paragraph(*args, **kwargs)

    def add_table(self, rows: int, cols: int):
        return self.document.add_table(rows=rows, cols=cols)

    def __html__(self) -> str:
        # Jinja inserts objects with __html__ unescaped, as XML; the template's root element
        # declares the w: namespace that the children use.
        body = self.document.element.body
        return "".join(
            etree.tostring(child, encoding="unicode")
            for child in body
            if child.tag != qn("w:sectPr")
        )

    __str__ = __html__


def render_docx(doc: ReportDocument) -> bytes:
    template = DocxTemplate(str(docx_template_path()))
    tables = _Subdoc(template)
    section = template.get_docx().sections[-1]
    width = Emu(section.page_width - section.left_margin - section.right_margin)
    for table in doc.tables:
        _add_table(tables, table, width)
    # autoescape: report text may hold "&" or "<", which would otherwise break the XML.
    template.render({**_context(doc), "tables": tables}, autoescape=True)
    out = BytesIO()
    template.save(out)
    return out.getvalue()


def _column_widths(count: int, width: Emu) -> list[Emu]:
    """Label column wide enough for names of organizations, the figures share the rest."""
    if count == 1:
        return [width]
    label = max(int(width * 0.28), min(int(width * 0.45), width - (count - 1) * Mm(20)))
    other = (width - label) // (count - 1)
    return [Emu(label)] + [Emu(other)] * (count - 1)


def _add_table(sub: _Subdoc, table: Table, width: Emu) -> None:
    size = 11 if len(table.headers) > WIDE_TABLE_COLUMNS else 12
    heading = sub.add_paragraph()
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True
    set_run_font(heading.add_run(table.title), 14)
    heading.runs[0].bold = True

    rows = [(table.headers, "header"), *((row, "body") for row in table.rows)]
    if table.total:
        rows.append((table.total, "total"))
    columns = len(table.headers)
    grid = sub.add_table(rows=len(rows), cols=columns)
    # A template saved by Word may lack this style: the explicit borders below suffice then.
    with contextlib.suppress(KeyError):
        grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _grid_borders(grid)
    widths = _column_widths(columns, width)
    for index, column_width in enumerate(widths):
        grid.columns[index].width = column_width

    for row_index, (values, kind) in enumerate(rows):
        row = grid.rows[row_index]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if kind == "header":
            # Repeat the header row on every page the table runs over.
            tr_pr.append(OxmlElement("w:tblHeader"))
        cells = list(values) + [""] * (columns - len(values))
        for col, text in enumerate(cells[:columns]):
            cell = row.cells[col]
            cell.width = widths[col]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_before = Pt(2)
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            if kind == "header":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif col > 0 and _is_figure(text):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            run = paragraph.add_run(text)
            set_run_font(run, size)
            run.bold = kind != "body" or None


def _grid_borders(grid) -> None:
    """Single borders set on the table itself, so they show whatever styles the template has."""
    tbl_pr = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    # The schema fixes the order of tblPr's children: tblBorders comes before these.
    after = {qn(f"w:{tag}") for tag in ("shd", "tblLayout", "tblCellMar", "tblLook")}
    position = next((i for i, child in enumerate(tbl_pr) if child.tag in after), len(tbl_pr))
    tbl_pr.insert(position, borders)


# --- HTML and PDF ------------------------------------------------------------------------------


def report_html(doc: ReportDocument) -> str:
    tables = []
    for table in doc.tables:
        columns = len(table.headers)

        def cells(values: list[str], columns: int = columns) -> list[dict[str, Any]]:
            padded = list(values[:columns]) + [""] * (columns - len(values))
            return [
                {"text": text, "figure": index > 0 and _is_figure(text)}
                for index, text in enumerate(padded)
            ]

        tables.append(
            {
                "title": table.title,
                "headers": table.headers,
                "rows": [cells(row) for row in table.rows],
                "total": cells(table.total) if table.total else None,
                "wide": columns > WIDE_TABLE_COLUMNS,
            }
        )
    return render_to_string(HTML_TEMPLATE_NAME, {**_context(doc), "tables": tables, "doc": doc})


def render_pdf(doc: ReportDocument) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which pages that never print do not need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Nothing from the network: an operator's template may only use data: and local file: URLs.
    fetcher = URLFetcher(allowed_protocols=("data", "file"))
    return HTML(string=report_html(doc), url_fetcher=fetcher).write_pdf()
