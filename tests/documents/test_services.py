"""The registry's services: each refusal's message, the numbering rules, links, files, the
follow-up of reports, and the reads built on them (references, the chain, the plans)."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from tests.factories import make_user
from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.models import AuditEvent, Regulation
from tochuc.documents.models import (
    Attachment,
    Document,
    DocumentCounter,
    DocumentLink,
    DocumentType,
    Issuer,
    Report,
)
from tochuc.documents.selectors import (
    document_chain,
    plan_decisions,
    plans_of_document,
    references_match,
)
from tochuc.documents.services import (
    attachment_add,
    attachment_remove,
    document_create,
    document_link,
    document_number_take,
    document_update,
    report_file,
    report_request_create,
    report_submit,
)
from tochuc.documents.services.issuers import issuers_of
from tochuc.orgs.models import Term
from tochuc.orgs.services import plan_create

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a report\n"


def doc_type(name: str) -> DocumentType:
    return DocumentType.objects.get(name=name)


def issuer(organization, code: str) -> Issuer:
    return next(i for i in issuers_of(organization) if i.code == code)


def outside(code: str) -> Issuer:
    return Issuer.objects.get(code=code, organization=None)


def create(actor, organization, code: str = "TU", type_name: str = "Nghị quyết", **fields):
    fields.setdefault("title", "Về nâng cao chất lượng tổ chức cơ sở đảng")
    fields.setdefault("issued_on", date(2026, 3, 2))
    return document_create(
        actor=actor, doc_type=doc_type(type_name), issuer=issuer(organization, code), **fields
    )


def footprint() -> tuple:
    """What a write leaves: documents, numbers handed out, audit rows, links, files."""
    return (
        Document.objects.count(),
        DocumentCounter.objects.aggregate(n=Sum("last"))["n"] or 0,
        AuditEvent.objects.count(),
        DocumentLink.objects.count(),
        Attachment.objects.count(),
        Report.objects.filter(submitted_on__isnull=False).count(),
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENT_ATTACHMENT_MAX_BYTES = 1024 * 1024
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# -- document_create: its refusals -------------------------------------------------------------


REFUSALS = {
    "no title": ({"title": "  "}, "title", "trích yếu"),
    "code not the type's": ({"symbol": "5-KH/TU"}, "symbol", "Ký hiệu «KH»"),
    "issuer not the symbol's": ({"symbol": "5-NQ/HU"}, "symbol", "Ký hiệu cơ quan «HU»"),
    "not a symbol": ({"symbol": "1234/QĐ-UBND"}, "symbol", "74-NQ/TU"),
    "period backwards": (
        {"period_start": 2025, "period_end": 2021, "take_number": True},
        "period_end",
        "2025–2021",
    ),
    "period out of range": ({"period_start": 25, "take_number": True}, "period_start", "1930"),
    "issued without a number": ({}, "symbol", "Lấy số"),
    "symbol without a date": ({"symbol": "5-NQ/TU", "issued_on": None}, "issued_on", "ngày"),
    "unknown status": ({"status": "lost", "take_number": True}, "status", "lost"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_create_refusals_name_the_field_and_leave_nothing(two_provinces, case):
    a, _ = two_provinces
    fields, field, words = REFUSALS[case]
    before = footprint()
    with pytest.raises(ServiceError) as refused:
        create(a.staff, a.province, **fields)
    assert field in refused.value.errors
    assert words in " ".join(refused.value.errors[field])
    assert footprint() == before  # no document, no number taken, no audit row


def test_applies_to_outside_the_registry_is_refused_by_name(two_provinces):
    a, b = two_provinces
    before = footprint()
    with pytest.raises(ServiceError) as refused:
        create(a.staff, a.commune, code="ĐU", take_number=True, applies_to=[a.school, a.bloc])
    message = " ".join(refused.value.errors["applies_to"])
    assert a.bloc.name in message and a.school.name not in message
    with pytest.raises(ServiceError):
        create(a.staff, a.province, take_number=True, applies_to=[b.commune])
    assert footprint() == before
    document = create(a.staff, a.commune, code="ĐU", take_number=True, applies_to=[a.school])
    assert list(document.applies_to.all()) == [a.school]


def test_writes_outside_the_scope_find_nothing_and_viewers_are_forbidden(two_provinces):
    a, b = two_provinces
    before = footprint()
    with pytest.raises(NotFound):
        create(b.staff, a.province, take_number=True)
    with pytest.raises(NotFound):  # a secretary's branch is below the commune's registry
        create(a.secretary, a.commune, code="ĐU", take_number=True)
    with pytest.raises(Forbidden):
        create(a.viewer, a.province, take_number=True)
    assert footprint() == before


def test_created_document_is_audited(two_provinces):
    a, _ = two_provinces
    document = create(a.staff, a.province, take_number=True, signer=" Nguyễn  Văn An ")
    row = AuditEvent.objects.get(action="document.create", target_id=document.pk)
    assert row.actor == a.staff
    assert row.after["symbol"] == "01-NQ/TU"
    assert document.signer == "Nguyễn Văn An"
    assert document.organization == a.province


# -- numbering ------------------------------------------------------------------------------


def test_numbers_follow_and_a_typed_number_lifts_the_counter(two_provinces):
    a, _ = two_provinces
    assert create(a.staff, a.province, take_number=True).symbol == "01-NQ/TU"
    assert create(a.staff, a.province, take_number=True).symbol == "02-NQ/TU"
    typed = create(a.staff, a.province, symbol="Số 10 - nq/tu")
    assert (typed.symbol, typed.number, typed.sequence) == ("10-NQ/TU", 10, "2025–2030")
    assert create(a.staff, a.province, take_number=True).symbol == "11-NQ/TU"
    assert create(a.staff, a.province, symbol="5-NQ/TU").symbol == "05-NQ/TU"  # a gap, typed
    assert create(a.staff, a.province, take_number=True).symbol == "12-NQ/TU"
    # Each type has its own sequence.
    assert create(a.staff, a.province, type_name="Kế hoạch", take_number=True).symbol == "01-KH/TU"


def test_a_typed_duplicate_names_the_other_document(two_provinces):
    a, _ = two_provinces
    first = create(a.staff, a.province, take_number=True, title="Về công tác cán bộ")
    before = footprint()
    with pytest.raises(ServiceError) as refused:
        create(a.staff, a.province, symbol="1-NQ/TU", title="Một văn bản khác")
    message = " ".join(refused.value.errors["symbol"])
    assert "01-NQ/TU đã dùng" in message
    assert "Về công tác cán bộ" in message and "02/03/2026" in message
    assert footprint() == before
    assert first.symbol == "01-NQ/TU"


def test_numbers_restart_with_each_term(two_provinces):
    a, _ = two_provinces
    old = create(a.staff, a.province, take_number=True, issued_on=date(2025, 9, 30))
    create(a.staff, a.province, take_number=True, issued_on=date(2025, 9, 30))
    new = create(a.staff, a.province, take_number=True, issued_on=date(2025, 10, 1))
    assert (old.symbol, old.sequence) == ("01-NQ/TU", "2020–2025")
    assert (new.symbol, new.sequence) == ("01-NQ/TU", "2025–2030")
    # The same number in another term is no duplicate; in the same term it is.
    assert create(a.staff, a.province, symbol="2-NQ/TU", issued_on=date(2026, 1, 5)).number == 2
    with pytest.raises(ServiceError, match="2020–2025"):
        create(a.staff, a.province, symbol="2-NQ/TU", issued_on=date(2021, 1, 5))
    # A term the operator adds starts its own sequence.
    Term.objects.create(
        name="2030–2035", start_year=2030, end_year=2035, starts_on=date(2030, 9, 1)
    )
    later = create(a.staff, a.province, take_number=True, issued_on=date(2030, 9, 1))
    assert (later.symbol, later.sequence) == ("01-NQ/TU", "2030–2035")


def test_numbers_restart_every_year_when_the_rule_says_so(two_provinces):
    a, _ = two_provinces
    Regulation.objects.create(
        key="document_number_restart", value="year", effective_from=date(2026, 1, 1)
    )
    december = create(a.staff, a.province, take_number=True, issued_on=date(2025, 12, 31))
    assert (december.symbol, december.sequence) == ("01-NQ/TU", "2025–2030")
    january = create(a.staff, a.province, take_number=True, issued_on=date(2026, 1, 2))
    second = create(a.staff, a.province, take_number=True, issued_on=date(2026, 6, 2))
    next_year = create(a.staff, a.province, take_number=True, issued_on=date(2027, 1, 4))
    assert [(d.symbol, d.sequence) for d in (january, second, next_year)] == [
        ("01-NQ/TU", "2026"),
        ("02-NQ/TU", "2026"),
        ("01-NQ/TU", "2027"),
    ]


def test_an_unknown_restart_rule_is_refused_with_its_value(two_provinces):
    a, _ = two_provinces
    Regulation.objects.create(
        key="document_number_restart", value="month", effective_from=date(2026, 1, 1)
    )
    with pytest.raises(ServiceError, match="«month»"):
        create(a.staff, a.province, take_number=True)


def test_quyet_dinh_and_quy_dinh_share_the_qd_sequence(two_provinces):
    a, _ = two_provinces
    decision = create(a.staff, a.province, type_name="Quyết định", take_number=True)
    regulation = create(a.staff, a.province, type_name="Quy định", take_number=True)
    assert (decision.symbol, regulation.symbol) == ("01-QĐ/TU", "02-QĐ/TU")
    with pytest.raises(ServiceError, match="Quy định số 02-QĐ/TU"):
        create(a.staff, a.province, type_name="Quyết định", symbol="2-qđ/tu")


def test_two_issuers_of_one_organization_number_apart(two_provinces):
    a, _ = two_provinces
    committee = create(a.staff, a.province, code="TU", type_name="Hướng dẫn", take_number=True)
    department = create(a.staff, a.province, code="BTCTU", type_name="Hướng dẫn", take_number=True)
    again = create(a.staff, a.province, code="BTCTU", type_name="Hướng dẫn", take_number=True)
    assert [committee.symbol, department.symbol, again.symbol] == [
        "01-HD/TU",
        "01-HD/BTCTU",
        "02-HD/BTCTU",
    ]
    assert {committee.organization, department.organization} == {a.province}
    with pytest.raises(ServiceError, match="«BTCTU»"):  # the other issuer's symbol
        create(a.staff, a.province, code="TU", type_name="Hướng dẫn", symbol="3-HD/BTCTU")


def test_each_province_registers_the_same_central_resolution(two_provinces):
    a, b = two_provinces
    fields = {"symbol": "22-NQ/TW", "issued_on": date(2008, 2, 2), "title": "Về tổ chức cơ sở"}
    mine = document_create(
        actor=a.staff, doc_type=doc_type("Nghị quyết"), issuer=outside("TW"), **fields
    )
    theirs = document_create(
        actor=b.staff, doc_type=doc_type("Nghị quyết"), issuer=outside("TW"), **fields
    )
    assert (mine.organization, theirs.organization) == (a.province, b.province)
    with pytest.raises(ServiceError) as refused:  # twice in one registry is a duplicate
        document_create(
            actor=a.staff, doc_type=doc_type("Nghị quyết"), issuer=outside("TW"), **fields
        )
    assert "22-NQ/TW đã dùng" in refused.value.text()


def test_no_number_is_taken_for_a_body_outside_the_tree(two_provinces):
    a, _ = two_provinces
    before = footprint()
    with pytest.raises(ServiceError) as refused:
        document_create(
            actor=a.staff,
            doc_type=doc_type("Nghị quyết"),
            issuer=outside("TW"),
            title="Về tổ chức cơ sở",
            take_number=True,
        )
    assert "Ban Chấp hành Trung ương" in " ".join(refused.value.errors["symbol"])
    assert footprint() == before


# -- document_update, document_number_take ------------------------------------------------------


def test_update_rechecks_the_number_and_is_audited(two_provinces):
    a, _ = two_provinces
    first = create(a.staff, a.province, take_number=True, title="Văn bản thứ nhất")
    second = create(a.staff, a.province, take_number=True)
    before = footprint()
    with pytest.raises(ServiceError, match="Văn bản thứ nhất"):
        document_update(actor=a.staff, document=second, symbol="1-NQ/TU")
    assert footprint() == before
    second.refresh_from_db()
    assert second.symbol == "02-NQ/TU"
    document_update(actor=a.staff, document=second, symbol="15-NQ/TU", title="Sửa trích yếu")
    second.refresh_from_db()
    assert (second.symbol, second.number, second.title) == ("15-NQ/TU", 15, "Sửa trích yếu")
    row = AuditEvent.objects.filter(action="document.update", target_id=second.pk).get()
    assert row.before["symbol"] == "02-NQ/TU" and row.after["symbol"] == "15-NQ/TU"
    assert create(a.staff, a.province, take_number=True).symbol == "16-NQ/TU"
    assert first.symbol == "01-NQ/TU"


def test_update_refusals(two_provinces):
    a, b = two_provinces
    document = create(a.staff, a.province, take_number=True)
    before = footprint()
    with pytest.raises(ServiceError, match="created_by"):
        document_update(actor=a.staff, document=document, created_by=None)
    with pytest.raises(ServiceError) as refused:
        document_update(actor=a.staff, document=document, doc_type=doc_type("Kế hoạch"))
    assert "Kế hoạch" in " ".join(refused.value.errors["symbol"])
    with pytest.raises(ServiceError) as refused:
        document_update(actor=a.staff, document=document, period_start=2025, period_end=2020)
    assert "period_end" in refused.value.errors
    with pytest.raises(NotFound):
        document_update(actor=b.staff, document=document, title="Của tỉnh khác")
    with pytest.raises(Forbidden):
        document_update(actor=a.viewer, document=document, title="Chỉ xem")
    assert footprint() == before


def test_update_cannot_move_a_document_out_of_the_scope(two_provinces):
    a, b = two_provinces
    central = document_create(
        actor=a.staff,
        doc_type=doc_type("Nghị quyết"),
        issuer=outside("TW"),
        symbol="22-NQ/TW",
        issued_on=date(2008, 2, 2),
        title="Về tổ chức cơ sở",
    )
    before = footprint()
    with pytest.raises(NotFound):
        document_update(actor=a.staff, document=central, organization=b.province)
    assert footprint() == before
    central.refresh_from_db()
    assert central.organization == a.province
    # An outside body's document moves between registries the actor keeps ...
    document_update(actor=a.staff, document=central, organization=a.commune)
    central.refresh_from_db()
    assert central.organization == a.commune
    # ... a committee's stays in its committee's registry.
    document = create(a.staff, a.province, take_number=True)
    for elsewhere in (a.commune, b.province):
        document_update(actor=a.staff, document=document, organization=elsewhere)
        document.refresh_from_db()
        assert document.organization == a.province


def test_number_take_for_a_draft(two_provinces):
    a, _ = two_provinces
    create(a.staff, a.province, take_number=True)
    draft = create(a.staff, a.province, status="draft", issued_on=None)
    assert (draft.symbol, draft.number) == ("", None)
    taken = document_number_take(actor=a.staff, document=draft, issued_on=date(2026, 4, 1))
    assert (taken.symbol, taken.issued_on) == ("02-NQ/TU", date(2026, 4, 1))
    assert taken.status == "issued"  # a number is given when the draft is issued
    assert AuditEvent.objects.filter(action="document.number", target_id=draft.pk).exists()
    before = footprint()
    with pytest.raises(ServiceError, match="đã có số 02-NQ/TU"):
        document_number_take(actor=a.staff, document=taken)
    with pytest.raises(Forbidden):
        document_number_take(actor=a.viewer, document=taken)
    assert footprint() == before


# -- links ------------------------------------------------------------------------------------


def test_links_refuse_self_cycles_and_duplicates(two_provinces):
    a, _ = two_provinces
    resolution = create(a.staff, a.province, take_number=True)
    plan = create(a.staff, a.province, type_name="Kế hoạch", take_number=True)
    commune_plan = create(a.staff, a.commune, code="ĐU", type_name="Kế hoạch", take_number=True)
    document_link(actor=a.staff, source=plan, target=resolution, kind="implements")
    document_link(actor=a.staff, source=commune_plan, target=plan, kind="implements")
    before = footprint()
    with pytest.raises(ServiceError, match="chính nó"):
        document_link(actor=a.staff, source=plan, target=plan, kind="amends")
    with pytest.raises(ServiceError, match="vòng"):
        document_link(actor=a.staff, source=resolution, target=commune_plan, kind="amends")
    with pytest.raises(ServiceError, match="Đã có liên kết"):
        document_link(actor=a.staff, source=plan, target=resolution, kind="implements")
    with pytest.raises(ServiceError, match="«cites»"):
        document_link(actor=a.staff, source=plan, target=resolution, kind="cites")
    assert footprint() == before
    # A report on a document is no chain: it may point either way.
    report = create(a.staff, a.province, type_name="Báo cáo", take_number=True)
    document_link(actor=a.staff, source=report, target=plan, kind="reports_on")


def test_replaces_marks_the_target_replaced(two_provinces):
    a, _ = two_provinces
    old = create(a.staff, a.province, type_name="Quy định", take_number=True)
    new = create(a.staff, a.province, type_name="Quy định", take_number=True)
    document_link(actor=a.staff, source=new, target=old, kind="replaces")
    old.refresh_from_db()
    assert old.status == Document.Status.REPLACED
    row = AuditEvent.objects.get(action="document.link", target_id=new.pk)
    assert row.after["replaced"] == old.pk


def test_links_stay_within_what_the_actor_may_see_and_change(two_provinces):
    a, b = two_provinces
    province = create(a.staff, a.province, type_name="Quy định", take_number=True)
    commune = create(a.staff, a.commune, code="ĐU", type_name="Quy định", take_number=True)
    theirs = create(b.staff, b.province, take_number=True)
    commune_staff = make_user("staff_commune_a", "staff", a.commune)
    with pytest.raises(ServiceError, match="Không tìm thấy"):
        document_link(actor=a.staff, source=province, target=theirs, kind="implements")
    with pytest.raises(NotFound):
        document_link(actor=commune_staff, source=province, target=commune, kind="implements")
    # The commune sees the province's regulation but may not mark it replaced.
    with pytest.raises(ServiceError) as refused:
        document_link(actor=commune_staff, source=commune, target=province, kind="replaces")
    assert province.organization.name in refused.value.text()
    province.refresh_from_db()
    assert province.status == Document.Status.ISSUED
    document_link(actor=commune_staff, source=commune, target=province, kind="implements")


# -- attachments -------------------------------------------------------------------------------


def test_attachment_is_stored_under_our_name_and_shown_under_its_own(two_provinces, media):
    a, _ = two_provinces
    document = create(a.staff, a.province, take_number=True)
    attachment = attachment_add(
        actor=a.staff, document=document, upload=SimpleUploadedFile("../../x.pdf", PDF)
    )
    assert (attachment.name, attachment.size) == ("x.pdf", len(PDF))
    assert attachment.content_type == "application/pdf"
    stored = Path(attachment.file.path).resolve()
    assert stored.is_relative_to(media.resolve() / "documents")
    assert ".." not in attachment.file.name and "x.pdf" not in attachment.file.name
    assert stored.read_bytes() == PDF
    assert not (media.parent / "x.pdf").exists() and not (media / "x.pdf").exists()
    assert AuditEvent.objects.get(action="document.attach").after["attachment"]["name"] == "x.pdf"


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("bao-cao.exe", b"MZ\x90\x00", "chỉ nhận PDF"),
        ("bao-cao", PDF, "chỉ nhận PDF"),
        ("bao-cao.pdf", b"PK\x03\x04 a zip", "không đúng định dạng PDF"),
        ("anh.png", b"\xff\xd8\xff\xe0 a jpeg", "không đúng định dạng PNG"),
        ("rong.pdf", b"", "rỗng"),
        ("lon.pdf", PDF + b"0" * (1024 * 1024), "tối đa 1 MB"),
    ],
)
def test_attachment_refusals(two_provinces, media, name, content, words):
    a, _ = two_provinces
    document = create(a.staff, a.province, take_number=True)
    before = footprint()
    with pytest.raises(ServiceError) as refused:
        attachment_add(actor=a.staff, document=document, upload=SimpleUploadedFile(name, content))
    assert words in " ".join(refused.value.errors["file"])
    assert footprint() == before
    assert stored_files(media) == []


def test_oversized_message_says_both_sizes_the_vietnamese_way(two_provinces, media, settings):
    a, _ = two_provinces
    settings.DOCUMENT_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    document = create(a.staff, a.province, take_number=True)
    upload = SimpleUploadedFile("lon.pdf", PDF + b"0" * (5 * 1024 * 1024 // 2))
    with pytest.raises(ServiceError) as refused:
        attachment_add(actor=a.staff, document=document, upload=upload)
    assert "2,5 MB, tối đa 2 MB" in refused.value.text()


def test_attachment_outside_the_scope(two_provinces, media):
    a, b = two_provinces
    document = create(a.staff, a.province, take_number=True)
    with pytest.raises(NotFound):
        attachment_add(actor=b.staff, document=document, upload=SimpleUploadedFile("x.pdf", PDF))
    with pytest.raises(Forbidden):
        attachment_add(actor=a.viewer, document=document, upload=SimpleUploadedFile("x.pdf", PDF))
    assert stored_files(media) == []


def test_removing_deletes_the_stored_file_after_commit(
    two_provinces, media, django_capture_on_commit_callbacks
):
    a, b = two_provinces
    document = create(a.staff, a.province, take_number=True)
    attachment = attachment_add(
        actor=a.staff, document=document, upload=SimpleUploadedFile("qd.pdf", PDF)
    )
    stored = Path(attachment.file.path)
    with pytest.raises(NotFound):
        attachment_remove(actor=b.staff, attachment=attachment)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment_remove(actor=a.staff, attachment=attachment)
    assert stored.exists()  # until the transaction commits
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    for callback in callbacks:
        callback()
    assert not stored.exists()
    assert AuditEvent.objects.filter(action="document.detach", target_id=document.pk).exists()


# -- follow-up ----------------------------------------------------------------------------------


@pytest.fixture
def asked(two_provinces):
    """A province's plan asking the commune and the bloc for a sơ kết by 30/6/2026."""
    a, _ = two_provinces
    plan = create(a.staff, a.province, type_name="Kế hoạch", take_number=True)
    request = report_request_create(
        actor=a.staff,
        document=plan,
        kind="interim",
        due_on=date(2026, 6, 30),
        organizations=[a.commune, a.bloc, a.commune],
        title="Sơ kết 6 tháng",
    )
    a.plan, a.request = plan, request
    a.report = request.reports.get(organization=a.commune)
    a.commune_staff = make_user("staff_commune_a", "staff", a.commune)
    return a


