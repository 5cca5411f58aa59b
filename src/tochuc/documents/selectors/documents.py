"""Reading the registry, scoped: a document is seen in the subtree of the organization whose
registry keeps it and at every level above it (a commune's plan: the commune, its branches,
the district and the province; another commune: nothing). An outside body's document (22-NQ/TW)
is kept by the organization that registered it, and read the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from tochuc.core.errors import NotFound
from tochuc.core.scope import path_q, scope_path, subtree_path
from tochuc.core.text import search_key
from tochuc.documents.models import Attachment, Document, DocumentLink, LinkKind, Report
from tochuc.documents.symbols import TYPE_WORDS, normalize_symbol, parse_symbol
from tochuc.orgs.models import SEGMENT, Organization


def _ancestors(path: str) -> list[str]:
    return [path[:i] for i in range(SEGMENT, len(path), SEGMENT)]


def visible_q(actor, field: str = "organization__path") -> Q:
    """The documents `actor` may read: their registry's organization in the actor's subtree
    or above it."""
    path = scope_path(actor)
    if path is None:
        return Q(pk__in=[])
    if path == "":
        return Q()
    return path_q(path, field) | Q(**{f"{field}__in": _ancestors(path)})


def _documents(actor) -> QuerySet[Document]:
    return Document.objects.filter(visible_q(actor)).select_related(
        "doc_type", "issuer", "organization"
    )


def document_get(actor, pk: int) -> Document:
    try:
        return _documents(actor).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


@dataclass
class DocumentFilter:
    """The registry's search: every field optional."""

    q: str = ""  # a symbol ("74-NQ/TU", "74-nq") or words of the title, accents optional
    issuer: int | None = None
    year: int | None = None
    period: int | None = None  # a year the document's period covers (giai đoạn 2021-2025)
    issued_from: date | None = None  # issued on or after (the report's figures: 01/01 to its day)
    issued_to: date | None = None
    status: str = ""
    without_drafts: bool = False  # the report's figures: what was issued, not drafts
    organization: Organization | None = None  # its registry and the registries below it
    doc_types: tuple[int, ...] = ()  # any of these types (đề án and nghị quyết of a period)
    issuer_code: str = ""  # the issuers of that code (TU: every province's Tỉnh ủy)


def document_list(actor, spec: DocumentFilter | None = None) -> QuerySet[Document]:
    spec = spec or DocumentFilter()
    documents = _documents(actor)
    if spec.organization is not None:
        path = subtree_path(actor, spec.organization)
        if path is None:
            return documents.none()
        documents = documents.filter(path_q(path, "organization__path"))
    q = (spec.q or "").strip()
    if q:
        documents = documents.filter(_searched(q))
    if spec.doc_types:
        documents = documents.filter(doc_type_id__in=spec.doc_types)
    if spec.issuer:
        documents = documents.filter(issuer_id=spec.issuer)
    if spec.issuer_code:
        documents = documents.filter(issuer__code__iexact=spec.issuer_code)
    if spec.year:
        documents = documents.filter(
            issued_on__gte=date(spec.year, 1, 1), issued_on__lte=date(spec.year, 12, 31)
        )
    if spec.issued_from:
        documents = documents.filter(issued_on__gte=spec.issued_from)
    if spec.issued_to:
        documents = documents.filter(issued_on__lte=spec.issued_to)
    if spec.period:
        documents = documents.filter(period_start__lte=spec.period, period_end__gte=spec.period)
    if spec.status:
        documents = documents.filter(status=spec.status)
    if spec.without_drafts:
        documents = documents.exclude(status=Document.Status.DRAFT)
    return documents.order_by("-issued_on", "-id")


_TYPE_WORDS = re.compile(rf"^(?:{'|'.join(TYPE_WORDS)})\s+(?:số\s+)?", re.IGNORECASE)
_NUMBER_FIRST = re.compile(r"^0*(\d+)(?=-)")


