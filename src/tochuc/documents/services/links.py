"""Links between documents: 48-KH/TU implements 22-NQ/TW; a new regulation replaces an old one
(which is then marked replaced); an amendment; a report on a resolution."""

from __future__ import annotations

from tochuc.core.actions import action
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.scope import in_scope
from tochuc.documents.models import Document, DocumentLink, LinkKind
from tochuc.documents.selectors import document_get

# The kinds that make a chain: following them upward must never come back.
CHAINED = (LinkKind.IMPLEMENTS, LinkKind.REPLACES, LinkKind.AMENDS)


def _reaches(start: int, goal: int) -> bool:
    """Whether following the chained links upward from `start` reaches `goal`."""
    seen, frontier = {start}, [start]
    while frontier:
        targets = set(
            DocumentLink.objects.filter(source_id__in=frontier, kind__in=CHAINED).values_list(
                "target_id", flat=True
            )
        )
        if goal in targets:
            return True
        frontier = list(targets - seen)
        seen |= targets
    return False


def document_link(*, actor, source: Document, target: Document, kind: str) -> DocumentLink:
    """Record that `source` implements (replaces, amends, reports on) `target`; the actor must
    be able to change `source` and see `target`."""
    if kind not in LinkKind.values:
        raise ServiceError({"kind": [f"Quan hệ «{kind}» không có."]})
    try:
        target = document_get(actor, target.pk)
    except NotFound:
        raise ServiceError({"target": ["Không tìm thấy văn bản được liên kết."]}) from None
    with action(actor=actor, name="document.link", target=source) as act:
        if target.pk == source.pk:
            raise ServiceError({"target": ["Văn bản không liên kết được với chính nó."]})
        if DocumentLink.objects.filter(source=source, target=target, kind=kind).exists():
            raise ServiceError(
                {"target": [f"Đã có liên kết «{LinkKind(kind).label}» tới {target.label}."]}
            )
        if kind in CHAINED and _reaches(target.pk, source.pk):
            raise ServiceError(
                {
                    "target": [
                        f"{target.label} đã thực hiện (hoặc thay thế, sửa đổi) {source.label} "
                        "qua chuỗi văn bản: liên kết ngược lại sẽ tạo vòng."
                    ]
                }
            )
        if kind == LinkKind.REPLACES and not in_scope(actor, target.organization):
            # The actor sees the levels above but does not keep their registry.
            raise ServiceError(
                {
                    "target": [
                        f"{target.label} thuộc sổ văn bản của {target.organization.name}: chỉ "
                        "người giữ sổ đó mới ghi được văn bản bị thay thế."
                    ]
                }
            )
        link = DocumentLink.objects.create(source=source, target=target, kind=kind)
        if kind == LinkKind.REPLACES and target.status != Document.Status.REPLACED:
            act.after["replaced"] = target.pk
            Document.objects.filter(pk=target.pk).update(status=Document.Status.REPLACED)
        act.after["link"] = {"target": target.pk, "kind": kind}
    return link


def document_unlink(*, actor, link: DocumentLink) -> None:
    with action(actor=actor, name="document.unlink", target=link.source) as act:
        act.before["link"] = {"target": link.target_id, "kind": link.kind}
        DocumentLink.objects.filter(pk=link.pk).delete()
