"""The planning table of a term, printed as the standard list; on screen, for a user who can
write, the forms of the planning list: a person added to a position's plan, a plan reviewed
for a year, a plan removed with its reason, each optionally by a decision of the registry."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tochuc.cadres.forms import PlanningAddForm, PlanningRemoveForm, PlanningReviewForm
from tochuc.cadres.selectors import planning_get, planning_table, positions_of
from tochuc.cadres.services import (
    member_planning_add,
    planning_add,
    planning_remove,
    planning_review,
)
from tochuc.cadres.views.common import day_of, organization_param, refused, term_of
from tochuc.core.errors import NotFound
from tochuc.core.forms import form_submit
from tochuc.documents.exports import letterhead
from tochuc.orgs.models import Term
from tochuc.orgs.selectors import organization_get


def planning(request):
    org = organization_param(request)
    on, error = day_of(request)
    term, terms = term_of(request.GET.get("term"), on)
    below = bool(request.GET.get("all"))
    listed = positions_of(request.user, org, on, own=not below)
    rows = planning_table(listed, term, on) if org else []
    context = {
        "below": below,
        "org": org,
        "on": on,
        "error": error,
        "term": term,
        "terms": terms,
        "rows": rows,
        "head": letterhead(org, on),
        "form": None,
    }
    if org and request.user.can_write:
        context["form"] = PlanningAddForm(
            actor=request.user,
            organization=org,
            positions=[r.position for r in rows],
            initial={"on": on},
        )
    return render(request, "cadres/planning.html", context)


def _back(org, term, on=None) -> str:
    query = {"organization": org.pk, "term": term.pk} | ({"on": f"{on:%d/%m/%Y}"} if on else {})
    return f"{reverse('cadres:planning')}?{urlencode(query)}"


def _page_org(request, fallback):
    """The organization whose table the form was on (scoped), else the plan's own."""
    raw = request.POST.get("organization")
    return organization_get(actor=request.user, pk=raw) if raw else fallback


@require_POST
def planning_new(request, organization_pk):
    """A cadre, or a member (made a cadre in the same transaction), put in the planning list
    of a position of the organization's table."""
    org = organization_get(actor=request.user, pk=organization_pk)
    try:
        term = Term.objects.get(pk=request.POST.get("term"))
    except (Term.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    positions = {p.pk: p for p in positions_of(request.user, org, own=not request.POST.get("all"))}
    form = PlanningAddForm(
        request.POST,
        actor=request.user,
        organization=org,
        positions=positions.values(),
    )

    def add(d):
        common = {
            "actor": request.user,
            "position": positions[d["position"]],
            "term": term,
            "on": d["on"],
            "decision": d["decision"],
        }
        if d["cadre"] is not None:
            return planning_add(cadre=d["cadre"], **common)
        return member_planning_add(member=d["member"], **common)

    done = form_submit(form, add)
    if done:
        messages.success(
            request, f"Đã đưa {done.cadre.full_name} vào quy hoạch {done.position.label}."
        )
    else:
        refused(request, form)
    return redirect(_back(org, term))


@require_POST
def planning_review_new(request, pk):
    """The year's review of a plan: kept, or not (the note its reason, the plan removed)."""
    plan = planning_get(request.user, pk)
    org = _page_org(request, plan.position.organization)
    form = PlanningReviewForm(request.POST, actor=request.user)
    done = form_submit(
        form,
        lambda d: planning_review(
            actor=request.user,
            planning=plan,
            year=d["year"],
            kept=d["kept"],
            note=d["note"],
            decision=d["decision"],
        ),
    )
    if done:
        said = "tiếp tục quy hoạch" if done.kept else "không tiếp tục quy hoạch"
        messages.success(request, f"Đã ghi rà soát năm {done.year}: {plan.cadre.full_name} {said}.")
    else:
        refused(request, form)
    return redirect(_back(org, plan.term))


@require_POST
def planning_remove_new(request, pk):
    """A plan ended on a day, with its reason."""
    plan = planning_get(request.user, pk)
    org = _page_org(request, plan.position.organization)
    form = PlanningRemoveForm(request.POST, actor=request.user)
    done = form_submit(
        form,
        lambda d: planning_remove(
            actor=request.user,
            planning=plan,
            on=d["on"],
            reason=d["reason"],
            decision=d["decision"],
        ),
    )
    if done:
        messages.success(
            request,
            f"Đã đưa {plan.cadre.full_name} ra khỏi quy hoạch {plan.position.label} "
            f"từ {done.removed_on:%d/%m/%Y}.",
        )
    else:
        refused(request, form)
    return redirect(_back(org, plan.term))
