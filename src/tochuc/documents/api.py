"""/api/v1/documents: the registry (search, read, register, change, "Lấy số"), its links, files
and follow-up reports, the references of a text, and the types and issuers to choose from."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from tochuc.core.errors import NotFound
from tochuc.core.scope import scope_q
from tochuc.documents import exports, selectors, services
from tochuc.documents.models import (
    Document,
    DocumentLink,
    DocumentType,
    Issuer,
    LinkKind,
    ReportKind,
)
from tochuc.documents.services.issuers import issuers_of
from tochuc.orgs.selectors import organization_get

router = Router(tags=["Văn bản"])

STATUS_HELP = "`draft` dự thảo, `issued` ban hành, `expired` hết hiệu lực, `replaced` bị thay thế."


class DocumentRow(Schema):
    id: int
    label: str = Field(description="«Nghị quyết số 74-NQ/TU ngày 10/05/2016».")
    symbol: str
    number: int | None
    doc_type_id: int
    doc_type_name: str
    issuer_id: int
    issuer_code: str
    issuer_name: str
    organization_id: int = Field(description="Tổ chức giữ văn bản (sổ văn bản của tổ chức đó).")
    organization_name: str
    issued_on: date | None
    title: str
    signer: str
    period_start: int | None
    period_end: int | None
    status: str = Field(description=STATUS_HELP)
    status_label: str


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    uploaded_at: datetime
    url: str = Field(description="Tải tệp (chỉ người xem được văn bản).")


class LinkOut(Schema):
    id: int
    kind: str = Field(
        description="`implements` thực hiện, cụ thể hóa; `replaces` thay thế; `amends` sửa đổi, "
        "bổ sung; `reports_on` báo cáo về."
    )
    kind_label: str
    document_id: int = Field(description="Văn bản ở đầu kia của liên kết.")
    document_label: str
    document_title: str


class ReportOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    state: str = Field(
        description="`done` đã nộp, `done_late` nộp muộn, `late` quá hạn, `pending` chưa đến hạn."
    )
    state_label: str
    document_id: int | None
    submitted_on: date | None


class ReportRequestOut(Schema):
    id: int
    kind: str = Field(description="`interim` sơ kết, `final` tổng kết.")
    kind_label: str
    title: str
    due_on: date
    reports: list[ReportOut]


class DocumentOut(DocumentRow):
    code: str
    sequence: str = Field(description="Kỳ đánh số: nhiệm kỳ («2025–2030») hoặc năm.")
    note: str
    applies_to: list[int]
    attachments: list[AttachmentOut]
    links_out: list[LinkOut] = Field(
        description="Văn bản này thực hiện (thay thế ...) văn bản nào."
    )
    links_in: list[LinkOut] = Field(description="Văn bản nào thực hiện (thay thế ...) văn bản này.")
    report_requests: list[ReportRequestOut]


class DocumentPage(Schema):
    count: int = Field(description="Số văn bản tìm thấy (khi `capped`: số tối đa được đếm).")
    capped: bool = Field(False, description="Có hơn `count` văn bản: lọc thêm để thu hẹp.")
    page: int
    pages: int
    results: list[DocumentRow]


class DocumentFilters(Schema):
    q: str = Field("", description="Số, ký hiệu («74-NQ/TU», «74-nq») hoặc từ trong trích yếu.")
    doc_type: list[int] = Field([], description="Id loại văn bản (lặp lại để chọn nhiều loại).")
    issuer: int | None = None
    year: int | None = Field(None, description="Năm ban hành.")
    period: int | None = Field(None, description="Một năm trong giai đoạn của văn bản.")
    status: str = Field("", description=STATUS_HELP)
    issued_from: date | None = Field(None, description="Ban hành từ ngày.")
    issued_to: date | None = Field(None, description="Ban hành đến ngày.")
    without_drafts: bool = Field(False, description="Không kể dự thảo.")
    organization: int | None = Field(None, description="Sổ văn bản của tổ chức này và cấp dưới.")
    page: int = 1
    page_size: int = 50


class DocumentFields(Schema):
    signer: str | None = None
    title: str | None = None
    issued_on: date | None = None
    period_start: int | None = None
    period_end: int | None = None
    status: str | None = Field(None, description=STATUS_HELP)
    note: str | None = None
    applies_to: list[int] | None = Field(None, description="Id các tổ chức văn bản áp dụng.")


class DocumentIn(DocumentFields):
    doc_type_id: int
    issuer_id: int
    organization_id: int | None = Field(
        None,
        description="Tổ chức giữ văn bản: chỉ cần khi cơ quan ban hành ở ngoài cây tổ chức "
        "(Trung ương); mặc định là tổ chức của tài khoản.",
    )
    symbol: str = Field("", description="Số, ký hiệu gõ tay («74-NQ/TU»); bỏ qua khi lấy số.")
    take_number: bool = Field(False, description="«Lấy số»: số tiếp theo của loại văn bản.")


class DocumentPatch(DocumentFields):
    doc_type_id: int | None = None
    issuer_id: int | None = None
    symbol: str | None = None


class NumberIn(Schema):
    issued_on: date | None = Field(
        None, description="Ngày ban hành (mặc định: đã ghi, hoặc hôm nay)."
    )


class LinkIn(Schema):
    target_id: int
    kind: str = LinkKind.IMPLEMENTS.value


class ReportRequestIn(Schema):
    kind: str = Field(ReportKind.INTERIM.value, description="`interim` sơ kết, `final` tổng kết.")
    due_on: date | None = None
    organization_ids: list[int]
    title: str = ""


class ReportSubmitIn(Schema):
    document_id: int = Field(description="Văn bản báo cáo (đã vào sổ) của tổ chức được yêu cầu.")
    submitted_on: date | None = None


class TextIn(Schema):
    text: str = Field(max_length=2_000_000)


class ReferenceOut(Schema):
    text: str = Field(description="Đoạn văn nêu văn bản, như trong bài.")
    start: int
    end: int
    type_name: str
    symbol: str
    issued_on: date | None
    document_id: int | None = Field(description="Văn bản trong sổ; null: chưa có, nên vào sổ.")
    document_label: str
    others: int = Field(description="Văn bản khác cùng số, ký hiệu (năm khác, cơ quan khác).")


class TypeOut(Schema):
    id: int
    name: str
    code: str


class IssuerOut(Schema):
    id: int
    code: str
    name: str
    organization_id: int | None = Field(description="null: cơ quan ngoài cây tổ chức.")


def _row(d: Document) -> dict:
    return {
        "id": d.pk,
        "label": d.label,
        "symbol": d.symbol,
        "number": d.number,
        "doc_type_id": d.doc_type_id,
        "doc_type_name": d.doc_type.name,
        "issuer_id": d.issuer_id,
        "issuer_code": d.issuer.code,
        "issuer_name": d.issuer.name,
        "organization_id": d.organization_id,
        "organization_name": d.organization.name,
        "issued_on": d.issued_on,
        "title": d.title,
        "signer": d.signer,
        "period_start": d.period_start,
        "period_end": d.period_end,
        "status": d.status,
        "status_label": d.get_status_display(),
    }


def _link(link: DocumentLink, other: Document) -> dict:
    return {
        "id": link.pk,
        "kind": link.kind,
        "kind_label": link.get_kind_display(),
        "document_id": other.pk,
        "document_label": other.label,
        "document_title": other.title,
    }


def _out(actor, document: Document) -> dict:
    """The document with what hangs on it, as far as the actor sees (a link's other end
    outside the actor's sight is left out)."""
    document = selectors.document_get(actor, document.pk)  # fresh, after a write
    seen = Document.objects.filter(selectors.visible_q(actor))
    related = ("doc_type", "issuer")
    links_out = (
        document.links_out.filter(target__in=seen)
        .select_related(*(f"target__{r}" for r in related))
        .order_by("id")
    )
    links_in = (
        document.links_in.filter(source__in=seen)
        .select_related(*(f"source__{r}" for r in related))
        .order_by("id")
    )
    requests = [
        {
            "id": request.pk,
            "kind": request.kind,
            "kind_label": request.get_kind_display(),
            "title": request.title,
            "due_on": request.due_on,
            "reports": [
                {
                    "id": r.report.pk,
                    "organization_id": r.report.organization_id,
                    "organization_name": r.report.organization.name,
                    "state": r.state,
                    "state_label": r.state_label,
                    "document_id": r.report.document_id,
                    "submitted_on": r.report.submitted_on,
                }
                for r in rows
            ],
        }
        for request, rows in selectors.followup(actor, document)
    ]
    return {
        **_row(document),
        "code": document.code,
        "sequence": document.sequence,
        "note": document.note,
        "applies_to": sorted(document.applies_to.values_list("pk", flat=True)),
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "size": a.size,
                "content_type": a.content_type,
                "uploaded_at": a.uploaded_at,
                "url": f"/api/v1/documents/attachments/{a.pk}",
            }
            for a in document.attachments.all()
        ],
        "links_out": [_link(link, link.target) for link in links_out],
        "links_in": [_link(link, link.source) for link in links_in],
        "report_requests": requests,
    }


