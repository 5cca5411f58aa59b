"""The registry's pages as a user meets them: the list and its filters, the download and the
printed list, register (Lấy số) and edit, a document's page (files, chain, follow-up), finding
a document by its symbol, the references of a pasted text."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.factories import make_document, make_user
from tochuc.core.models import AuditEvent
from tochuc.documents.models import Attachment, Document, DocumentType, Issuer, Report
from tochuc.documents.services import attachment_add, document_link, report_request_create
from tochuc.documents.services.issuers import issuers_of
from tochuc.orgs.services.restructuring import plan_create

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(name="nghi-quyet.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _type(name):
    return DocumentType.objects.get(name=name)


def _text(response) -> str:
    return response.content.decode()


def _field_errors(html: str, field: str) -> list[str]:
    return re.findall(rf'<(?:p|span) class="error" data-field="{field}">([^<]*)</', html)


def _seed_000(a):
    """Seed 000's list: the province's and its committees' đề án and nghị quyết of 2021-2025,
    beside documents that are not in it."""
    docs = [
        make_document(
            a.staff,
            a.province,
            type_name="Đề án",
            title="Nâng cao chất lượng tổ chức cơ sở đảng và đảng viên, giai đoạn 2021-2025",
            period_start=2021,
            period_end=2025,
            issued_on=date(2021, 6, 1),
        ),
        make_document(
            a.staff,
            a.commune,
            type_name="Đề án",
            title="Quy hoạch, đào tạo cán bộ thuộc diện Ban Thường vụ quản lý, giai đoạn 2021-2026",
            period_start=2021,
            period_end=2026,
            issued_on=date(2021, 7, 1),
        ),
        make_document(
            a.staff,
            a.bloc,
            type_name="Nghị quyết",
            title="Về nâng cao chất lượng công tác phát triển đảng viên giai đoạn 2021-2025",
            period_start=2021,
            period_end=2025,
            issued_on=date(2021, 8, 1),
        ),
    ]
    others = [
        make_document(
            a.staff,
            a.province,
            type_name="Đề án",
            title="Đề án của giai đoạn trước",
            period_start=2016,
            period_end=2020,
            issued_on=date(2016, 5, 10),
        ),
        make_document(
            a.staff,
            a.province,
            type_name="Kế hoạch",
            title="Kế hoạch giai đoạn 2021-2025",
            period_start=2021,
            period_end=2025,
            issued_on=date(2021, 9, 1),
        ),
    ]
    return docs, others


def _seed_query(a):
    return {
        "organization": a.province.pk,
        "type": [_type("Đề án").pk, _type("Nghị quyết").pk],
        "period": 2021,
    }


def test_the_registry_lists_and_filters_and_seed_000_is_one_view(staff_a, two_provinces):
    a, b = two_provinces
    docs, others = _seed_000(a)
    theirs = make_document(b.staff, b.province, title="Nghị quyết của Lạng Sơn")
    attachment_add(actor=a.staff, document=docs[0], upload=_pdf())

    page = _text(staff_a.get("/documents/"))
    for d in docs + others:
        assert d.title in page
    assert theirs.title not in page
    assert "nghi-quyet.pdf" in page  # each row links to its files
    assert f'href="/documents/files/{docs[0].attachments.get().pk}/"' in page

    seed = _text(staff_a.get("/documents/", _seed_query(a)))
    assert "Tìm thấy <b>3</b> văn bản" in seed
    for d in docs:
        assert d.title in seed
    for d in others:
        assert d.title not in seed

    # Words of the title without accents, a symbol, the year, the status.
    found = _text(staff_a.get("/documents/", {"q": "phat trien dang vien"}))
    assert docs[2].title in found and docs[0].title not in found
    by_symbol = _text(staff_a.get("/documents/", {"q": docs[1].symbol.lower()}))
    assert docs[1].title in by_symbol and docs[0].title not in by_symbol
    assert "Tìm thấy <b>1</b>" in _text(staff_a.get("/documents/", {"year": 2016}))
    assert "Tìm thấy <b>0</b>" in _text(staff_a.get("/documents/", {"status": "draft"}))
    # A year typed wrong is said, not ignored silently.
    assert "nhập một năm" in _text(staff_a.get("/documents/", {"year": "hai nghìn"}))


def test_the_list_downloads_as_xlsx_with_its_rows_and_audit(staff_a, two_provinces):
    a, _ = two_provinces
    docs, _ = _seed_000(a)
    response = staff_a.get("/documents/", _seed_query(a) | {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].endswith(".sheet")
    data = b"".join(response.streaming_content)
    rows = list(load_workbook(BytesIO(data)).active.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    body = [r for r in rows[header + 1 :] if r and r[0]]
    assert sorted(r[5] for r in body) == sorted(d.title for d in docs)
    assert {r[1] for r in body} == {d.symbol for d in docs}
    event = AuditEvent.objects.get(action="export.documents")
    assert event.actor == a.staff and event.after["count"] == 3


def test_the_print_view_has_the_party_header_and_the_table(staff_a, two_provinces):
    a, _ = two_provinces
    docs, others = _seed_000(a)
    page = _text(staff_a.get("/documents/print/", _seed_query(a)))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page
    assert "ĐẢNG BỘ TỈNH CAO BẰNG" in page
    today = date.today()
    assert f"Cao Bằng, ngày {today:%d} tháng {today:%m} năm {today.year}" in page
    assert "DANH MỤC VĂN BẢN" in page
    for header in ("STT", "Số, ký hiệu", "Ngày", "Trích yếu", "Cơ quan ban hành", "Giai đoạn"):
        assert f"<th>{header}</th>" in page
    for d in docs:
        assert d.title in page and d.symbol in page
    assert others[0].title not in page
    assert "2021–2026" in page
    # The commune's list heads with the commune under its province.
    commune = _text(staff_a.get("/documents/print/", {"organization": a.commune.pk}))
    assert "ĐẢNG BỘ XÃ MỘT CAO BẰNG" in commune and "ĐẢNG BỘ TỈNH CAO BẰNG" in commune


def _register(client, org, **fields):
    issuer = fields.pop("issuer", None) or issuers_of(org)[0]
    data = {
        "organization": org.pk,
        "doc_type": _type(fields.pop("type_name", "Nghị quyết")).pk,
        "issuer": issuer.pk,
        "issued_on": "02/03/2026",
        "title": "Về công tác phát triển đảng viên",
        "status": "issued",
        "symbol": "",
    } | fields
    return client.post("/documents/new/", data, follow=True)


def test_register_with_lay_so_gives_01_then_02(staff_a, two_provinces):
    a, _ = two_provinces
    form = _text(staff_a.get("/documents/new/"))
    assert "Lấy số" in form and "Tỉnh ủy Cao Bằng" in form
    assert "Ban Chấp hành Trung ương" in form  # the outside bodies
    first = _register(staff_a, a.province, take_number="1", file=_pdf())
    assert "Số được cấp: 01-NQ/TU" in _text(first)
    second = _register(staff_a, a.province, take_number="1", title="Nghị quyết thứ hai")
    assert "Số được cấp: 02-NQ/TU" in _text(second)
    one = Document.objects.get(symbol="01-NQ/TU")
    assert one.organization == a.province and one.attachments.get().name == "nghi-quyet.pdf"
    assert "<h1>Nghị quyết số 02-NQ/TU" in _text(second)


def test_the_forms_errors_are_vietnamese_next_to_their_field(staff_a, two_provinces):
    a, _ = two_provinces
    make_document(a.staff, a.province, title="Về công tác cán bộ")  # 01-NQ/TU
    response = _register(staff_a, a.province, title="")
    assert response.status_code == 400
    html = _text(response)
    assert _field_errors(html, "title") == ["Nhập trích yếu (nội dung tóm tắt) của văn bản."]
    assert "Văn bản chưa lưu: sửa các ô được đánh dấu bên dưới." in html
    (duplicate,) = _field_errors(_text(_register(staff_a, a.province, symbol="1-nq/tu")), "symbol")
    assert "01-NQ/TU đã dùng" in duplicate and "Về công tác cán bộ" in duplicate
    html = _text(
        _register(staff_a, a.province, symbol="5-KH/TU", period_start="2025", period_end="2021")
    )
    assert "không phải của loại Nghị quyết" in _field_errors(html, "symbol")[0]
    assert "năm kết thúc trước năm bắt đầu" in _field_errors(html, "period_end")[0]
    html = _text(_register(staff_a, a.province, issued_on="31/02/2026"))
    assert _field_errors(html, "issued_on")
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    html = _text(_register(staff_a, a.province, take_number="1", file=bad))
    assert "không đúng định dạng PDF" in _field_errors(html, "file")[0]
    assert not Document.objects.filter(title="Về công tác phát triển đảng viên").exists()


def _edit_form(doc, registry, **changes) -> dict:
    """The edit page's fields as a user resubmits them, the title changed."""
    return {
        "organization": registry.pk,
        "doc_type": doc.doc_type_id,
        "issuer": doc.issuer_id,
        "symbol": doc.symbol,
        "issued_on": "02/03/2026",
        "title": "Trích yếu mới",
        "status": "issued",
    } | changes


