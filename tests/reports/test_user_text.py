"""Users' text in the report files is literal text: an organization named with markup, a
template tag or a formula, and what the person signing typed, come out as those characters in
the Word, PDF and Excel downloads, never as markup, a template's output or a live formula."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import docx
import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook

from tests.core.test_excel import formulas_in
from tochuc.orgs.services import organization_rename

pytestmark = pytest.mark.django_db

# Markup of each format (HTML, WordprocessingML), Jinja's and Django's tags, a formula.
NAME = 'Chi bộ <b>A&B</b> "Một" {{ 7*7 }} {% if 1 %}x{% endif %} </w:t></w:r><w:r><w:t>ZZ'
SIGNER = '=HYPERLINK("http://evil.example/","Bấm") <i>Nông</i> {{ 6*7 }}'


@pytest.fixture
def hostile(client, two_provinces, admin):
    a, _ = two_provinces
    organization_rename(actor=admin, organization=a.school, name=NAME)
    client.force_login(a.staff)
    return client, a


def _get(client, a, fmt) -> bytes:
    response = client.get(
        f"/reports/download.{fmt}", {"organization": a.commune.pk, "signer_name": SIGNER}
    )
    assert response.status_code == 200
    return response.content


def _xml(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))


def test_word_report_holds_the_names_as_literal_text(hostile):
    client, a = hostile
    data = _get(client, a, "docx")
    document = docx.Document(BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    joined = "\n".join(texts)
    assert NAME in joined  # the row of the branch in the tables, character for character
    assert SIGNER in joined  # the template language never ran the names
    xml = _xml(data)
    # Nothing of the names became markup: no bold run, no extra run opened by the name.
    assert "<b>" not in xml and "&lt;b&gt;A&amp;B&lt;/b&gt;" in xml
    assert "<w:t>ZZ" not in xml


def test_pdf_report_holds_the_names_as_literal_text(hostile):
    client, a = hostile
    data = _get(client, a, "pdf")
    pdf = pdfium.PdfDocument(data)
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    flat = re.sub(r"\s+", " ", text)
    assert "<b>A&B</b>" in flat and "{{ 7*7 }}" in flat and "{% if 1 %}x{% endif %}" in flat
    assert "<i>Nông</i> {{ 6*7 }}" in flat  # the template language never ran the names


def test_excel_report_holds_the_name_as_text(hostile):
    client, a = hostile
    organization_rename(actor=a.staff, organization=a.commune, name="=1+1 Đảng bộ xã")
    data = _get(client, a, "xlsx")
    # The only formulas are the totals' sums we write; the name is text.
    assert all(
        re.fullmatch(r".*![C-Z]\d+: =SUM\([C-Z]\d+:[C-Z]\d+\)", f) for f in formulas_in(data)
    )
    book = load_workbook(BytesIO(data))
    values = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert NAME in values
    assert any(isinstance(v, str) and v.startswith("=1+1 Đảng bộ xã, đến ngày") for v in values)