def _issuer(actor, pk: int) -> Issuer:
    """An issuer outside the tree, or of an organization in the actor's subtree."""
    issuers = Issuer.objects.select_related("organization").filter(
        Q(organization__isnull=True) | scope_q(actor, "organization__path")
    )
    try:
        return issuers.get(pk=pk)
    except Issuer.DoesNotExist:
        raise NotFound from None


def _doc_type(pk: int) -> DocumentType:
    try:
        return DocumentType.objects.get(pk=pk)
    except DocumentType.DoesNotExist:
        raise NotFound from None


def _organizations(actor, ids) -> list | None:
    if ids is None:
        return None
    return [organization_get(actor=actor, pk=pk) for pk in dict.fromkeys(ids)]


@router.get("", response=DocumentPage, summary="Tra cứu sổ văn bản")
def document_search(request, filters: Query[DocumentFilters]):
    data = filters.dict()
    page_no, size = max(data.pop("page"), 1), min(max(data.pop("page_size"), 1), 200)
    org_id = data.pop("organization")
    org = organization_get(actor=request.auth, pk=org_id) if org_id else None
    data["doc_types"] = tuple(data.pop("doc_type"))
    spec = selectors.DocumentFilter(organization=org, **data)
    page = selectors.document_page(selectors.document_list(request.auth, spec), page_no, size)
    count = page.paginator.count
    return {
        "count": min(count, selectors.COUNT_CAP),
        "capped": count > selectors.COUNT_CAP,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_row(d) for d in page.object_list],
    }


