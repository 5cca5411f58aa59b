"""The registry's catalogue of types, read by name or code: the operator edits the names, so
the code is what the system relies on (a report is BC)."""

from __future__ import annotations

from tochuc.core.errors import ServiceError
from tochuc.core.text import search_key
from tochuc.documents.models import DocumentType

REPORT_CODE = "BC"


def type_find(text: str) -> DocumentType | None:
    """A type by its name (accents optional) or its code (NQ, KH; QĐ: the first of the types
    that share it, in the catalogue's order)."""
    key, code = search_key(text), (text or "").strip().upper()
    for doc_type in DocumentType.objects.order_by("order", "name"):
        if doc_type.code.upper() == code or search_key(doc_type.name) == key:
            return doc_type
    return None


def type_names() -> str:
    """ "Nghị quyết (NQ), Quyết định (QĐ) ...": what a refusal offers."""
    return ", ".join(f"{t.name} ({t.code})" for t in DocumentType.objects.order_by("order", "name"))


def report_type() -> DocumentType:
    """The type of a report answering a request."""
    found = DocumentType.objects.filter(code=REPORT_CODE).order_by("order", "name").first()
    if found is None:
        raise ServiceError(
            f"Danh mục loại văn bản không còn loại báo cáo (viết tắt {REPORT_CODE}): quản trị "
            "viên thêm lại trong trang quản trị."
        )
    return found
