"""The cadre work's pages of positions: the positions of an organization with their holders and
vacancies, a position added, a member appointed from their record, and the moves of a period."""

from __future__ import annotations

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
    position_page,
    position_rows,
    reappointments_due,
)
from tochuc.cadres.services import member_appoint, position_create
from tochuc.cadres.views.common import date_param, day_of, organization_param, refused
from tochuc.core.errors import NotFound
from tochuc.core.forms import form_submit
from tochuc.members.selectors import member_get


def positions(request):
    """The positions with their holders on a day, 50 a page; `vacant=1` those short of
    holders, `due=1` those whose holder's term of office ends within the rule's notice (the
    to-do screen's). Counted and filtered in the database: a province lists thousands."""
    org = organization_param(request)
    on, error = day_of(request)
    context = {"org": org, "on": on, "error": error, "rows": [], "page": None, "due": None}
    if org:
        due = bool(request.GET.get("due"))
        page, total, vacant = position_page(
            request.user,
            org,
            on,
            vacant=bool(request.GET.get("vacant")),
            due=due,
            page=request.GET.get("page"),
        )
        context["rows"] = position_rows(page, on)
        context |= {"page": page, "total": total, "vacant": vacant}
        if due:  # the to-do's count: the people whose term of office ends soon
            context["due"] = reappointments_due(request.user, on, org).count()
        query = request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
    context["form"] = PositionForm() if org and request.user.can_write else None
    return render(request, "cadres/positions.html", context)


def move_list(request):
    """The moves of a period (bổ nhiệm, luân chuyển ...): the report's figures open it with
    `kind` (comma-separated), `from`, `to` and `organization`."""
    org = organization_param(request)
    start, error_start = date_param(request, "from")
    end, error_end = date_param(request, "to")
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


@require_POST
def position_new(request):
    """A position of the organization (?organization=): the positions page's form."""
    org = organization_param(request)
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
            established_on=d["established_on"],
        ),
    )
    if done:
        messages.success(request, f"Đã thêm chức vụ {done.label}.")
    else:
        refused(request, form)
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
        refused(request, form)
    return redirect("members:detail", pk=member.pk)
