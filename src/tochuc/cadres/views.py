"""The cadre work's pages: the positions of an organization with their holders and vacancies,
and the planning table of a term, printed as the standard list."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tochuc.cadres.forms import AppointForm, PositionForm
from tochuc.cadres.models import CadreEvent
from tochuc.cadres.selectors import (
    appointable,
    moves,
    planning_table,
    positions_of,
    reappointments_due,
    vacancies,
)
from tochuc.cadres.selectors.planning import holders_by_position
from tochuc.cadres.services import member_appoint, position_create
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.forms import day_param, form_submit
from tochuc.documents.exports import letterhead
from tochuc.members.selectors import member_get
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
    context["form"] = PositionForm() if org and request.user.can_write else None
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


@require_POST
def position_new(request):
    """A position of the organization (?organization=): the positions page's form."""
    org = _organization(request)
    if org is None:
        raise NotFound
    form = PositionForm(request.POST)
    done = form_submit(
        form,
        lambda d: position_create(
            actor=request.user,
            organization=org,
            title=d["title"],
            seats=d["seats"],
            management_level=d["management_level"],
        ),
    )
    if done:
        messages.success(request, f"Đã thêm chức vụ {done.label}.")
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect(f"{reverse('cadres:positions')}?organization={org.pk}")


@require_POST
def appoint(request, member_pk):
    """A member appointed to a position from the cadre tab of their record."""
    member = member_get(actor=request.user, pk=member_pk)
    positions = appointable(request.user, member)
    form = AppointForm(request.POST, positions=positions)
    chosen = {p.pk: p for p in positions}

    done = form_submit(
        form,
        lambda d: member_appoint(
            actor=request.user,
            member=member,
            position=chosen[d["position"]],
            on=d["on"],
            kind=d["kind"],
        ),
    )
    if done:
        messages.success(request, f"Đã ghi {done.position.label} từ {done.start:%d/%m/%Y}.")
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("members:detail", pk=member.pk)
