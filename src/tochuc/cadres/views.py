"""The cadre work's pages: the positions of an organization with their holders and vacancies,
and the planning table of a term, printed as the standard list."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.shortcuts import render

from tochuc.cadres.models import CadreEvent
from tochuc.cadres.selectors import (
    moves,
    planning_table,
    positions_of,
    reappointments_due,
    vacancies,
)
from tochuc.cadres.selectors.planning import holders_by_position
from tochuc.core.errors import ServiceError
from tochuc.core.forms import day_param
from tochuc.documents.exports import letterhead
from tochuc.orgs.models import Term
from tochuc.orgs.selectors import organization_get, organization_roots


def _organization(request):
    org_id = request.GET.get("organization")
    if org_id:
        return organization_get(actor=request.user, pk=org_id)
    roots = organization_roots(actor=request.user)
    return roots[0] if len(roots) == 1 else None


def _day(request) -> tuple[date, str]:
    try:
        return (day_param(request.GET["on"]) if request.GET.get("on") else date.today()), ""
    except ServiceError as exc:
        return date.today(), exc.text()


def positions(request):
    """The positions with their holders on a day; `vacant=1` those short of holders, `due=1`
    those whose holder's term of office ends within the rule's notice (the to-do screen's)."""
    org = _organization(request)
    on, error = _day(request)
    listed = list(positions_of(request.user, org)) if org else []
    holders = holders_by_position([p.pk for p in listed], on)
    free = dict((p.pk, n) for p, n in vacancies(request.user, on, org)) if org else {}
    rows = [(p, holders.get(p.pk, []), free.get(p.pk, 0)) for p in listed]
    if request.GET.get("vacant"):
        rows = [r for r in rows if r[2]]
    due = []
    if request.GET.get("due") and org:
        due = list(reappointments_due(request.user, on, org))
        rows = [r for r in rows if r[0].pk in {h.position_id for h in due}]
    context = {"org": org, "on": on, "error": error, "rows": rows, "due": due}
    context["vacant"] = sum(1 for _, _, n in rows if n)
    return render(request, "cadres/positions.html", context)


def _date_param(request, name: str):
    raw = request.GET.get(name)
    if not raw:
        return None, ""
    try:
        return day_param(raw), ""
    except ServiceError as exc:
        return None, exc.text()


def move_list(request):
    """The moves of a period (bổ nhiệm, luân chuyển ...): the report's figures open it with
    `kind` (comma-separated), `from`, `to` and `organization`."""
    org = _organization(request)
    start, error_start = _date_param(request, "from")
    end, error_end = _date_param(request, "to")
    kinds = [k for k in request.GET.get("kind", "").split(",") if k in CadreEvent.Kind.values]
    events = moves(request.user, kinds=kinds, start=start, end=end, organization=org)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "org": org,
        "page": page,
        "query": query.urlencode(),
        "start": start,
        "end": end,
        "kinds": [CadreEvent.Kind(k).label for k in kinds],
        "error": error_start or error_end,
    }
    return render(request, "cadres/moves.html", context)


def planning(request):
    org = _organization(request)
    on, error = _day(request)
    terms = list(Term.objects.order_by("-starts_on"))
    chosen = request.GET.get("term")
    term = next((t for t in terms if str(t.pk) == chosen), None) or next(
        (t for t in terms if t.starts_on <= on), terms[-1]
    )
    rows = planning_table(positions_of(request.user, org), term, on) if org else []
    context = {
        "org": org,
        "on": on,
        "error": error,
        "term": term,
        "terms": terms,
        "rows": rows,
        "head": letterhead(org, on),
    }
    return render(request, "cadres/planning.html", context)