def test_edit_and_the_registry_of_another_organization(staff_a, two_provinces):
    a, _ = two_provinces
    doc = make_document(a.staff, a.province, title="Trích yếu cũ")
    page = _text(staff_a.get(f"/documents/{doc.pk}/edit/"))
    assert "Trích yếu cũ" in page and a.commune.name in page  # a child to choose
    response = staff_a.post(
        f"/documents/{doc.pk}/edit/",
        _edit_form(
            doc, a.province, period_start="2026", period_end="2030", applies_to=[a.commune.pk]
        ),
        follow=True,
    )
    assert "Đã lưu Nghị quyết số 01-NQ/TU" in _text(response)
    doc.refresh_from_db()
    assert doc.title == "Trích yếu mới" and doc.period == "2026–2030"
    assert list(doc.applies_to.all()) == [a.commune]
    # Choosing the commune's registry (htmx reload) offers the commune's issuers.
    commune = _text(staff_a.get("/documents/new/", {"organization": a.commune.pk}))
    assert "Đảng ủy xã Một Cao Bằng (ĐU)" in commune


def test_a_draft_takes_its_number_on_its_page(staff_a, two_provinces):
    a, _ = two_provinces
    make_document(a.staff, a.province, type_name="Kế hoạch")  # 01-KH/TU
    draft = _register(
        staff_a, a.province, type_name="Kế hoạch", status="draft", title="Dự thảo kế hoạch"
    )
    doc = Document.objects.get(title="Dự thảo kế hoạch")
    assert doc.symbol == "" and "(chưa có số)" in _text(draft)
    response = staff_a.post(
        f"/documents/{doc.pk}/number/", {"issued_on": "10/03/2026"}, follow=True
    )
    assert "Đã lấy số: 02-KH/TU; văn bản chuyển sang «Ban hành»." in _text(response)
    doc.refresh_from_db()
    assert doc.symbol == "02-KH/TU" and doc.issued_on == date(2026, 3, 10)


