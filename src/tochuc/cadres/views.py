"""The cadre work's pages: the positions of an organization with their holders and vacancies,
and the planning table of a term, printed as the standard list."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render

from tochuc.cadres.selectors import planning_table, positions_of, vacancies
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
    org = _organization(request)
    on, error = _day(request)
    listed = list(positions_of(request.user, org)) if org else []
    holders = holders_by_position([p.pk for p in listed], on)
    free = dict((p.pk, n) for p, n in vacancies(request.user, on, org)) if org else {}
    rows = [(p, holders.get(p.pk, []), free.get(p.pk, 0)) for p in listed]
    context = {"org": org, "on": on, "error": error, "rows": rows}
    context["vacant"] = sum(1 for _, _, n in rows if n)
    return render(request, "cadres/positions.html", context)


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