def report_fields(a, **fields):
    return {
        "doc_type": doc_type("Báo cáo"),
        "issuer": issuer(a.commune, "ĐU"),
        "title": "Báo cáo sơ kết 6 tháng",
        "take_number": True,
        "issued_on": date(2026, 6, 20),
    } | fields


def test_report_request_asks_each_organization_once(asked):
    assert sorted(r.organization.name for r in asked.request.reports.all()) == sorted(
        [asked.commune.name, asked.bloc.name]
    )


def test_report_request_refusals(two_provinces):
    a, b = two_provinces
    commune_plan = create(a.staff, a.commune, code="ĐU", type_name="Kế hoạch", take_number=True)
    before = footprint()
    with pytest.raises(ServiceError) as refused:
        report_request_create(
            actor=a.staff,
            document=commune_plan,
            kind="final",
            due_on=date(2026, 12, 1),
            organizations=[a.school, a.bloc, b.commune, a.commune],
        )
    message = " ".join(refused.value.errors["organizations"])
    assert a.bloc.name in message and b.commune.name in message and a.commune.name in message
    assert a.school.name not in message
    with pytest.raises(ServiceError) as refused:
        report_request_create(
            actor=a.staff,
            document=commune_plan,
            kind="final",
            due_on=date(2026, 3, 1),
            organizations=[a.school],
        )
    assert "trước ngày ban hành văn bản 02/03/2026" in " ".join(refused.value.errors["due_on"])
    with pytest.raises(ServiceError) as refused:
        report_request_create(
            actor=a.staff, document=commune_plan, kind="yearly", due_on=None, organizations=[]
        )
    assert set(refused.value.errors) == {"kind", "due_on", "organizations"}
    with pytest.raises(NotFound):
        report_request_create(
            actor=b.staff,
            document=commune_plan,
            kind="final",
            due_on=date(2026, 12, 1),
            organizations=[a.school],
        )
    assert footprint() == before