def _chain(a):
    tw = Issuer.objects.get(code="TW", organization=None)
    resolution = make_document(
        a.staff,
        a.province,
        issuer=tw,
        symbol="22-NQ/TW",
        issued_on=date(2008, 2, 2),
        title="Về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng",
    )
    plan = make_document(
        a.staff,
        a.province,
        type_name="Kế hoạch",
        symbol="48-KH/TU",
        issued_on=date(2008, 4, 28),
        title="Thực hiện Nghị quyết 22-NQ/TW",
    )
    commune_plan = make_document(a.staff, a.commune, type_name="Kế hoạch", title="Kế hoạch của xã")
    document_link(actor=a.staff, source=plan, target=resolution, kind="implements")
    document_link(actor=a.staff, source=commune_plan, target=plan, kind="implements")
    return resolution, plan, commune_plan


def test_the_document_page_shows_its_chain_both_ways(staff_a, two_provinces):
    a, _ = two_provinces
    resolution, plan, commune_plan = _chain(a)
    page = _text(staff_a.get(f"/documents/{plan.pk}/"))
    up, down = page.split("Các văn bản thực hiện văn bản này")
    assert "Nghị quyết số 22-NQ/TW ngày 02/02/2008" in up
    assert "Kế hoạch số 01-KH/ĐU" in down and "Thực hiện, cụ thể hóa" in down
    # From the resolution, the tree goes down two levels, nested.
    top = _text(staff_a.get(f"/documents/{resolution.pk}/"))
    nested = top.split("Các văn bản thực hiện văn bản này")[1]
    assert nested.index("48-KH/TU") < nested.index("01-KH/ĐU")
    assert nested.count('<ul class="chain">') == 2


