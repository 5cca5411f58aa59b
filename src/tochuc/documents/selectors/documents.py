"""Reading the registry, scoped: a document is seen in the subtree of the organization whose
registry keeps it and at every level above it (a commune's plan: the commune, its branches,
the district and the province; another commune: nothing). An outside body's document (22-NQ/TW)
is kept by the organization that registered it, and read the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from tochuc.core.errors import NotFound
from tochuc.core.scope import path_q, scope_path, subtree_path
from tochuc.core.text import search_key
from tochuc.documents.models import Attachment, Document, DocumentLink, LinkKind, Report
from tochuc.documents.symbols import normalize_symbol, parse_symbol
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
    doc_type: int | None = None
    issuer: int | None = None
    year: int | None = None
    period: int | None = None  # a year the document's period covers (giai đoạn 2021-2025)
    issued_from: date | None = None  # issued on or after (the report's figures: 01/01 to its day)
    issued_to: date | None = None
    # The documents asking reports ("asked"; "received": some in; "late": some past due and
    # not in) of `organization`'s subtree (then not the registry's subtree), due in `reports_due`.
    reports: str = ""
    reports_due: int | None = None
    status: str = ""
    organization: Organization | None = None  # its registry and the registries below it
    doc_types: tuple[int, ...] = ()  # any of these types (đề án and nghị quyết of a period)


def document_list(actor, spec: DocumentFilter | None = None) -> QuerySet[Document]:
    spec = spec or DocumentFilter()
    documents = _documents(actor)
    if spec.organization is not None:
        path = subtree_path(actor, spec.organization)
        if path is None:
            return documents.none()
        if not spec.reports:
            documents = documents.filter(path_q(spec.organization.path, "organization__path"))
    if spec.reports:
        documents = documents.filter(pk__in=_asking(actor, spec))
    q = (spec.q or "").strip()
    if q:
        symbol = parse_symbol(q)
        if symbol is not None:
            documents = documents.filter(symbol=symbol.text)
        elif any(ch.isdigit() for ch in q) and ("/" in q or "-" in q):
            documents = documents.filter(symbol__startswith=normalize_symbol(q))
        else:
            for word in search_key(q).split():
                documents = documents.filter(search_key__contains=word)
    if spec.doc_type:
        documents = documents.filter(doc_type_id=spec.doc_type)
    if spec.doc_types:
        documents = documents.filter(doc_type_id__in=spec.doc_types)
    if spec.issuer:
        documents = documents.filter(issuer_id=spec.issuer)
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
    return documents.order_by("-issued_on", "-id")


def _asking(actor, spec: DocumentFilter):
    """The requesting documents of the reports owed by `spec.organization`'s subtree (the
    actor's when None), in the state `spec.reports` names."""
    path = spec.organization.path if spec.organization is not None else scope_path(actor)
    owed = Report.objects.all()
    if path:
        owed = owed.filter(path_q(path, "organization__path"))
    if spec.reports == "received":
        owed = owed.filter(submitted_on__isnull=False)
    elif spec.reports == "late":
        owed = owed.filter(submitted_on__isnull=True, request__due_on__lt=date.today())
    if spec.reports_due:
        owed = owed.filter(
            request__due_on__gte=date(spec.reports_due, 1, 1),
            request__due_on__lte=date(spec.reports_due, 12, 31),
        )
    return owed.values("request__document_id")


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
    if report.submitted_on is not None:
        return "done_late" if report.submitted_on > due_on else "done"
    return "late" if today > due_on else "pending"


def followup(actor, document: Document, today: date | None = None) -> list[tuple]:
    """Each report request of `document` with its rows (the organizations the actor sees):
    [(request, [ReportRow])]."""
    today = today or date.today()
    path = scope_path(actor)
    out = []
    for request in document.report_requests.all():
        reports = (
            request.reports.select_related("organization", "document")
            .prefetch_related("document__attachments")
            .order_by("organization__path")
        )
        if path:
            reports = reports.filter(
                path_q(path, "organization__path") | Q(organization__path__in=_ancestors(path))
            )
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
    path = scope_path(actor)
    reports = Report.objects.select_related("organization", "request__document")
    if path is None:
        raise NotFound
    if path:
        reports = reports.filter(
            path_q(path, "organization__path") | Q(organization__path__in=_ancestors(path))
        )
    try:
        return reports.get(pk=pk)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def reports_late(actor, today: date, organization: Organization | None = None) -> QuerySet[Report]:
    """Reports past their deadline and not in, owed by organizations of the actor's subtree."""
    path = subtree_path(actor, organization)
    reports = Report.objects.filter(submitted_on__isnull=True, request__due_on__lt=today)
    if path is None:
        return reports.none()
    if path:
        reports = reports.filter(path_q(path, "organization__path"))
    return reports.select_related("organization", "request__document__doc_type").order_by(
        "request__due_on", "organization__path"
    )


def reports_due(
    actor, start: date, end: date, organization: Organization | None = None
) -> QuerySet[Report]:
    """Reports not in yet, due from `start` to `end`, owed by organizations of the actor's
    subtree (the to-do screen's "due within 14 days")."""
    path = subtree_path(actor, organization)
    reports = Report.objects.filter(
        submitted_on__isnull=True, request__due_on__gte=start, request__due_on__lte=end
    )
    if path is None:
        return reports.none()
    if path:
        reports = reports.filter(path_q(path, "organization__path"))
    return reports.select_related("organization", "request__document__doc_type").order_by(
        "request__due_on", "organization__path"
    )