def test_report_file_registers_files_and_submits_in_one_go(asked, media):
    a = asked
    report = report_file(
        actor=a.commune_staff,
        report=a.report,
        document_fields=report_fields(a),
        upload=SimpleUploadedFile("bc-so-ket.pdf", PDF),
    )
    document = report.document
    assert (document.symbol, document.organization) == ("01-BC/ĐU", a.commune)
    assert report.submitted_on == date(2026, 6, 20)
    assert [f.name for f in document.attachments.all()] == ["bc-so-ket.pdf"]
    assert DocumentLink.objects.filter(source=document, target=a.plan, kind="reports_on").exists()
    assert len(stored_files(media)) == 1


def test_a_refused_file_leaves_no_report_behind(asked, media):
    a = asked
    before = footprint()
    with pytest.raises(ServiceError, match="không đúng định dạng PDF"):
        report_file(
            actor=a.commune_staff,
            report=a.report,
            document_fields=report_fields(a),
            upload=SimpleUploadedFile("bc.pdf", b"not a pdf"),
        )
    assert footprint() == before  # no document, no BC number taken, no audit row
    a.report.refresh_from_db()
    assert (a.report.document, a.report.submitted_on) == (None, None)
    assert stored_files(media) == []
    # The report can still be filed, and gets the first number.
    report = report_file(actor=a.commune_staff, report=a.report, document_fields=report_fields(a))
    assert report.document.symbol == "01-BC/ĐU"


