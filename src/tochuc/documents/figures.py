"""The registry's section of the report (reports.sections): per row of the report, the documents
issued from 01/01 to the report's day by type, the đề án and nghị quyết whose period covers the
report's year, and the reports asked of the row's organizations with a deadline in that year
(asked, received, late on the report's day). Every count is one grouped query; every figure
drills down to the registry's list (DocumentFilter's fields, as the list page reads them)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr

from tochuc.documents.models import Document, DocumentType, Report
from tochuc.reports import sections
from tochuc.reports.selectors import Column, TableSpec

KEY, REPORTS_KEY = "documents", "document_reports"  # the registry's list, the reports' list
ISSUED, PERIOD, REPORTS = "documents_issued", "documents_period", "documents_reports"
# The types whose period the report reads ("đề án ... giai đoạn 2021-2025"), by their codes
# (the catalogue's names are the operator's to edit).
PERIOD_CODES = ("NQ", "ĐA")


def _day(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def _by_type(rows, dimension: str, found: dict[str, Counter]) -> None:
    for prefix, type_id, n in rows:
        found.setdefault(prefix, Counter())[(dimension, str(type_id))] += n


def figures(on: date, low: str, high: str, width: int) -> dict[str, Counter]:
    """The section's counts per path prefix of `width` (the report's rows); what the report's
    organization keeps itself is keyed by its own, shorter path (the engine's own row)."""
    year = on.year
    in_range = Q(organization__path__gte=low, organization__path__lt=high)
    prefix = Substr("organization__path", 1, width)
    issued = (
        Document.objects.filter(in_range, issued_on__gte=date(year, 1, 1), issued_on__lte=on)
        .exclude(status=Document.Status.DRAFT)
        .annotate(prefix=prefix)
        .values_list("prefix", "doc_type_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    period = (
        Document.objects.filter(
            in_range,
            doc_type__code__in=PERIOD_CODES,
            period_start__lte=year,
            period_end__gte=year,
        )
        .exclude(status=Document.Status.DRAFT)
        .filter(Q(issued_on__isnull=True) | Q(issued_on__lte=on))
        .annotate(prefix=prefix)
        .values_list("prefix", "doc_type_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[str, Counter] = {}
    _by_type(issued, ISSUED, found)
    _by_type(period, PERIOD, found)
    return found


def report_figures(on: date, low: str, high: str, width: int) -> dict[str, Counter]:
    """The reports owed with a deadline in the report's year, per row: asked, received by the
    report's day, late on it (as reports_owed reads them)."""
    year = on.year
    in_range = Q(organization__path__gte=low, organization__path__lt=high)
    prefix = Substr("organization__path", 1, width)
    owed = (
        Report.objects.filter(
            in_range,
            request__due_on__gte=date(year, 1, 1),
            request__due_on__lte=date(year, 12, 31),
        )
        .annotate(prefix=prefix)
        .values_list("prefix")
        .annotate(
            asked=Count("id"),
            received=Count("id", filter=Q(submitted_on__lte=on)),
            late=Count(
                "id",
                filter=Q(request__due_on__lt=on)
                & (Q(submitted_on__isnull=True) | Q(submitted_on__gt=on)),
            ),
        )
        .order_by()
    )
    found: dict[str, Counter] = {}
    for key, asked, received, late in owed:
        counts = found.setdefault(key, Counter())
        counts.update({(REPORTS, "asked"): asked, (REPORTS, "received"): received})
        counts[(REPORTS, "late")] += late
    return found


def _count(dimension: str, value: str):
    return lambda row, _: row.n(dimension, value)


def _issued_total(row, _) -> int:
    return sum(n for (dim, _v), n in row.counts.items() if dim == ISSUED)


def tables(on: date) -> list[TableSpec]:
    """The section's three tables on `on`: one column per document type in use (the types of
    the catalogue that have a document), so the table is as wide as the registry needs."""
    year = on.year
    past = {"issued_to": _day(on)} if on < date.today() else {}
    issued = {"issued_from": _day(date(year, 1, 1)), "issued_to": _day(on), "without_drafts": 1}
    types = list(
        DocumentType.objects.filter(Exists(Document.objects.filter(doc_type=OuterRef("pk"))))
        .order_by("order", "name")
        .values_list("id", "name", "code")
    )
    by_type = [
        Column(name, _count(ISSUED, str(pk)), {"type": pk} | issued) for pk, name, _ in types
    ]
    in_force = {"period": year, "without_drafts": 1} | past
    periods = [
        Column(name, _count(PERIOD, str(pk)), {"type": pk} | in_force)
        for pk, name, code in types
        if code in PERIOD_CODES
    ]
    return [
        TableSpec(
            "van-ban",
            f"Văn bản ban hành từ 01/01/{year} đến {_day(on)}",
            [Column("Tổng số", _issued_total, issued), *by_type],
            of=KEY,
        ),
        TableSpec(
            "van-ban-giai-doan",
            f"Đề án, nghị quyết có giai đoạn gồm năm {year}",
            periods or [Column("Đề án, nghị quyết", lambda r, _: 0, None)],
            of=KEY,
        ),
    ]


def report_tables(on: date) -> list[TableSpec]:
    """The follow-up's table on `on`: each figure opens the reports' list of that state."""
    due = {"due": on.year} | ({"on": _day(on)} if on < date.today() else {})
    return [
        TableSpec(
            "bao-cao-theo-doi",
            f"Báo cáo theo yêu cầu của văn bản, hạn nộp trong năm {on.year}",
            [
                Column("Phải nộp", _count(REPORTS, "asked"), due),
                Column("Đã nộp", _count(REPORTS, "received"), {"state": "received"} | due),
                Column("Quá hạn chưa nộp", _count(REPORTS, "late"), {"state": "late"} | due),
            ],
            of=REPORTS_KEY,
        )
    ]


def register() -> None:
    """Called by DocumentsConfig.ready: the registry's tables, then the follow-up's."""
    sections.register(
        sections.Section(key=KEY, list_url="/documents/", tables=tables, figures=figures)
    )
    sections.register(
        sections.Section(
            key=REPORTS_KEY,
            list_url="/documents/reports/",
            tables=report_tables,
            figures=report_figures,
        )
    )
