"""Rendering of Party-format reports to Word and PDF (tochuc.reports.documents); no database."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from tochuc.reports.documents import (
    BUILTIN_DOCX,
    ReportDocument,
    Table,
    docx_template_path,
    render_docx,
    render_pdf,
    report_html,
)

SCREENSHOTS = Path(__file__).parent / "screenshots"

PARAGRAPHS = [
    "Đảng bộ tỉnh Cao Bằng có 22 đảng bộ trực thuộc với 803 tổ chức cơ sở đảng (406 đảng bộ "
    "cơ sở và 397 chi bộ cơ sở); toàn Đảng bộ có 74.600 đảng viên, trong đó 20.001 đảng viên "
    "nữ (26,81%) và 48.210 đảng viên là người dân tộc thiểu số (64,62%).",
    "Năm 2025, toàn Đảng bộ kết nạp 1.512 đảng viên mới; công tác quản lý đảng viên, chuyển "
    "sinh hoạt đảng & phát triển đảng viên ở thôn, bản được thực hiện thường xuyên.",
    "Ban Thường vụ Đảng ủy báo cáo để Ban Tổ chức Tỉnh ủy tổng hợp, theo dõi.",
]


def _report(**changes) -> ReportDocument:
    values = dict(
        upper="Đảng bộ tỉnh Cao Bằng",
        issuer="ĐẢNG ỦY XÃ HÒA AN",
        symbol="Số 12-BC/ĐU",
        place_date="Cao Bằng, ngày 05 tháng 02 năm 2026",
        title="BÁO CÁO",
        subtitle="Tình hình tổ chức đảng và đảng viên đến ngày 31/12/2025",
        paragraphs=PARAGRAPHS,
        tables=[
            Table(
                title="Biểu 1. Tổ chức cơ sở đảng",
                headers=["Loại hình", "Đảng bộ cơ sở", "Chi bộ cơ sở", "Cộng"],
                rows=[
                    ["Xã, phường", "56", "0", "56"],
                    ["Cơ quan, đơn vị sự nghiệp", "190", "260", "450"],
                    ["Doanh nghiệp", "12", "40", "52"],
                    ["Lực lượng vũ trang", "148", "97", "245"],
                ],
                total=["Tổng cộng", "406", "397", "803"],
            ),
            Table(
                title="Biểu 2. Đảng viên",
                headers=["Tổ chức đảng", "Đảng viên", "Nữ", "Tỷ lệ nữ", "Dân tộc thiểu số"],
                rows=[
                    ["Đảng bộ Khối cơ quan tỉnh", "8.950", "3.980", "44,47%", "5.012"],
                    ["Đảng bộ Quân sự tỉnh", "3.210", "140", "4,36%", "1.980"],
                    ["Các đảng bộ xã, phường", "62.440", "15.881", "25,43%", "41.218"],
                ],
                total=["Tổng cộng", "74.600", "20.001", "26,81%", "48.210"],
            ),
        ],
        signer_for="T/M Ban Thường vụ",
        signer_title="Bí thư",
        signer_name="Nông Văn Hùng",
        recipients=["- Ban Tổ chức Tỉnh ủy,", "- Lưu Văn phòng Đảng ủy."],
    )
    values.update(changes)
    return ReportDocument(**values)


def _all_text(document: docx.document.Document) -> list[str]:
    """Paragraph texts of the body and of every table cell (nested ones too), in order."""
    texts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                for cell in row.cells:
                    texts.extend(p.text for p in cell.paragraphs)
        else:
            texts.append(block.text)
    return texts


def _xml_parts(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


@pytest.fixture(autouse=True)
def _builtin_templates(settings):
    settings.REPORT_TEMPLATES_DIR = None


def test_builtin_docx_template_exists():
    assert BUILTIN_DOCX.is_file()
    assert docx_template_path() == BUILTIN_DOCX


def test_docx_has_header_body_tables_and_signature():
    data = render_docx(_report())
    document = docx.Document(BytesIO(data))
    texts = _all_text(document)
    joined = "\n".join(texts)

    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG BỘ TỈNH CAO BẰNG",  # upper is set in capitals whatever the caller typed
        "ĐẢNG ỦY XÃ HÒA AN",
        "Số 12-BC/ĐU",
        "Cao Bằng, ngày 05 tháng 02 năm 2026",
        "BÁO CÁO",
        "Tình hình tổ chức đảng và đảng viên đến ngày 31/12/2025",
        "Nơi nhận:",
        "- Ban Tổ chức Tỉnh ủy,",
        "- Lưu Văn phòng Đảng ủy.",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Nông Văn Hùng",
    ):
        assert expected in texts, expected

    # Body paragraphs, in order, with "&" escaped and back intact.
    positions = [texts.index(p) for p in PARAGRAPHS]
    assert positions == sorted(positions)
    body = [p for p in document.paragraphs if p.text in PARAGRAPHS]
    assert all(p.style.name == "Body Text" for p in body)

    # Two bordered grids after the header table, before the signature table.
    grids = document.tables[1:-1]
    assert len(grids) == 2
    members = grids[1]
    assert [c.text for c in members.rows[0].cells] == [
        "Tổ chức đảng",
        "Đảng viên",
        "Nữ",
        "Tỷ lệ nữ",
        "Dân tộc thiểu số",
    ]
    total = members.rows[-1]
    assert [c.text for c in total.cells] == ["Tổng cộng", "74.600", "20.001", "26,81%", "48.210"]
    assert all(run.bold for c in total.cells for run in c.paragraphs[0].runs)
    number = total.cells[1].paragraphs[0]
    assert number.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert members.rows[1].cells[0].paragraphs[0].alignment == (
        docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT
    )
    assert "Biểu 2. Đảng viên" in joined
    assert grids[0].rows[-1].cells[3].text == "803"
    assert members._tbl.tblPr.find(docx.oxml.ns.qn("w:tblBorders")) is not None
    assert members.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None

    # The signer block comes after the tables.
    assert texts.index("BÍ THƯ") > texts.index("Tổng cộng")

    xml = _xml_parts(data)
    assert "{{" not in xml and "{%" not in xml and "%}" not in xml and "}}" not in xml
    # Vietnamese text must not fall back to a theme font in Word.
    assert 'w:eastAsia="Times New Roman"' in xml
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15


def test_docx_without_upper_signer_for_or_tables():
    data = render_docx(_report(upper="", signer_for="", tables=[], signer_name=""))
    document = docx.Document(BytesIO(data))
    texts = _all_text(document)
    header = document.tables[0].cell(0, 0)
    assert [p.text for p in header.paragraphs] == ["ĐẢNG ỦY XÃ HÒA AN", "*"]
    assert len(document.tables) == 2  # header and signature only
    assert "BÍ THƯ" in texts
    xml = _xml_parts(data)
    assert "{{" not in xml and "{%" not in xml


def test_docx_template_override(settings, tmp_path):
    custom = docx.Document(str(BUILTIN_DOCX))
    custom.add_paragraph("MẪU CỦA ĐƠN VỊ")
    # Word keeps only the styles in use: the tables must still come out without "Table Grid".
    grid_style = custom.styles["Table Grid"].element
    grid_style.getparent().remove(grid_style)
    custom.save(str(tmp_path / "bao-cao.docx"))
    settings.REPORT_TEMPLATES_DIR = tmp_path

    assert docx_template_path() == tmp_path / "bao-cao.docx"
    document = docx.Document(BytesIO(render_docx(_report())))
    texts = _all_text(document)
    assert texts[-1] == "MẪU CỦA ĐƠN VỊ"
    assert "ĐẢNG ỦY XÃ HÒA AN" in texts
    assert "74.600" in texts
    grid = document.tables[2]._tbl.tblPr
    assert grid.find(docx.oxml.ns.qn("w:tblBorders")) is not None


def test_docx_template_override_missing_falls_back(settings, tmp_path):
    settings.REPORT_TEMPLATES_DIR = tmp_path / "khong-co"
    assert docx_template_path() == BUILTIN_DOCX
    texts = _all_text(docx.Document(BytesIO(render_docx(_report()))))
    assert "MẪU CỦA ĐƠN VỊ" not in texts


def test_html_is_self_contained_and_escaped():
    html = report_html(_report())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html
    assert "sinh hoạt đảng &amp; phát triển" in html
    assert not re.search(r"(?:src|href)\s*=|url\(|@import", html)


def test_pdf_renders_vietnamese_text():
    data = render_pdf(_report())
    assert data.startswith(b"%PDF")

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        width, height = page.get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
        SCREENSHOTS.mkdir(exist_ok=True)
        page.render(scale=2).to_pil().save(SCREENSHOTS / "bao-cao-page1.png")
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()

    flat = re.sub(r"\s+", " ", text)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG ỦY XÃ HÒA AN",
        "Số 12-BC/ĐU",
        "74.600",
        "26,81%",
        "Đảng bộ tỉnh Cao Bằng có 22 đảng bộ trực thuộc",
        "Tổng cộng",
        "BÍ THƯ",
        "Nông Văn Hùng",
    ):
        assert expected in flat, expected


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice is not installed")
def test_docx_converts_with_libreoffice(tmp_path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(render_docx(_report()))
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), source],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