def _searched(q: str) -> Q:
    """A symbol ("74-NQ/TU", "Nghị quyết số 74-NQ/TU"), the start of one ("1-ĐA": 01-ĐA/...),
    or words of the symbol and title, accents optional ("giai đoạn 2021-2025")."""
    bare = _TYPE_WORDS.sub("", q.strip())
    symbol = parse_symbol(bare)
    if symbol is not None:
        return Q(symbol=symbol.text)
    words = Q()
    for word in search_key(q).split():
        words &= Q(search_key__contains=word)
    if any(ch.isdigit() for ch in bare) and ("/" in bare or "-" in bare) and " " not in bare:
        start = _NUMBER_FIRST.sub(lambda m: m[1].zfill(2), normalize_symbol(bare))
        return Q(symbol__startswith=start) | words
    return words


COUNT_CAP = 10_000  # a search counts this many matches at most ("hơn 10.000")


class _CappedPaginator(Paginator):
    def page(self, number):
        """The page's keys first (a narrow sort, or an index read in order), then its rows:
        sorting whole rows (title, search key) of every match for 50 of them was most of the
        time of a broad list."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)

    @cached_property
    def count(self) -> int:
        # Counting needs neither the order nor the joined rows of the page: without them the
        # engine stops after COUNT_CAP + 1 matches instead of sorting all of them first.
        return self.object_list.order_by().select_related(None)[: COUNT_CAP + 1].count()


def document_page(documents: QuerySet[Document], number, size: int = 50) -> Page:
    """A page of the list; the count stops at COUNT_CAP (page.paginator.count > COUNT_CAP
    reads "hơn 10.000")."""
    return _CappedPaginator(documents, size).get_page(number)


@dataclass
class ChainNode:
    document: Document
    kind: str  # the link to the node above it in the tree ("" for the root)
    children: list[ChainNode] = field(default_factory=list)
    link_id: int | None = None  # the DocumentLink to the node above (to remove it)

    @property
    def kind_label(self) -> str:
        return LinkKind(self.kind).label if self.kind else ""


CHAIN_DEPTH = 8


def _grow(actor, roots: list[ChainNode], *, upward: bool) -> None:
    """Fill the children of `roots` level by level: the documents each implements (upward)
    or that implement it (downward), those the actor may see, each document once."""
    seen = {n.document.pk for n in roots}
    level = roots
    for _ in range(CHAIN_DEPTH):
        if not level:
            return
        by_pk = {n.document.pk: n for n in level}
        mine, theirs = ("source_id", "target") if upward else ("target_id", "source")
        links = (
            DocumentLink.objects.filter(**{f"{mine}__in": list(by_pk)})
            .exclude(kind=LinkKind.REPORTS_ON)
            .filter(**{f"{theirs}__in": Document.objects.filter(visible_q(actor))})
            .select_related(f"{theirs}__doc_type", f"{theirs}__issuer", f"{theirs}__organization")
            .order_by(f"{theirs}__issued_on", f"{theirs}__id")
        )
        next_level = []
        for link in links:
            other = getattr(link, theirs)
            if other.pk in seen:
                continue
            seen.add(other.pk)
            node = ChainNode(other, link.kind, link_id=link.pk)
            by_pk[getattr(link, mine)].children.append(node)
            next_level.append(node)
        level = next_level


def document_chain(actor, document: Document) -> tuple[list[ChainNode], list[ChainNode]]:
    """What `document` implements, replaces or amends, up to the first resolution (above), and
    what implements it, down to the districts' plans (below): each a tree."""
    up, down = ChainNode(document, ""), ChainNode(document, "")
    _grow(actor, [up], upward=True)
    _grow(actor, [down], upward=False)
    return up.children, down.children


def document_reports(actor, document: Document) -> QuerySet[Document]:
    """The reports on `document` the actor may see."""
    return (
        _documents(actor)
        .filter(links_out__target=document, links_out__kind=LinkKind.REPORTS_ON)
        .order_by("issued_on", "id")
    )