def test_links_are_added_by_searching_the_symbol_and_removed(staff_a, two_provinces):
    a, _ = two_provinces
    resolution = make_document(a.staff, a.province, symbol="74-NQ/TU", issued_on=date(2016, 5, 10))
    plan = make_document(a.staff, a.province, type_name="Kế hoạch")
    search = _text(staff_a.get(f"/documents/{plan.pk}/", {"link_q": "74-nq/tu"}))
    assert f'value="{resolution.pk}" checked' in search
    response = staff_a.post(
        f"/documents/{plan.pk}/links/", {"kind": "implements", "target": resolution.pk}, follow=True
    )
    assert "Đã liên kết với Nghị quyết số 74-NQ/TU" in _text(response)
    again = staff_a.post(
        f"/documents/{plan.pk}/links/", {"kind": "implements", "target": resolution.pk}
    )
    assert again.status_code == 400
    assert "Đã có liên kết" in _field_errors(_text(again), "target")[0]
    nothing = staff_a.post(f"/documents/{plan.pk}/links/", {"kind": "implements"})
    assert _field_errors(_text(nothing), "target") == ["Tìm theo số, ký hiệu rồi chọn một văn bản."]
    link = plan.links_out.get()
    response = staff_a.post(f"/documents/links/{link.pk}/remove/", {"back": plan.pk}, follow=True)
    assert "Đã bỏ liên kết" in _text(response) and not plan.links_out.exists()


