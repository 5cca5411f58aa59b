"""References found in a text, matched to the registry the actor sees."""

from __future__ import annotations

from dataclasses import dataclass

from tochuc.documents.models import Document
from tochuc.documents.selectors.documents import visible_q
from tochuc.documents.symbols import Reference, find_references


@dataclass
class Match:
    reference: Reference
    document: Document | None  # the registry's document, when one fits
    others: int  # other documents with the same symbol (another year's, another issuer's)


def references_match(actor, text: str) -> list[Match]:
    """Every reference of `text`, each with the document it names when the registry has it:
    the same symbol, and the same date when the text gives one (else the latest)."""
    references = find_references(text)
    symbols = {r.symbol for r in references}
    candidates: dict[str, list[Document]] = {}
    if symbols:
        for document in (
            Document.objects.filter(visible_q(actor), symbol__in=symbols)
            .select_related("doc_type", "issuer")
            .order_by("-issued_on", "-id")
        ):
            candidates.setdefault(document.symbol, []).append(document)
    out = []
    for reference in references:
        same = candidates.get(reference.symbol, [])
        if reference.issued_on is not None:
            fits = [d for d in same if d.issued_on == reference.issued_on]
        else:
            fits = same
        if reference.type_name and fits:
            typed = [d for d in fits if d.doc_type.name == reference.type_name]
            fits = typed or fits
        document = fits[0] if fits else None
        out.append(Match(reference, document, len(same) - (1 if document else 0)))
    return out