@router.get("/types", response=list[TypeOut], summary="Các loại văn bản")
def type_list(request):
    return list(DocumentType.objects.order_by("order", "name"))


@router.get("/issuers", response=list[IssuerOut], summary="Các cơ quan ban hành")
def issuer_list(request, organization: int | None = None):
    """Without `organization`: the bodies outside the tree and the issuers of the
    organizations of the actor's subtree. With it: that organization's issuers (its committee
    and agencies, made the first time they are asked for)."""
    if organization:
        org = organization_get(actor=request.auth, pk=organization)
        return [{**_plain(i), "organization_id": org.pk} for i in issuers_of(org)]
    issuers = Issuer.objects.filter(
        Q(organization__isnull=True) | scope_q(request.auth, "organization__path")
    ).order_by("organization__path", "order", "name")
    return [_plain(i) for i in issuers[:1000]]


def _plain(issuer: Issuer) -> dict:
    return {
        "id": issuer.pk,
        "code": issuer.code,
        "name": issuer.name,
        "organization_id": issuer.organization_id,
    }


@router.post(
    "/references", response=list[ReferenceOut], summary="Tìm các văn bản được nêu trong một bài"
)
def references(request, payload: TextIn):
    """Every reference («Nghị quyết số 22-NQ/TW ngày 2-2-2008», «Quyết định 1755-QĐ/TU») of the
    text, each with the registry's document when there is one (null: to be registered)."""
    return [
        {
            "text": m.reference.text,
            "start": m.reference.start,
            "end": m.reference.end,
            "type_name": m.reference.type_name,
            "symbol": m.reference.symbol,
            "issued_on": m.reference.issued_on,
            "document_id": m.document.pk if m.document else None,
            "document_label": m.document.label if m.document else "",
            "others": m.others,
        }
        for m in selectors.references_match(request.auth, payload.text)
    ]


@router.get("/{document_id}", response=DocumentOut, summary="Một văn bản: tệp, liên kết, báo cáo")
def document_detail(request, document_id: int):
    return _out(request.auth, selectors.document_get(request.auth, document_id))


@router.post("", response={201: DocumentOut}, summary="Vào sổ một văn bản (có «Lấy số»)")
def document_create(request, payload: DocumentIn):
    data = payload.dict(exclude_unset=True)
    actor = request.auth
    doc_type = _doc_type(data.pop("doc_type_id"))
    issuer = _issuer(actor, data.pop("issuer_id"))
    org_id = data.pop("organization_id", None)
    organization = organization_get(actor=actor, pk=org_id) if org_id else None
    applies = _organizations(actor, data.pop("applies_to", None)) or ()
    fields = {k: v for k, v in data.items() if v is not None}
    fields.setdefault("title", "")
    document = services.document_create(
        actor=actor,
        doc_type=doc_type,
        issuer=issuer,
        organization=organization,
        applies_to=applies,
        **fields,
    )
    return Status(201, _out(actor, document))