def test_a_second_submit_is_refused_and_leaves_nothing(asked, media):
    a = asked
    report_file(
        actor=a.commune_staff,
        report=a.report,
        document_fields=report_fields(a),
        upload=SimpleUploadedFile("bc.pdf", PDF),
    )
    before, files = footprint(), stored_files(media)
    with pytest.raises(ServiceError, match="đã nộp báo cáo này"):
        report_file(
            actor=a.commune_staff,
            report=a.report,
            document_fields=report_fields(a, title="Nộp lại"),
            upload=SimpleUploadedFile("bc-2.pdf", PDF),
        )
    assert footprint() == before
    assert stored_files(media) == files  # no orphan file of the refused report


def test_report_submit_takes_a_document_of_the_organization_asked(asked):
    a = asked
    province_report = create(a.staff, a.province, type_name="Báo cáo", take_number=True)
    with pytest.raises(ServiceError, match=a.commune.name):
        report_submit(actor=a.staff, report=a.report, document=province_report)
    # a unit below's document neither: its siblings, who see the follow-up row, would read it
    school_report = create(a.staff, a.school, code="ĐU", type_name="Báo cáo", take_number=True)
    with pytest.raises(ServiceError, match="trong sổ văn bản của " + a.commune.name):
        report_submit(actor=a.commune_staff, report=a.report, document=school_report)
    commune_report = create(a.staff, a.commune, code="ĐU", type_name="Báo cáo", take_number=True)
    report = report_submit(
        actor=a.commune_staff, report=a.report, document=commune_report, on=date(2026, 7, 2)
    )
    assert report.submitted_on == date(2026, 7, 2)
    bloc_report = Report.objects.get(request=a.request, organization=a.bloc)
    with pytest.raises(NotFound):  # the commune's staff cannot answer for the bloc
        report_submit(actor=a.commune_staff, report=bloc_report, document=commune_report)