def test_files_are_served_to_the_owner_only(client, staff_a, two_provinces):
    a, b = two_provinces
    own = make_document(a.staff, a.branch2, title="Nghị quyết chi bộ Hành chính")
    response = staff_a.post(
        f"/documents/{own.pk}/files/", {"file": _pdf("bien-ban.pdf")}, follow=True
    )
    assert "Đã tải lên tệp «bien-ban.pdf»" in _text(response)
    item = Attachment.objects.get(document=own)
    download = staff_a.get(f"/documents/files/{item.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AuditEvent.objects.filter(action="export.document_file", target_id=own.pk).exists()
    assert "/media/" not in _text(staff_a.get(f"/documents/{own.pk}/"))
    # Another province, and the secretary of the sibling branch: nothing.
    for user in (b.staff, a.secretary):
        client.force_login(user)
        assert client.get(f"/documents/files/{item.pk}/").status_code == 404
        assert client.get(f"/documents/{own.pk}/").status_code == 404
        assert client.post(f"/documents/files/{item.pk}/remove/").status_code == 404
    # A wrong file is refused next to the upload.
    staff_a.force_login(a.staff)
    refused = staff_a.post(
        f"/documents/{own.pk}/files/", {"file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert refused.status_code == 400
    assert "chỉ nhận PDF" in _field_errors(_text(refused), "file")[0]
    removed = staff_a.post(f"/documents/files/{item.pk}/remove/", follow=True)
    assert "Đã xóa tệp «bien-ban.pdf»" in _text(removed)
    assert not Attachment.objects.filter(document=own).exists()


def test_follow_up_request_and_a_report_filed_by_the_commune(client, staff_a, two_provinces):
    a, _ = two_provinces
    doc = make_document(a.staff, a.province, type_name="Kế hoạch", issued_on=date(2026, 1, 5))
    page = _text(staff_a.get(f"/documents/{doc.pk}/"))
    assert a.commune.name in page and "Tất cả tổ chức cơ sở đảng trực thuộc" in page
    missing = staff_a.post(f"/documents/{doc.pk}/requests/", {"kind": "interim"})
    assert missing.status_code == 400
    assert _field_errors(_text(missing), "due_on") == ["Nhập hạn nộp báo cáo."]
    assert _field_errors(_text(missing), "organizations") == [
        "Chọn ít nhất một tổ chức phải báo cáo."
    ]
    response = staff_a.post(
        f"/documents/{doc.pk}/requests/",
        {"kind": "interim", "due_on": "30/06/2026", "organizations": [a.commune.pk, a.bloc.pk]},
        follow=True,
    )
    assert "Đã yêu cầu 2 tổ chức báo cáo, hạn 30/06/2026." in _text(response)
    grassroots = staff_a.post(
        f"/documents/{doc.pk}/requests/",
        {"kind": "final", "due_on": "31/12/2026", "grassroots": "on"},
        follow=True,
    )
    assert "Đã yêu cầu 3 tổ chức báo cáo" in _text(grassroots)  # school, village, office

    commune_staff = make_user("staff_xa", "staff", a.commune)
    client.force_login(commune_staff)
    report = Report.objects.get(organization=a.commune, request__kind="interim")
    page = _text(client.get(f"/documents/{doc.pk}/"))
    assert "Chưa đến hạn" in page or "Quá hạn" in page
    assert f"/documents/reports/{report.pk}/" in page
    assert a.bloc.name not in page  # another organization's row is not the commune's
    form = _text(client.get(f"/documents/reports/{report.pk}/"))
    assert "Nộp báo cáo sơ kết" in form
    filed = client.post(
        f"/documents/reports/{report.pk}/",
        {
            "issuer": issuers_of(a.commune)[0].pk,
            "issued_on": "20/06/2026",
            "take_number": "1",
            "file": _pdf("bao-cao.pdf"),
        },
        follow=True,
    )
    assert "Đảng bộ xã Một Cao Bằng đã nộp báo cáo 01-BC/ĐU." in _text(filed)
    report.refresh_from_db()
    assert report.document.attachments.get().name == "bao-cao.pdf"
    client.force_login(a.staff)
    page = _text(client.get(f"/documents/{doc.pk}/"))
    assert "Đã nộp" in page and "Báo cáo số 01-BC/ĐU" in page and "bao-cao.pdf" in page
    # The viewer of the province sees the form refused; an outside report is not found.
    client.force_login(a.viewer)
    assert client.get(f"/documents/reports/{report.pk}/").status_code == 403


def test_late_reports_read_late(staff_a, two_provinces):
    a, _ = two_provinces
    doc = make_document(a.staff, a.province, issued_on=date(2020, 1, 5))
    report_request_create(
        actor=a.staff,
        document=doc,
        kind="final",
        due_on=date(2020, 12, 31),
        organizations=[a.commune],
    )
    page = _text(staff_a.get(f"/documents/{doc.pk}/"))
    assert "Quá hạn" in page and "Tổng kết — hạn nộp 31/12/2020" in page


def test_find_redirects_to_the_document_or_to_the_prefilled_form(staff_a, two_provinces):
    a, b = two_provinces
    doc = make_document(a.staff, a.province, symbol="74-NQ/TU", issued_on=date(2016, 5, 10))
    make_document(b.staff, b.province, symbol="75-NQ/TU", issued_on=date(2016, 5, 10))
    found = staff_a.get("/documents/find/", {"symbol": "74-NQ/TU", "date": "2016-05-10"})
    assert found.status_code == 302 and found["Location"] == f"/documents/{doc.pk}/"
    other_date = staff_a.get("/documents/find/", {"symbol": "74-NQ/TU", "date": "2017-05-10"})
    assert other_date["Location"].startswith("/documents/new/?symbol=74-NQ%2FTU")
    # Another province's document is as good as missing.
    missing = staff_a.get("/documents/find/", {"symbol": "75-NQ/TU"}, follow=True)
    html = _text(missing)
    assert "Sổ văn bản chưa có văn bản số 75-NQ/TU" in html
    assert 'value="75-NQ/TU"' in html
    prefilled = _text(staff_a.get(f"{other_date['Location']}"))
    assert 'value="10/05/2017"' in prefilled


def test_the_plan_page_links_its_decision_to_the_registry(staff_a, two_provinces):
    a, _ = two_provinces
    plan = plan_create(
        actor=a.staff,
        organization=a.province,
        title="Phương án sắp xếp chi bộ",
        effective_date=date(2026, 7, 1),
        decision_symbol="1755-QĐ/TU",
        decision_date=date(2026, 6, 1),
    )
    page = _text(staff_a.get(f"/organizations/plans/{plan.pk}/"))
    assert 'href="/documents/find/?symbol=1755-Q%C4%90/TU&amp;date=2026-06-01"' in page
    doc = make_document(
        a.staff, a.province, type_name="Quyết định", symbol="1755-QĐ/TU", issued_on=date(2026, 6, 1)
    )
    found = staff_a.get("/documents/find/", {"symbol": "1755-QĐ/TU", "date": "2026-06-01"})
    assert found["Location"] == f"/documents/{doc.pk}/"
    assert "Phương án sắp xếp chi bộ" in _text(staff_a.get(found["Location"]))


def test_references_of_a_pasted_text_matched_or_offered(staff_a, two_provinces):
    a, _ = two_provinces
    tw = Issuer.objects.get(code="TW", organization=None)
    doc = make_document(
        a.staff, a.province, issuer=tw, symbol="22-NQ/TW", issued_on=date(2008, 2, 2)
    )
    plan_create(
        actor=a.staff,
        organization=a.province,
        title="Phương án hợp nhất",
        effective_date=date(2026, 7, 1),
        decision_symbol="9-QĐ/TU",
    )
    assert "Phương án hợp nhất" in _text(staff_a.get("/documents/references/"))
    page = _text(
        staff_a.post(
            "/documents/references/",
            {
                "text": "Thực hiện Nghị quyết số 22-NQ/TW ngày 2-2-2008 của Ban Chấp hành Trung "
                "ương và Quyết định 1755-QĐ/TU ngày 10/5/2016 của Tỉnh ủy ..."
            },
        )
    )
    assert "Tìm thấy 2 lần nhắc đến văn bản" in page
    assert f'href="/documents/{doc.pk}/"' in page
    assert (
        "/documents/new/?symbol=1755-Q%C4%90%2FTU&amp;issued_on=10%2F05%2F2016&amp;type=Quy" in page
    )
    assert "/documents/new/?symbol=9-Q%C4%90%2FTU" in page  # the plan's decision, missing
    empty = staff_a.post("/documents/references/", {"text": ""})
    assert empty.status_code == 400
    assert "Dán một đoạn văn bản" in _text(empty)


# -- the review's findings, each as a user meets it ---------------------------------------------


def test_a_search_by_period_or_by_a_symbols_start_finds_the_document(staff_a, two_provinces):
    a, _ = two_provinces
    project = make_document(
        a.staff,
        a.province,
        type_name="Đề án",
        title="Nâng cao chất lượng tổ chức cơ sở đảng giai đoạn 2021-2025",
    )  # 01-ĐA/TU
    for q in ("giai đoạn 2021-2025", "2021-2025", "Đề án số 01-ĐA/TU", "1-ĐA", "01-ĐA"):
        page = _text(staff_a.get("/documents/", {"q": q}))
        assert project.title in page, q


def test_all_grassroots_asks_those_below_never_the_registry_itself(staff_a, two_provinces):
    a, _ = two_provinces
    commune_plan = make_document(a.staff, a.commune, type_name="Kế hoạch")
    response = staff_a.post(
        f"/documents/{commune_plan.pk}/requests/",
        {"kind": "final", "due_on": "30/06/2026", "grassroots": "on"},
        follow=True,
    )
    assert "Đã yêu cầu 2 tổ chức báo cáo" in _text(response)  # the school and the village
    # a grassroots committee's own document: nothing grassroots below it, and it is not
    # asked of itself («... không phải tổ chức cấp dưới của» itself)
    school_plan = make_document(a.staff, a.school, type_name="Kế hoạch")
    refused = staff_a.post(
        f"/documents/{school_plan.pk}/requests/",
        {"kind": "final", "due_on": "30/06/2026", "grassroots": "on"},
    )
    assert _field_errors(_text(refused), "organizations") == [
        "Chọn ít nhất một tổ chức phải báo cáo."
    ]


def test_a_province_document_read_from_a_commune_names_its_registry_without_a_dead_link(
    client, two_provinces
):
    a, _ = two_provinces
    doc = make_document(a.staff, a.province, title="Kế hoạch của tỉnh")
    client.force_login(make_user("staff_commune", "staff", a.commune))
    page = _text(client.get(f"/documents/{doc.pk}/"))
    assert a.province.name in page
    assert f"?organization={a.province.pk}" not in page


def test_saving_the_page_keeps_an_organization_it_applies_to_further_down(staff_a, two_provinces):
    from tochuc.documents.services import document_update

    a, _ = two_provinces
    doc = make_document(a.staff, a.province, title="Trích yếu")
    document_update(actor=a.staff, document=doc, applies_to=[a.school])  # a grandchild
    page = _text(staff_a.get(f"/documents/{doc.pk}/edit/"))
    assert a.school.name in page
    response = staff_a.post(
        f"/documents/{doc.pk}/edit/",
        _edit_form(doc, a.province, applies_to=[a.school.pk]),
        follow=True,
    )
    assert "Đã lưu" in _text(response)
    assert list(doc.applies_to.all()) == [a.school]


def test_find_matches_an_outside_symbol_typed_in_another_case(staff_a, two_provinces):
    from tochuc.documents.services import document_create

    a, _ = two_provinces
    state = document_create(
        actor=a.staff,
        doc_type=DocumentType.objects.get(name="Quyết định"),
        issuer=Issuer.objects.get(code="BTCTW", organization=None),
        symbol="1234/QĐ-UBND",
        issued_on=date(2026, 1, 2),
        title="Quyết định của Ủy ban",
    )
    response = staff_a.get("/documents/find/", {"symbol": "1234/qđ-ubnd"})
    assert response.status_code == 302 and response["Location"] == f"/documents/{state.pk}/"


def test_the_reports_page_lists_who_reported_and_who_is_late_in_the_subtree(
    client, staff_a, two_provinces
):
    a, b = two_provinces
    doc = make_document(a.staff, a.province, type_name="Kế hoạch", issued_on=date(2026, 1, 5))
    request = report_request_create(
        actor=a.staff,
        document=doc,
        kind="interim",
        due_on=date(2026, 2, 1),
        organizations=[a.commune, a.bloc],
    )
    make_document(b.staff, b.province)  # another province: nothing of it
    late = _text(staff_a.get("/documents/reports/", {"state": "late", "on": "05/02/2026"}))
    assert "Tìm thấy <b>2</b> báo cáo" in late
    assert a.commune.name in late and a.bloc.name in late and "Quá hạn" in late
    # a commune's staff: its own report only
    client.force_login(make_user("staff_xa", "staff", a.commune))
    own = _text(client.get("/documents/reports/", {"on": "05/02/2026"}))
    assert "Tìm thấy <b>1</b> báo cáo" in own and a.bloc.name not in own
    assert request.reports.count() == 2