@router.patch("/{document_id}", response=DocumentOut, summary="Sửa một văn bản")
def document_update(request, document_id: int, payload: DocumentPatch):
    actor = request.auth
    document = selectors.document_get(actor, document_id)
    changes = payload.dict(exclude_unset=True)
    if "doc_type_id" in changes:
        changes["doc_type"] = _doc_type(changes.pop("doc_type_id"))
    if "issuer_id" in changes:
        changes["issuer"] = _issuer(actor, changes.pop("issuer_id"))
    applies = _organizations(actor, changes.pop("applies_to", None))
    for text in ("signer", "title", "note", "symbol"):
        if text in changes and changes[text] is None:
            changes[text] = ""
    if changes.get("status", "") is None:
        changes.pop("status")
    document = services.document_update(
        actor=actor, document=document, applies_to=applies, **changes
    )
    return _out(actor, document)


@router.post("/{document_id}/number", response=DocumentOut, summary="Lấy số cho văn bản dự thảo")
def document_number(request, document_id: int, payload: NumberIn):
    document = selectors.document_get(request.auth, document_id)
    document = services.document_number_take(
        actor=request.auth, document=document, issued_on=payload.issued_on
    )
    return _out(request.auth, document)


@router.post(
    "/{document_id}/links", response={201: DocumentOut}, summary="Liên kết tới văn bản khác"
)
def link_add(request, document_id: int, payload: LinkIn):
    """This document implements (replaces, amends, reports on) the one of `target_id`."""
    actor = request.auth
    source = selectors.document_get(actor, document_id)
    target = selectors.document_get(actor, payload.target_id)
    services.document_link(actor=actor, source=source, target=target, kind=payload.kind)
    return Status(201, _out(actor, source))


@router.delete("/{document_id}/links/{link_id}", response={204: None}, summary="Bỏ một liên kết")
def link_remove(request, document_id: int, link_id: int):
    document = selectors.document_get(request.auth, document_id)
    try:
        link = DocumentLink.objects.select_related("source").get(pk=link_id, source=document)
    except DocumentLink.DoesNotExist:
        raise NotFound from None
    services.document_unlink(actor=request.auth, link=link)
    return Status(204, None)


@router.post(
    "/{document_id}/attachments",
    response={201: AttachmentOut},
    summary="Đính kèm tệp (PDF, DOC, DOCX, XLS, XLSX, JPG, PNG, TIFF)",
)
def attachment_upload(request, document_id: int, file: File[UploadedFile]):
    document = selectors.document_get(request.auth, document_id)
    a = services.attachment_add(actor=request.auth, document=document, upload=file)
    return Status(
        201,
        {
            "id": a.pk,
            "name": a.name,
            "size": a.size,
            "content_type": a.content_type,
            "uploaded_at": a.uploaded_at,
            "url": f"/api/v1/documents/attachments/{a.pk}",
        },
    )


@router.get(
    "/attachments/{attachment_id}",
    summary="Tải tệp đính kèm",
    openapi_extra={
        "responses": {200: {"description": "Tệp", "content": {"application/octet-stream": {}}}}
    },
)
def attachment_download(request, attachment_id: int):
    return exports.attachment_response(request.auth, attachment_id, via="api")


@router.delete("/attachments/{attachment_id}", response={204: None}, summary="Xóa tệp đính kèm")
def attachment_delete(request, attachment_id: int):
    attachment = selectors.attachment_get(request.auth, attachment_id)
    services.attachment_remove(actor=request.auth, attachment=attachment)
    return Status(204, None)


@router.post(
    "/{document_id}/report-requests",
    response={201: DocumentOut},
    summary="Yêu cầu các tổ chức cấp dưới báo cáo (sơ kết, tổng kết)",
)
def report_request(request, document_id: int, payload: ReportRequestIn):
    actor = request.auth
    document = selectors.document_get(actor, document_id)
    services.report_request_create(
        actor=actor,
        document=document,
        kind=payload.kind,
        due_on=payload.due_on,
        organizations=_organizations(actor, payload.organization_ids),
        title=payload.title,
    )
    return _out(actor, document)


@router.post(
    "/reports/{report_id}/submit",
    response=ReportOut,
    summary="Nộp báo cáo: một văn bản đã vào sổ",
)
def report_submit(request, report_id: int, payload: ReportSubmitIn):
    actor = request.auth
    report = selectors.report_get(actor, report_id)
    document = selectors.document_get(actor, payload.document_id)
    report = services.report_submit(
        actor=actor, report=report, document=document, on=payload.submitted_on
    )
    state = selectors.report_state(report, report.request.due_on, date.today())
    return {
        "id": report.pk,
        "organization_id": report.organization_id,
        "organization_name": report.organization.name,
        "state": state,
        "state_label": selectors.ReportRow(report, state).state_label,
        "document_id": report.document_id,
        "submitted_on": report.submitted_on,
    }
