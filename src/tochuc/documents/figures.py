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

KEY = "documents"
ISSUED, PERIOD, REPORTS = "documents_issued", "documents_period", "documents_reports"
# The types whose period the report reads ("đề án ... giai đoạn 2021-2025"), by catalogue name.
PERIOD_TYPES = ("Đề án", "Nghị quyết")


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
        .annotate(prefix=prefix)
        .values_list("prefix", "doc_type_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    period = (
        Document.objects.filter(
            in_range,
            doc_type__name__in=PERIOD_TYPES,
            period_start__lte=year,
            period_end__gte=year,
        )
        .filter(Q(issued_on__isnull=True) | Q(issued_on__lte=on))
        .annotate(prefix=prefix)
        .values_list("prefix", "doc_type_id")
        .annotate(n=Count("id"))
        .order_by()
    )
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
    _by_type(issued, ISSUED, found)
    _by_type(period, PERIOD, found)
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
    issued = {"issued_from": _day(date(year, 1, 1)), "issued_to": _day(on)}
    types = list(
        DocumentType.objects.filter(Exists(Document.objects.filter(doc_type=OuterRef("pk"))))
        .order_by("order", "name")
        .values_list("id", "name")
    )
    by_type = [Column(name, _count(ISSUED, str(pk)), {"type": pk} | issued) for pk, name in types]
    periods = [
        Column(name, _count(PERIOD, str(pk)), {"type": pk, "period": year} | past)
        for pk, name in types
        if name in PERIOD_TYPES
    ]
    due = {"reports_due": year}
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
        TableSpec(
            "bao-cao-theo-doi",
            f"Báo cáo theo yêu cầu của văn bản, hạn nộp trong năm {year}",
            [
                Column("Phải nộp", _count(REPORTS, "asked"), {"reports": "asked"} | due),
                Column("Đã nộp", _count(REPORTS, "received"), {"reports": "received"} | due),
                Column("Quá hạn chưa nộp", _count(REPORTS, "late"), {"reports": "late"} | due),
            ],
            of=KEY,
        ),
    ]


def register() -> None:
    """Called by DocumentsConfig.ready."""
    sections.register(
        sections.Section(key=KEY, list_url="/documents/", tables=tables, figures=figures)
    )
