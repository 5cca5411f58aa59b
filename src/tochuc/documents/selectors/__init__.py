"""Reads of the registry, each scoped to the actor (documents.py) and the references of a text
matched to it (references.py)."""

from tochuc.documents.selectors.documents import (  # noqa: F401
    COUNT_CAP,
    REPORT_STATES,
    ChainNode,
    DocumentFilter,
    ReportFilter,
    ReportRow,
    attachment_get,
    document_chain,
    document_get,
    document_list,
    document_page,
    document_reports,
    followup,
    link_get,
    report_get,
    report_state,
    reports_owed,
    visible_q,
)
from tochuc.documents.selectors.plans import plan_decisions, plans_of_document  # noqa: F401
from tochuc.documents.selectors.references import Match, references_match  # noqa: F401