# -- reads built on the services: references, the chain, the plans ---------------------------


def test_references_match_by_symbol_date_and_type_within_the_scope(two_provinces):
    a, b = two_provinces
    central = document_create(
        actor=a.staff,
        doc_type=doc_type("Nghị quyết"),
        issuer=outside("TW"),
        symbol="22-NQ/TW",
        issued_on=date(2008, 2, 2),
        title="Về tổ chức cơ sở",
    )
    regulation = create(
        a.staff, a.province, type_name="Quy định", symbol="5-QĐ/TU", issued_on=date(2016, 3, 1)
    )
    decision = create(
        a.staff, a.province, type_name="Quyết định", symbol="5-QĐ/TU", issued_on=date(2021, 3, 1)
    )
    theirs = create(b.staff, b.province, symbol="7-NQ/TU")

    def matched(actor, text):
        return [(m.document, m.others) for m in references_match(actor, text)]

    assert matched(a.staff, "Nghị quyết số 22-NQ/TW ngày 2-2-2008") == [(central, 0)]
    assert matched(a.staff, "Quy định số 05-QĐ/TU") == [(regulation, 1)]  # the type
    assert matched(a.staff, "Quyết định 5-QĐ/TU") == [(decision, 1)]
    assert matched(a.staff, "văn bản 5-QĐ/TU") == [(decision, 1)]  # the latest
    assert matched(a.staff, "Quyết định 5-QĐ/TU ngày 1/3/2016") == [(regulation, 1)]  # the date
    assert matched(a.staff, "Quyết định 5-QĐ/TU ngày 2/3/2016") == [(None, 2)]
    assert matched(a.staff, "Nghị quyết 1755-QĐ/TU") == [(None, 0)]
    # Another province's registry is out of sight, as are its counts.
    assert matched(a.staff, "Nghị quyết 07-NQ/TU") == [(None, 0)]
    assert matched(b.staff, "Nghị quyết 07-NQ/TU và Quy định 05-QĐ/TU") == [(theirs, 0), (None, 0)]


