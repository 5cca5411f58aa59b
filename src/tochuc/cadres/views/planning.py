"""The planning table of a term, printed as the standard list."""

from __future__ import annotations

from django.shortcuts import render

from tochuc.cadres.selectors import planning_table, positions_of
from tochuc.cadres.views.common import day_of, organization_param
from tochuc.documents.exports import letterhead
from tochuc.orgs.models import Term


def planning(request):
    org = organization_param(request)
    on, error = day_of(request)
    terms = list(Term.objects.order_by("-starts_on"))
    chosen = request.GET.get("term")
    term = next((t for t in terms if str(t.pk) == chosen), None) or next(
        (t for t in terms if t.starts_on <= on), terms[-1]
    )
    rows = planning_table(positions_of(request.user, org, on), term, on) if org else []
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
