"""The document registry as a user clicks it: register a resolution, register a plan with
«Lấy số» implementing it, see the chain; the screenshots of the user guide."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.e2e.conftest import SHOTS, login, shot
from tests.factories import make_document
from tochuc.documents.models import Document
from tochuc.documents.services import attachment_add, document_link

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GUIDE = Path(__file__).parents[2] / "docs" / "img"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _guide(page, name: str, locator=None) -> None:
    """A screenshot for the user guide (docs/img), kept beside the journeys' own."""
    shot(page, name)
    if locator is None:
        shutil.copy(SHOTS / f"{name}.png", GUIDE / f"{name}.png")
    else:
        locator.screenshot(path=str(GUIDE / f"{name}.png"))


def test_register_a_resolution_and_a_plan_that_implements_it(strict_page, two_provinces):
    page = strict_page
    a, _ = two_provinces
    # Some of the province's registry already there, as the guide shows it.
    for type_name, title, start, end, on in (
        ("Đề án", "Nâng cao chất lượng tổ chức cơ sở đảng và đảng viên", 2021, 2025, (2021, 6, 1)),
        ("Nghị quyết", "Về công tác phát triển đảng viên", 2021, 2025, (2021, 8, 12)),
        (
            "Hướng dẫn",
            "Hướng dẫn kiểm điểm, đánh giá chất lượng tổ chức đảng",
            None,
            None,
            (2025, 11, 20),
        ),
    ):
        make_document(
            a.staff,
            a.province,
            type_name=type_name,
            title=title,
            period_start=start,
            period_end=end,
            issued_on=date(*on),
        )
    login(page, "staff_a")
    page.click("header nav >> text=Văn bản")
    page.wait_for_selector("h1:has-text('Sổ văn bản')")

    # The central resolution, typed with its own number.
    page.click("text=Đăng ký văn bản")
    page.select_option("select[name=doc_type]", label="Nghị quyết")
    page.select_option(
        "select[name=issuer]", label="Ban Chấp hành Trung ương (Bộ Chính trị, Ban Bí thư) (TW)"
    )
    page.fill("input[name=symbol]", "22-NQ/TW")
    page.fill("input[name=issued_on]", "02/02/2008")
    page.fill(
        "textarea[name=title]",
        "Về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng",
    )
    page.click("button.primary:has-text('Lưu văn bản')")
    page.wait_for_selector("text=Đã đăng ký Nghị quyết số 22-NQ/TW ngày 02/02/2008.")

    # The province's plan: its number given by «Lấy số».
    page.click("header nav >> text=Văn bản")
    page.click("text=Đăng ký văn bản")
    page.select_option("select[name=doc_type]", label="Kế hoạch")
    page.fill("input[name=issued_on]", "28/04/2026")
    page.fill("input[name=signer]", "Nguyễn Văn Minh")
    page.fill("textarea[name=title]", "Thực hiện Nghị quyết số 22-NQ/TW trong Đảng bộ tỉnh")
    page.click("button.take-number")
    page.wait_for_selector("text=Số được cấp: 01-KH/TU.")
    assert "Kế hoạch số 01-KH/TU" in page.locator("h1").inner_text()

    # Link it to the resolution, found by its symbol.
    page.fill("input[name=link_q]", "22-nq/tw")
    page.click(".link-add button:has-text('Tìm')")
    page.wait_for_selector("input[name=target]:checked")
    page.select_option("select[name=kind]", "implements")
    page.click("button:has-text('Liên kết')")
    page.wait_for_selector("text=Đã liên kết với Nghị quyết số 22-NQ/TW")

    # A commune's plan implementing the province's, so the chain has two levels below.
    commune_plan = make_document(
        a.staff, a.commune, type_name="Kế hoạch", title="Kế hoạch thực hiện của Đảng bộ xã"
    )

    plan = Document.objects.get(symbol="01-KH/TU")
    document_link(actor=a.staff, source=commune_plan, target=plan, kind="implements")
    village_plan = make_document(
        a.staff,
        a.village,
        type_name="Kế hoạch",
        title="Kế hoạch của chi bộ thôn",
        issued_on=date(2026, 5, 15),
    )
    document_link(actor=a.staff, source=village_plan, target=commune_plan, kind="implements")
    attachment_add(
        actor=a.staff,
        document=plan,
        upload=SimpleUploadedFile("ke-hoach-01.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    page.reload()
    chain = page.locator(".chain-card")
    text = chain.inner_text()
    assert "Nghị quyết số 22-NQ/TW ngày 02/02/2008" in text
    assert "Kế hoạch số 01-KH/ĐU" in text and "Thực hiện, cụ thể hóa" in text
    assert "01-KH/CB" in page.locator(".chain-card ul.chain ul.chain").inner_text()
    _guide(page, "document-chain", chain)

    # The resolution's page: the tree downward, two levels.
    chain.locator("text=Nghị quyết số 22-NQ/TW").first.click()
    page.wait_for_selector("h1:has-text('22-NQ/TW')")
    down = page.locator(".chain-card ul.chain ul.chain").first.inner_text()
    assert "01-KH/ĐU" in down and "01-KH/CB" in down

    # The seed's view: the đề án and nghị quyết of a period, by the filters.
    page.click("header nav >> text=Văn bản")
    page.click("details.pick summary")
    page.check("details.pick >> text=Đề án")
    page.check("details.pick >> text=Nghị quyết")
    page.fill("input[name=period]", "2021")
    page.press("input[name=period]", "Enter")
    page.wait_for_selector("#results .count:has-text('Tìm thấy 2 văn bản')")
    assert page.locator("details.pick summary").inner_text() == "Nghị quyết, Đề án"
    page.click("h1")  # the list of types closes

    page.goto("/documents/")
    page.wait_for_selector("#results tbody tr >> nth=5")
    _guide(page, "documents")
    assert page.csp_violations == []
