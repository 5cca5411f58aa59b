"""Builds the built-in Word template reports/bao-cao.docx (Party report format, HD 36-HD/VPTW).

Run: .venv/bin/python -m tochuc.reports.build_docx_template [output.docx]

The result is a docxtpl template: plain Word text with Jinja tags that an operator may open and
restyle in Word. documents.render_docx fills it; the tables arrive as one subdocument in the
`{{p tables }}` paragraph.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

__all__ = ["FONT", "OUTPUT", "build", "set_run_font"]

FONT = "Times New Roman"
OUTPUT = Path(__file__).parent / "templates" / "reports" / "bao-cao.docx"

# HD 36: A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm -> 165 mm of text.
TEXT_WIDTH = Mm(165)
HEADER_COLUMNS = (Mm(72), Mm(93))  # issuer | "ĐẢNG CỘNG SẢN VIỆT NAM" (15 pt bold is ~75 mm)
SIGNATURE_COLUMNS = (Mm(80), Mm(85))


def set_run_font(run, size: float | None = None) -> None:
    """Times New Roman for every script slot: Word picks the eastAsia/cs font for some
    Vietnamese characters, and a missing slot falls back to the theme font (Calibri)."""
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)


def _set_rfonts(rpr) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    # Theme attributes win over explicit ones in Word, so they have to go.
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _styles(document: DocxDocument) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), "28")
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_rfonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.widow_control = True

    # The report body: operators restyle all paragraphs at once through this style.
    body = styles["Body Text"]
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1.27)
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.line_spacing = 1.15


def _section(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    # HD 36: page numbers at the top centre, from the second page on.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = paragraph.add_run("2")
    set_run_font(run, 14)
    paragraph._p.remove(run._r)
    field.append(run._r)
    paragraph._p.append(field)


def _line(
    container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.CENTER,
    style: str | None = None,
    first: bool = False,
) -> Paragraph:
    """One paragraph holding `text` in a single run (docxtpl needs a tag whole in one run)."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph(style=style)
    if style and first:
        paragraph.style = style
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        set_run_font(run, size)
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None
    return paragraph


def _borderless_table(document: DocxDocument, rows: int, widths: tuple[Mm, ...]):
    table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert(_tbl_pr_position(tbl_pr), borders)
    for index, width in enumerate(widths):
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


def _tbl_pr_position(tbl_pr) -> int:
    """Where w:tblBorders goes in w:tblPr: the schema fixes the order of its children."""
    after = {qn(f"w:{tag}") for tag in ("shd", "tblLayout", "tblCellMar", "tblLook")}
    for index, child in enumerate(tbl_pr):
        if child.tag in after:
            return index
    return len(tbl_pr)


def build(output: Path = OUTPUT) -> Path:
    document = Document()
    _styles(document)
    _section(document)
    props = document.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.title = "Báo cáo"
    # docxtpl renders the document properties too, so no tag syntax in this text.
    props.comments = "Mẫu báo cáo của tochuc (docxtpl): giữ nguyên các thẻ trong ngoặc nhọn."

    # Header block. Row 1: superior body and issuer | party name; row 2: number | place and date,
    # so the date stands on the same line as the document number, as in HD 36.
    header = _borderless_table(document, 2, HEADER_COLUMNS)
    left, right = header.cell(0, 0), header.cell(0, 1)
    _line(left, "{%p if upper %}", first=True)
    _line(left, "{{ upper }}")
    _line(left, "{%p endif %}")
    _line(left, "{{ issuer }}", bold=True)
    _line(left, "*")
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True, first=True)
    _line(header.cell(1, 0), "{{ symbol }}", first=True)
    _line(header.cell(1, 1), "{{ place_date }}", italic=True, first=True)
    for cell in header.row_cells(1):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)

    title = _line(document, "{{ title }}", size=16, bold=True)
    title.paragraph_format.space_before = Pt(24)
    _line(document, "{{ subtitle }}", bold=True)
    rule = _line(document, "-----")
    rule.paragraph_format.space_after = Pt(12)

    _line(document, "{%p for p in paragraphs %}", align=None)
    _line(document, "{{ p }}", align=None, style="Body Text")
    _line(document, "{%p endfor %}", align=None)
    _line(document, "{{p tables }}", align=None)
    _line(document, "", align=None).paragraph_format.space_after = Pt(12)

    signature = _borderless_table(document, 1, SIGNATURE_COLUMNS)
    left, right = signature.cell(0, 0), signature.cell(0, 1)
    _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align=None, first=True)
    _line(left, "{%p for r in recipients %}", align=None)
    _line(left, "{{ r }}", size=11, align=None)
    _line(left, "{%p endfor %}", align=None)
    _line(right, "{%p if signer_for %}", first=True)
    _line(right, "{{ signer_for }}", bold=True)
    _line(right, "{%p endif %}")
    _line(right, "{{ signer_title }}", bold=True)
    for _ in range(3):  # room for the signature and the seal
        _line(right, "")
    _line(right, "{{ signer_name }}", bold=True)
    # Word wants a paragraph after a table that ends the body.
    document.add_paragraph().paragraph_format.space_after = Pt(0)

    output.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(output))
    return output


if __name__ == "__main__":
    target = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(target)
