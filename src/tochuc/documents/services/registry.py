"""Registering documents: the record, its number ("Lấy số" or typed), its status and the
organizations it applies to. Each write is one transaction with its audit row."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from tochuc.core.actions import action
from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write
from tochuc.core.text import clean, search_key
from tochuc.documents.models import Document, DocumentType, Issuer
from tochuc.documents.services.numbering import number_claim, number_next, numbering_sequence
from tochuc.documents.symbols import normalize_symbol, parse_symbol
from tochuc.orgs.models import Organization

FIELDS = (
    "organization_id",
    "doc_type_id",
    "issuer_id",
    "symbol",
    "issued_on",
    "signer",
    "title",
    "period_start",
    "period_end",
    "status",
    "note",
)
YEARS = range(1930, 2101)
S = Document.Status


def document_label(document: Document) -> str:
    """The other document a refusal names: «Nghị quyết số 74-NQ/TU ngày 10/05/2016 “...”»."""
    title = document.title if len(document.title) <= 80 else document.title[:77] + "..."
    return f"{document.label} «{title}»"


def _registry_of(actor, issuer: Issuer, organization: Organization | None) -> Organization:
    """The organization whose registry keeps the document: the issuer's own when it is a
    committee of the tree, else the one given (the user's scope by default)."""
    if issuer.organization_id is not None:
        return issuer.organization
    if organization is not None:
        return organization
    if actor.scope_id is None:
        raise ServiceError(
            {"organization": ["Chọn tổ chức giữ văn bản của cơ quan ngoài cây tổ chức."]}
        )
    return actor.scope


def _clean_fields(document: Document, errors: dict[str, list[str]]) -> None:
    document.title = clean(document.title)
    document.signer = clean(document.signer)
    document.note = (document.note or "").strip()
    if not document.title:
        errors["title"] = ["Nhập trích yếu (nội dung tóm tắt) của văn bản."]
    elif len(document.title) > 1000:
        errors["title"] = ["Trích yếu dài quá 1.000 ký tự."]
    if len(document.signer) > 128:
        errors["signer"] = ["Tên người ký dài quá 128 ký tự."]
    for field, label in (("period_start", "Giai đoạn từ năm"), ("period_end", "đến năm")):
        year = getattr(document, field)
        if year is not None and year not in YEARS:
            errors[field] = [f"{label} phải là một năm từ 1930 đến 2100, không phải «{year}»."]
    start, end = document.period_start, document.period_end
    if start and end and start > end and "period_end" not in errors:
        errors["period_end"] = [f"Giai đoạn {start}–{end}: năm kết thúc trước năm bắt đầu."]
    if document.status not in S.values:
        errors["status"] = [f"Trạng thái «{document.status}» không có."]
    if document.issued_on and document.issued_on.year not in YEARS:
        errors["issued_on"] = ["Ngày ban hành phải từ năm 1930 đến năm 2100."]


def _read_symbol(document: Document, typed: str, errors: dict[str, list[str]]) -> None:
    """Number, code and period from the symbol typed; a Party-format symbol must carry the
    type's code and the issuer's."""
    document.symbol = normalize_symbol(clean(typed)) if clean(typed) else ""
    document.number, document.code, document.sequence = None, "", ""
    if not document.symbol:
        return
    if len(document.symbol) > 64:
        errors["symbol"] = ["Số, ký hiệu dài quá 64 ký tự."]
        return
    symbol = parse_symbol(document.symbol)
    if symbol is None:
        if document.issuer.organization_id is not None:
            errors["symbol"] = [
                f"«{typed}» không theo mẫu số - ký hiệu loại / ký hiệu cơ quan, ví dụ "
                f"74-{document.doc_type.code}/{document.issuer.code}."
            ]
        return  # an outside body's own format, kept as typed
    if symbol.code.upper() != document.doc_type.code.upper():
        errors["symbol"] = [
            f"Ký hiệu «{symbol.code}» trong «{document.symbol}» không phải của loại "
            f"{document.doc_type.name} ({document.doc_type.code})."
        ]
        return
    if symbol.issuer.split("-")[0] != document.issuer.code.split("-")[0]:
        errors["symbol"] = [
            f"Ký hiệu cơ quan «{symbol.issuer}» trong «{document.symbol}» không phải của "
            f"{document.issuer.name} ({document.issuer.code})."
        ]
        return
    if document.issued_on is None:
        errors["issued_on"] = ["Nhập ngày ban hành: số văn bản đánh theo nhiệm kỳ của ngày đó."]
        return
    document.number, document.code = symbol.number, symbol.code
    document.sequence = numbering_sequence(document.issued_on)


def _number_taken_by(document: Document) -> Document | None:
    """The other document of the same registry holding this number. A committee of the tree
    has one registry, its own; an outside body's number (22-NQ/TW) is registered by every
    province that implements it, so it is unique within each registry only."""
    if document.number is None:
        return None
    return (
        Document.objects.select_related("doc_type")
        .filter(
            organization_id=document.organization_id,
            issuer_id=document.issuer_id,
            code=document.code,
            sequence=document.sequence,
            number=document.number,
        )
        .exclude(pk=document.pk)
        .first()
    )


def _duplicate(document: Document, other: Document) -> ServiceError:
    return ServiceError(
        {
            "symbol": [
                f"Số {document.symbol} đã dùng (nhiệm kỳ, năm đánh số {document.sequence}) cho "
                f"{document_label(other)}."
            ]
        }
    )


def _take_number(document: Document) -> None:
    """ "Lấy số": the next number of the sequence, past any typed by hand meanwhile."""
    on = document.issued_on or date.today()
    document.issued_on = on
    document.code = document.doc_type.code
    document.sequence = numbering_sequence(on)
    while True:
        document.number = number_next(document.issuer_id, document.code, document.sequence)
        document.symbol = f"{document.number:02d}-{document.code}/{document.issuer.code}"
        if _number_taken_by(document) is None:
            return


def _check_applies(organization: Organization, applies_to, errors) -> list[Organization]:
    applies = list(applies_to or ())
    outside = [o.name for o in applies if not o.path.startswith(organization.path)]
    if outside:
        errors["applies_to"] = [
            f"{', '.join(outside)} không thuộc {organization.name}: văn bản chỉ áp dụng cho "
            "tổ chức của đảng bộ giữ văn bản."
        ]
    return applies


def _save(document: Document, *, take_number: bool, errors: dict[str, list[str]]) -> None:
    if document.status == S.ISSUED and not document.symbol and not take_number:
        errors.setdefault("symbol", []).append(
            "Văn bản đã ban hành phải có số, ký hiệu: nhập số hoặc bấm «Lấy số»."
        )
    if take_number and document.issuer.organization_id is None:
        errors.setdefault("symbol", []).append(
            f"Không lấy số cho văn bản của {document.issuer.name}: nhập số, ký hiệu như trên "
            "văn bản."
        )
    if errors:
        raise ServiceError(errors)
    if take_number:
        _take_number(document)
    elif (other := _number_taken_by(document)) is not None:
        raise _duplicate(document, other)
    document.search_key = search_key(f"{document.symbol} {document.title}")
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # the same number typed in another transaction meanwhile
        other = _number_taken_by(document)
        if other is None:
            raise
        raise _duplicate(document, other) from None
    if document.number is not None and not take_number and document.issuer.organization_id:
        number_claim(document.issuer_id, document.code, document.sequence, document.number)


def document_create(
    *,
    actor,
    doc_type: DocumentType,
    issuer: Issuer,
    title: str,
    organization: Organization | None = None,
    symbol: str = "",
    take_number: bool = False,
    issued_on: date | None = None,
    signer: str = "",
    period_start: int | None = None,
    period_end: int | None = None,
    status: str = S.ISSUED,
    note: str = "",
    applies_to=(),
) -> Document:
    """Register a document; `take_number` gives it the next number of its sequence (the
    symbol typed is then ignored)."""
    registry = _registry_of(actor, issuer, organization)
    check_write(actor, registry)
    document = Document(
        organization=registry,
        doc_type=doc_type,
        issuer=issuer,
        issued_on=issued_on,
        signer=signer,
        title=title,
        period_start=period_start,
        period_end=period_end,
        status=status,
        note=note,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    errors: dict[str, list[str]] = {}
    _clean_fields(document, errors)
    if not take_number:
        _read_symbol(document, symbol, errors)
    applies = _check_applies(registry, applies_to, errors)
    with transaction.atomic():
        _save(document, take_number=take_number, errors=errors)
        document.applies_to.set(applies)
        audit_record(
            actor=actor,
            action="document.create",
            target=document,
            after={f: getattr(document, f) for f in FIELDS},
        )
    return document


def document_update(*, actor, document: Document, applies_to=None, **changes) -> Document:
    """Change the record (the fields of FIELDS by name, `symbol` as typed); the number of a
    draft is taken with document_number_take."""
    unknown = set(changes) - {f.removesuffix("_id") for f in FIELDS} - {"doc_type", "issuer"}
    if unknown:
        raise ServiceError(f"Không sửa được trường {', '.join(sorted(unknown))}.")
    lock = Document.objects.select_related("doc_type", "issuer", "organization")
    with action(
        actor=actor, name="document.update", target=document, fields=FIELDS, lock=lock
    ) as act:
        row: Document = act.row
        typed = changes.pop("symbol", row.symbol)
        for field, value in changes.items():
            setattr(row, field, value)
        if "issuer" in changes or "organization" in changes:
            registry = _registry_of(actor, row.issuer, row.organization)
            check_write(actor, registry)
            row.organization = registry
        errors: dict[str, list[str]] = {}
        _clean_fields(row, errors)
        _read_symbol(row, typed, errors)
        applies = (
            _check_applies(row.organization, applies_to, errors) if applies_to is not None else None
        )
        _save(row, take_number=False, errors=errors)
        if applies is not None:
            row.applies_to.set(applies)
    return act.row


def document_number_take(*, actor, document: Document, issued_on: date | None = None) -> Document:
    """ "Lấy số" for a document without a number (a draft about to be issued)."""
    lock = Document.objects.select_related("doc_type", "issuer", "organization")
    with action(
        actor=actor, name="document.number", target=document, fields=FIELDS, lock=lock
    ) as act:
        row: Document = act.row
        if row.number is not None or row.symbol:
            raise ServiceError({"symbol": [f"Văn bản đã có số {row.symbol}."]})
        if issued_on is not None:
            row.issued_on = issued_on
        if row.status == S.DRAFT:
            row.status = S.ISSUED  # a number is given when the document is issued
        _save(row, take_number=True, errors={})
    return act.row
