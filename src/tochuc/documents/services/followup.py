"""Follow-up: a document asks organizations of its subtree for a report (sơ kết, tổng kết) by a
date; each answers with a report document (and its file). Late ones are on their to-do screen."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from tochuc.core.actions import action
from tochuc.core.errors import ServiceError
from tochuc.documents.models import (
    Document,
    DocumentLink,
    LinkKind,
    Report,
    ReportKind,
    ReportRequest,
)
from tochuc.documents.services.files import attachment_add
from tochuc.documents.services.registry import document_create
from tochuc.orgs.models import Organization


def report_request_create(
    *,
    actor,
    document: Document,
    kind: str,
    due_on: date | None,
    organizations,
    title: str = "",
) -> ReportRequest:
    """Ask `organizations` (of the document's subtree, itself excluded) for a report."""
    errors: dict[str, list[str]] = {}
    if kind not in ReportKind.values:
        errors["kind"] = ["Chọn sơ kết hoặc tổng kết."]
    if due_on is None:
        errors["due_on"] = ["Nhập hạn nộp báo cáo."]
    asked = list(dict.fromkeys(organizations or ()))
    if not asked:
        errors["organizations"] = ["Chọn ít nhất một tổ chức phải báo cáo."]
    with action(actor=actor, name="document.report_request", target=document) as act:
        row: Document = act.row
        root = Organization.objects.only("path", "name").get(pk=row.organization_id)
        outside = [o.name for o in asked if o.pk == root.pk or not o.path.startswith(root.path)]
        if outside:
            errors["organizations"] = [
                f"{', '.join(outside)} không phải tổ chức cấp dưới của {root.name}."
            ]
        if due_on and row.issued_on and due_on < row.issued_on:
            errors["due_on"] = [
                f"Hạn nộp {due_on:%d/%m/%Y} trước ngày ban hành văn bản {row.issued_on:%d/%m/%Y}."
            ]
        if errors:
            raise ServiceError(errors)
        request = ReportRequest.objects.create(
            document=row,
            kind=kind,
            title=(title or "").strip()[:255],
            due_on=due_on,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        Report.objects.bulk_create(Report(request=request, organization=o) for o in asked)
        act.after["request"] = {
            "kind": kind,
            "due_on": due_on.isoformat(),  # the audit stores JSON: a nested date as text
            "organizations": len(asked),
        }
    return request


def report_submit(*, actor, report: Report, document: Document, on: date | None = None) -> Report:
    """Mark `report` as answered by `document` (of the organization asked, or of its
    subtree), linked to the requesting document as reporting on it."""
    on = on or document.issued_on or date.today()
    lock = Report.objects.select_related("organization", "request__document")
    with action(actor=actor, name="document.report", target=report, lock=lock) as act:
        row: Report = act.row
        asked = row.organization
        if row.document_id is not None:
            raise ServiceError({"document": [f"{asked.name} đã nộp báo cáo này."]})
        # The organization's own document: whoever sees the follow-up row sees it too (one
        # of a unit below would show its title to that unit's siblings).
        if document.organization_id != asked.pk:
            raise ServiceError(
                {"document": [f"Báo cáo phải là văn bản trong sổ văn bản của {asked.name}."]}
            )
        row.document, row.submitted_on = document, on
        row.save(update_fields=["document", "submitted_on"])
        DocumentLink.objects.get_or_create(
            source=document, target=row.request.document, kind=LinkKind.REPORTS_ON
        )
        act.after["document"] = document.pk
    return row


def report_file(*, actor, report: Report, document_fields: dict, upload=None) -> Report:
    """Register the report document (with its file) and submit it, in one transaction; a
    refusal leaves neither the document nor its stored file."""
    attachment = None
    try:
        with transaction.atomic():
            # A report already in is refused before anything is registered or stored.
            if Report.objects.filter(pk=report.pk, document__isnull=False).exists():
                raise ServiceError(
                    {"document": [f"{report.organization.name} đã nộp báo cáo này."]}
                )
            document = document_create(
                actor=actor, organization=report.organization, **document_fields
            )
            if upload is not None:
                attachment = attachment_add(actor=actor, document=document, upload=upload)
            return report_submit(actor=actor, report=report, document=document)
    except Exception:
        if attachment is not None:  # the database forgot it; the storage must too
            attachment.file.storage.delete(attachment.file.name)
        raise
