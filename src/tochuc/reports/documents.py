"""Official report documents in the Party format (HD 36-HD/VPTW): Word (docxtpl) and PDF (WeasyPrint).

Templates, both overridable by an operator:
- Word: bao-cao.docx in settings.REPORT_TEMPLATES_DIR, else templates/reports/bao-cao.docx next
  to this module (rebuilt by `python -m tochuc.reports.build_docx_template`).
- PDF: the Django template reports/bao-cao.html (a template of the same name in a TEMPLATES
  DIRS folder wins over the one of this app).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.loader import render_to_string
from docx.shared import Emu, Mm
from docxtpl import DocxTemplate

from tochuc.reports.build_docx_template import FONT

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
    note: str = ""  # under the table: why a total is not the sum of its rows


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


class _Tables:
    """The tables for `{{p tables }}`, as WordprocessingML written in one pass. Jinja inserts
    objects with __html__ unescaped; the template's root element declares the w: namespace."""

    def __init__(self, xml: str) -> None:
        self.xml = xml

    def __html__(self) -> str:
        return self.xml

    __str__ = __html__


def render_docx(doc: ReportDocument) -> bytes:
    template = DocxTemplate(str(docx_template_path()))
    section = template.get_docx().sections[-1]
    width = Emu(section.page_width - section.left_margin - section.right_margin)
    tables = _Tables("".join(_table_xml(table, width) for table in doc.tables))
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


def _run(text: str, half_points: int, bold: bool) -> str:
    """A run in Times New Roman for every script slot (see build_docx_template.set_run_font)."""
    fonts = " ".join(f'w:{slot}="{FONT}"' for slot in ("ascii", "hAnsi", "eastAsia", "cs"))
    return (
        f"<w:r><w:rPr><w:rFonts {fonts}/>{'<w:b/><w:bCs/>' if bold else ''}"
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    )


def _table_xml(table: Table, width: Emu) -> str:
    """The table's heading and grid: borders on the table itself (so they show whatever styles
    the template has), rows that do not split, the header row repeated on every page."""
    size = 22 if len(table.headers) > WIDE_TABLE_COLUMNS else 24  # half-points: 11 or 12 pt
    columns = len(table.headers)
    twips = [int(w.twips) for w in _column_widths(columns, width)]
    out = [
        '<w:p><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/>'
        '<w:ind w:firstLine="0"/></w:pPr>',
        _run(table.title, 28, bold=True),
        "</w:p><w:tbl><w:tblPr>",
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>',
        *(
            f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
        ),
        '</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in twips),
        "</w:tblGrid>",
    ]
    rows = [(table.headers, "header"), *((row, "body") for row in table.rows)]
    if table.total:
        rows.append((table.total, "total"))
    for values, kind in rows:
        out.append("<w:tr><w:trPr><w:cantSplit/>")
        if kind == "header":
            out.append("<w:tblHeader/>")
        out.append("</w:trPr>")
        cells = list(values[:columns]) + [""] * (columns - len(values))
        for col, text in enumerate(cells):
            if kind == "header":
                align = "center"
            elif col > 0 and _is_figure(text):
                align = "right"
            else:
                align = "left"
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{twips[col]}" w:type="dxa"/>'
                '<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>'
                '<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>'
                f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>'
                f"{_run(text, size, bold=kind != 'body')}</w:p></w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    if table.note:
        out.append(
            '<w:p><w:pPr><w:spacing w:before="60" w:after="120"/><w:ind w:firstLine="0"/>'
            f"</w:pPr>{_run(table.note, size, bold=False).replace('<w:rPr>', '<w:rPr><w:i/>', 1)}"
            "</w:p>"
        )
    return "".join(out)


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
                "note": table.note,
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
