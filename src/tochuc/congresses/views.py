"""The congress pages: a subtree's season (the progress per level at a day with the reports'
sentence, the plan's lines by status, the plan made from the tree of a day), and a congress
(held, its plan line changed by the level above). Thin: parse, call, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tochuc.cadres.views.common import day_of, organization_param, term_of
from tochuc.congresses import selectors, services
from tochuc.congresses.forms import CongressForm, HeldForm, PlanForm
from tochuc.congresses.models import Congress
from tochuc.congresses.services.plans import LEVEL_KINDS
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.forms import form_submit
from tochuc.core.scope import in_scope, subtree_q
from tochuc.orgs.selectors import organization_roots


def season(request):
    """?organization= (the reader's root), ?term= (the one in force), ?on= (today),
    ?status= (planned, late, held, superseded on that day)."""
    org = organization_param(request)
    if org is None:  # a reader of several trees picks one
        roots = organization_roots(actor=request.user)
        return render(request, "congresses/pick.html", {"roots": roots})
    on, error = day_of(request)
    term, terms = term_of(request.GET.get("term"), on)
    rows = selectors.progress(request.user, org, term, on)
    plan = selectors.congresses_of(request.user, org, term)
    status = request.GET.get("status", "")
    if status in Congress.Status.values:
        plan = plan.filter(selectors.status_q(status, on))
    else:  # those to hold: the superseded have their own tab
        plan = plan.exclude(selectors.status_q(Congress.Status.SUPERSEDED, on))
    level = request.GET.get("level", "")
    if level in LEVEL_KINDS:
        plan = plan.filter(organization__kind__in=LEVEL_KINDS[level])
    page = Paginator(plan, 50).get_page(request.GET.get("page"))
    for c in page.object_list:
        c.status_code = c.status_on(on)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "org": org,
        "on": on,
        "error": error,
        "term": term,
        "terms": terms,
        "rows": rows,
        "sentence": selectors.progress_sentence(org, on, rows),
        "page": page,
        "query": query.urlencode(),
        "status": status,
        "statuses": Congress.Status.choices,
        "plan_form": PlanForm(initial={"on": date.today()}) if request.user.can_write else None,
    }
    return render(request, "congresses/season.html", context)


@require_POST
def plan(request):
    org = organization_param(request)
    if org is None:
        raise NotFound
    term, _ = term_of(request.GET.get("term"), date.today())
    form = PlanForm(request.POST)
    done = form_submit(
        form,
        lambda d: services.plan_generate(
            actor=request.user, organization=org, term=term, on=d["on"]
        ),
    )
    if done is None:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    else:
        messages.success(
            request,
            f"Kế hoạch đại hội nhiệm kỳ {term.name}: thêm {done['added']}, không tổ chức (đã sắp "
            f"xếp) {done['superseded']}, giữ {done['kept']}.",
        )
    return redirect(f"/congresses/?organization={org.pk}&term={term.pk}")


def _get(request, pk) -> Congress:
    try:
        return Congress.objects.select_related("organization__parent", "term", "plan_decision").get(
            subtree_q(request.user, field="organization__path"), pk=pk
        )
    except (Congress.DoesNotExist, ValueError):
        raise NotFound from None


def _page(request, congress, *, held=None, line=None, status=200):
    writes = request.user.can_write
    above = congress.organization.parent
    plans_it = writes and above is not None and in_scope(request.user, above)
    quotas = list(congress.quotas.select_related("organization").order_by("organization__path"))
    context = {
        "congress": congress,
        "quotas": quotas,
        "quota_total": sum(q.seats for q in quotas),
        "allocate": writes and congress.kind == Congress.Kind.DELEGATES,
        "state": Congress.Status(congress.status_on(date.today())).label,
        "held": (held or HeldForm()) if writes and congress.superseded_on is None else None,
        "line": (
            line
            or CongressForm(
                actor=request.user,
                initial={
                    "kind": congress.kind,
                    "pilot": congress.pilot,
                    "window_start": congress.window_start,
                    "window_end": congress.window_end,
                    "plan_approved_on": congress.plan_approved_on,
                    "decision": congress.plan_decision.symbol if congress.plan_decision else "",
                },
            )
        )
        if plans_it
        else None,
    }
    return render(request, "congresses/congress.html", context, status=status)


@require_http_methods(["GET", "POST"])
def congress(request, pk):
    c = _get(request, pk)
    if request.method == "GET":
        return _page(request, c)
    if request.POST.get("do") == "allocate":
        try:
            seats = int(request.POST.get("seats") or 0)
        except ValueError:
            seats = None
        try:
            services.delegates_allocate(actor=request.user, congress=c, seats=seats)
        except ServiceError as exc:
            messages.error(request, exc.text())
        else:
            messages.success(request, f"Đã phân bổ {seats} đại biểu.")
        return redirect("congresses:congress", pk=c.pk)
    if request.POST.get("do") == "line":
        form = CongressForm(request.POST, actor=request.user)
        done = form_submit(
            form,
            lambda d: services.congress_update(
                actor=request.user,
                congress=c,
                kind=d["kind"],
                pilot=d["pilot"],
                window_start=d["window_start"],
                window_end=d["window_end"],
                plan_approved_on=d["plan_approved_on"],
                plan_decision=d["decision"],
            ),
        )
        if done is None:
            return _page(request, c, line=form, status=400)
        messages.success(request, "Đã sửa kế hoạch đại hội.")
    else:
        form = HeldForm(request.POST)
        done = form_submit(
            form,
            lambda d: services.congress_held(
                actor=request.user, congress=c, held_on=d["held_on"], held_until=d["held_until"]
            ),
        )
        if done is None:
            return _page(request, c, held=form, status=400)
        messages.success(request, f"Đã ghi đại hội khai mạc ngày {done.held_on:%d/%m/%Y}.")
    return redirect("congresses:congress", pk=c.pk)
