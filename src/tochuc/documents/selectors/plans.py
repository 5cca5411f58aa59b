"""The restructuring plans whose decision is a document of the registry: their `decision_symbol`
(free text since issue #5) read by the same parser, so existing data links up."""

from __future__ import annotations

from django.db.models import QuerySet

from tochuc.core.scope import scope_q
from tochuc.documents.models import Document
from tochuc.documents.selectors.documents import visible_q
from tochuc.documents.symbols import normalize_symbol
from tochuc.orgs.models import RestructuringPlan


def _plans(actor) -> QuerySet[RestructuringPlan]:
    return RestructuringPlan.objects.filter(scope_q(actor, "organization__path")).select_related(
        "organization"
    )


def plans_of_document(actor, document: Document) -> list[RestructuringPlan]:
    """The plans (the actor sees) ordered by `document`: same symbol, and same date when the
    plan gives one."""
    if not document.symbol or document.number is None:
        return []
    # The number's digits narrow the search on any engine and in any spelling ("Số 321 -
    # QĐ/TU", "321-qđ/tu"); the parser decides.
    candidates = _plans(actor).filter(decision_symbol__contains=str(document.number))
    return [
        p
        for p in candidates.order_by("-effective_date", "-id")
        if normalize_symbol(p.decision_symbol) == document.symbol
        and (
            p.decision_date is None
            or document.issued_on is None
            or p.decision_date == document.issued_on
        )
    ]


PLANS_SHOWN = 200  # the latest plans a reading shows (a country holds thousands)


def plan_decisions(
    actor, limit: int = PLANS_SHOWN
) -> list[tuple[RestructuringPlan, Document | None]]:
    """The latest plans the actor sees (`limit` of them), each with the registry's document
    of its decision, or None (to be registered)."""
    plans = list(_plans(actor).order_by("-effective_date", "-id")[:limit])
    symbols = {normalize_symbol(p.decision_symbol) for p in plans}
    documents: dict[str, list[Document]] = {}
    for document in (
        Document.objects.filter(visible_q(actor), symbol__in=symbols)
        .select_related("doc_type")
        .order_by("-issued_on")
    ):
        documents.setdefault(document.symbol, []).append(document)
    out = []
    for plan in plans:
        same = documents.get(normalize_symbol(plan.decision_symbol), [])
        fits = [d for d in same if plan.decision_date in (None, d.issued_on)]
        out.append((plan, fits[0] if fits else None))
    return out