def test_the_chain_both_ways_as_far_as_the_actor_sees(two_provinces):
    a, b = two_provinces
    central = document_create(
        actor=a.staff,
        doc_type=doc_type("Nghị quyết"),
        issuer=outside("TW"),
        symbol="22-NQ/TW",
        issued_on=date(2008, 2, 2),
        title="Về tổ chức cơ sở",
    )
    plan = create(a.staff, a.province, type_name="Kế hoạch", symbol="48-KH/TU")
    commune_plan = create(a.staff, a.commune, code="ĐU", type_name="Kế hoạch", take_number=True)
    bloc_plan = create(a.staff, a.bloc, code="ĐU", type_name="Kế hoạch", take_number=True)
    school_plan = create(a.staff, a.school, code="ĐU", type_name="Kế hoạch", take_number=True)
    report = create(a.staff, a.province, type_name="Báo cáo", take_number=True)
    document_link(actor=a.staff, source=plan, target=central, kind="implements")
    document_link(actor=a.staff, source=commune_plan, target=plan, kind="implements")
    document_link(actor=a.staff, source=bloc_plan, target=plan, kind="implements")
    document_link(actor=a.staff, source=school_plan, target=commune_plan, kind="implements")
    document_link(actor=a.staff, source=report, target=plan, kind="reports_on")

    up, down = document_chain(a.staff, plan)
    assert [(n.document, n.kind) for n in up] == [(central, "implements")]
    assert [n.document for n in down] == [commune_plan, bloc_plan]  # no report in the chain
    assert [n.document for n in down[0].children] == [school_plan]
    up, down = document_chain(a.staff, school_plan)
    assert [n.document for n in up] == [commune_plan]
    assert [n.document for n in up[0].children] == [plan]
    assert [n.document for n in up[0].children[0].children] == [central]
    # The commune's staff see the levels above and their own subtree, not the bloc's.
    commune_staff = make_user("staff_commune_a", "staff", a.commune)
    up, down = document_chain(commune_staff, plan)
    assert [n.document for n in down] == [commune_plan]
    assert [n.document for n in down[0].children] == [school_plan]


def test_plans_read_their_decision_against_the_registry(two_provinces, admin):
    a, b = two_provinces
    plan = plan_create(
        actor=a.staff,
        organization=a.province,
        title="Sắp xếp các xã năm 2025",
        effective_date=date(2025, 7, 1),
        decision_symbol="Số 321 - QĐ/TU",
        decision_date=date(2025, 6, 20),
    )
    other_date = plan_create(
        actor=a.staff,
        organization=a.province,
        title="Sắp xếp khối",
        effective_date=date(2025, 8, 1),
        decision_symbol="321-QĐ/TU",
        decision_date=date(2024, 1, 2),
    )
    unregistered = plan_create(
        actor=a.staff,
        organization=a.province,
        title="Sắp xếp chi bộ",
        effective_date=date(2025, 9, 1),
        decision_symbol="400-QĐ/TU",
    )
    decision = create(
        a.staff, a.province, type_name="Quyết định", symbol="321-QĐ/TU", issued_on=date(2025, 6, 20)
    )
    assert plans_of_document(a.staff, decision) == [plan]
    assert dict(plan_decisions(a.staff)) == {unregistered: None, other_date: None, plan: decision}
    assert plans_of_document(b.staff, decision) == []
    assert plan_decisions(b.staff) == []
