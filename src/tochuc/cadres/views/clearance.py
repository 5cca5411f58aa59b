"""The political-standard clearance pages (kết luận tiêu chuẩn chính trị): the counts by purpose
of a period with seed 001's sentence, the cases behind each count, a case, and the forms that
open and conclude one. Only for users given the permission: for anyone else every URL here is
404, as if nothing existed. Every read writes its audit row (the selectors do, once)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tochuc.cadres.forms import ClearanceConcludeForm, ClearanceFilterForm, ClearanceOpenForm
from tochuc.cadres.selectors import (
    cadre_get,
    clearance_counts,
    clearance_get,
    clearance_list,
    clearance_sentence,
)
from tochuc.cadres.services import clearance_conclude, clearance_open
from tochuc.cadres.services.clearance import clearance_right
from tochuc.cadres.views.common import organization_param
from tochuc.core.errors import NotFound
from tochuc.core.forms import form_submit


def _period(request):
    """The filters of ?from=&to=&purpose= (this year to today when none), and the form with
    its messages on a bad date."""
    data = {
        "start": request.GET.get("from", ""),
        "end": request.GET.get("to", ""),
        "purpose": request.GET.get("purpose", ""),
    }
    form = ClearanceFilterForm(data)
    form.is_valid()
    got = getattr(form, "cleaned_data", {})
    return form, got.get("start"), got.get("end"), got.get("purpose")


def clearance(request):
    """The counts by purpose of the cases concluded in the period, in the subtree, each opening
    its cases; and the sentence of seed 001 written from them."""
    clearance_right(request.user)
    org = organization_param(request)
    form, start, end, _ = _period(request)
    today = date.today()
    start = start or date(today.year, 1, 1)
    end = end or today
    counts = clearance_counts(request.user, start, end, org)
    context = {
        "org": org,
        "form": form,
        "start": start,
        "end": end,
        "counts": counts,
        "total": sum(n for _, n in counts),
        "sentence": clearance_sentence(counts),
    }
    return render(request, "cadres/clearance.html", context)


def clearance_cases(request):
    """The cases (person, purpose, asked, concluded, result, decision), paged; with a period,
    those concluded in it (what a count counts), with a purpose, that purpose's."""
    clearance_right(request.user)
    org = organization_param(request)
    form, start, end, purpose = _period(request)
    cases = clearance_list(request.user, purpose=purpose, start=start, end=end, organization=org)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "org": org,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "purpose": purpose,
        "start": start,
        "end": end,
    }
    return render(request, "cadres/clearance_list.html", context)


@require_http_methods(["GET", "POST"])
def clearance_case(request, pk):
    """A case; while pending, the form that concludes it (POST)."""
    case = clearance_get(request.user, pk)
    form = None
    if case.result == case.Result.PENDING:
        form = ClearanceConcludeForm(request.POST or None, actor=request.user)
    elif request.method == "POST":
        messages.error(request, f"Hồ sơ đã kết luận ngày {case.concluded_on:%d/%m/%Y}.")
        return redirect("cadres:clearance_case", pk=case.pk)
    if request.method == "POST":
        done = form_submit(
            form,
            lambda d: clearance_conclude(
                actor=request.user,
                case=case,
                result=d["result"],
                concluded_on=d["concluded_on"],
                conclusion=d["conclusion"],
                decision=d["decision"],
            ),
        )
        if done:
            messages.success(request, f"Đã ghi kết luận ngày {done.concluded_on:%d/%m/%Y}.")
            return redirect("cadres:clearance_case", pk=case.pk)
    status = 400 if form is not None and form.errors else 200
    return render(
        request, "cadres/clearance_case.html", {"case": case, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def clearance_new(request):
    """Open a case in the committee of ?organization= for a cadre, a member or a candidate of
    its subtree (named) or a person by name and birth date (?cadre= names the cadre)."""
    clearance_right(request.user)
    org = organization_param(request)
    if org is None:
        raise NotFound
    chosen = cadre_get(request.user, request.GET["cadre"]) if request.GET.get("cadre") else None
    form = ClearanceOpenForm(
        request.POST or None,
        actor=request.user,
        organization=org,
        person=f"{chosen.full_name} ({chosen.birth_date:%Y})" if chosen else "",
    )
    if request.method == "POST":

        def run(d):
            return clearance_open(
                actor=request.user,
                organization=org,
                purpose=d["purpose"],
                requested_on=d["requested_on"],
                cadre=d["cadre"],
                member=d["member"],
                candidate=d["candidate"],
                full_name=d["full_name"],
                birth_date=d["birth_date"],
            )

        case = form_submit(form, run)
        if case is not None:
            messages.success(request, f"Đã mở hồ sơ của {case.full_name}.")
            return redirect("cadres:clearance_case", pk=case.pk)
    status = 400 if form.errors else 200
    return render(request, "cadres/clearance_new.html", {"org": org, "form": form}, status=status)