@dataclass
class ReportRow:
    report: Report
    state: str  # "done", "late" (past the deadline, nothing in), "pending", "done_late"

    @property
    def state_label(self) -> str:
        return {
            "done": "Đã nộp",
            "done_late": "Nộp muộn",
            "late": "Quá hạn",
            "pending": "Chưa đến hạn",
        }[self.state]


def report_state(report: Report, due_on: date, today: date) -> str:
    """The report's state on `today` (a past day: what was in by then)."""
    if report.submitted_on is not None and report.submitted_on <= today:
        return "done_late" if report.submitted_on > due_on else "done"
    return "late" if today > due_on else "pending"


def followup(actor, document: Document, today: date | None = None) -> list[tuple]:
    """Each report request of `document` with its rows (the organizations the actor sees):
    [(request, [ReportRow])]."""
    today = today or date.today()
    out = []
    for request in document.report_requests.all():
        reports = (
            request.reports.select_related("organization", "document")
            .prefetch_related("document__attachments")
            .order_by("organization__path")
        )
        reports = reports.filter(visible_q(actor))
        rows = [ReportRow(r, report_state(r, request.due_on, today)) for r in reports]
        out.append((request, rows))
    return out


def attachment_get(actor, pk: int) -> Attachment:
    """A file, for whoever may read its document."""
    try:
        attachment = Attachment.objects.select_related("document").get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    document_get(actor, attachment.document_id)
    return attachment


def link_get(actor, pk: int) -> DocumentLink:
    """A link, for whoever may read the document it starts from."""
    try:
        link = DocumentLink.objects.select_related("source", "target").get(pk=pk)
    except (DocumentLink.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    document_get(actor, link.source_id)
    return link


def report_get(actor, pk: int) -> Report:
    """A report owed: seen by the organization asked (and its levels above) and by the
    requesting document's readers of that subtree."""
    reports = Report.objects.select_related("organization", "request__document")
    try:
        return reports.filter(visible_q(actor)).get(pk=pk)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


@dataclass
class ReportFilter:
    """The reports owed (the follow-up's rows), every field optional."""

    state: str = ""  # "received" (in by `on`), "late" (due before `on`, not in by it), "pending"
    due_year: int | None = None
    due_from: date | None = None
    due_to: date | None = None
    on: date | None = None  # the day the states are read on: today by default
    organization: Organization | None = None  # the subtree that owes them


REPORT_STATES = {
    "received": "Đã nộp",
    "late": "Quá hạn chưa nộp",
    "pending": "Chưa nộp, chưa đến hạn",
}


def reports_owed(actor, spec: ReportFilter | None = None) -> QuerySet[Report]:
    """Reports owed by organizations of the actor's subtree (narrowed to `organization`'s),
    the earliest deadline first: the report's follow-up figures, the to-do screen."""
    spec = spec or ReportFilter()
    on = spec.on or date.today()
    path = subtree_path(actor, spec.organization)
    reports = Report.objects.all()
    if path is None:
        return reports.none()
    if path:
        reports = reports.filter(path_q(path, "organization__path"))
    not_in = Q(submitted_on__isnull=True) | Q(submitted_on__gt=on)
    if spec.state == "received":
        reports = reports.filter(submitted_on__lte=on)
    elif spec.state == "late":
        reports = reports.filter(not_in, request__due_on__lt=on)
    elif spec.state == "pending":
        reports = reports.filter(not_in, request__due_on__gte=on)
    if spec.due_year:
        reports = reports.filter(
            request__due_on__gte=date(spec.due_year, 1, 1),
            request__due_on__lte=date(spec.due_year, 12, 31),
        )
    if spec.due_from:
        reports = reports.filter(request__due_on__gte=spec.due_from)
    if spec.due_to:
        reports = reports.filter(request__due_on__lte=spec.due_to)
    return reports.select_related(
        "organization", "document", "request__document__doc_type"
    ).order_by("request__due_on", "organization__path", "id")
