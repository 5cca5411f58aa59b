"""The committee of an organization for a term as it sat on a day, with the term's additions
and departures, a seat added or ended by decision; and the re-election list of a term (the
cadres who do not meet the age for another one)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tochuc.cadres.ages import said
from tochuc.cadres.forms import SeatAddForm, SeatEndForm
from tochuc.cadres.models import CommitteeSeat
from tochuc.cadres.selectors import (
    committee_of,
    congress_day,
    reelection_ineligible,
    seat_get,
)
from tochuc.cadres.services import member_seat_add, seat_add, seat_end
from tochuc.cadres.views.common import date_param, day_of, organization_param, refused, term_of
from tochuc.core.errors import NotFound
from tochuc.core.forms import form_submit
from tochuc.core.rules import DEFAULTS, rule_value
from tochuc.orgs.models import Term
from tochuc.orgs.selectors import organization_get

Role = CommitteeSeat.Role


def committees(request):
    org = organization_param(request)
    on, error = day_of(request)
    term, terms = term_of(request.GET.get("term"), on)
    context = {"org": org, "on": on, "error": error, "term": term, "terms": terms}
    context["committee"] = committee_of(org, term, on) if org else None
    context["form"] = None
    if org and request.user.can_write:
        context["form"] = SeatAddForm(
            actor=request.user,
            organization=org,
            initial={"on": on},
        )
    return render(request, "cadres/committees.html", context)


def _back(org, term, on: date) -> str:
    query = {"organization": org.pk, "term": term.pk, "on": f"{on:%d/%m/%Y}"}
    return f"{reverse('cadres:committees')}?{urlencode(query)}"


@require_POST
def seat_new(request, organization_pk):
    """A cadre, or a member (made a cadre in the same transaction), seated on the
    organization's committee of the term from a day."""
    org = organization_get(actor=request.user, pk=organization_pk)
    try:
        term = Term.objects.get(pk=request.POST.get("term"))
    except (Term.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    form = SeatAddForm(request.POST, actor=request.user, organization=org)

    def add(d):
        common = {
            "actor": request.user,
            "organization": org,
            "term": term,
            "role": d["role"],
            "on": d["on"],
            "decision": d["decision"],
        }
        if d["cadre"] is not None:
            return seat_add(cadre=d["cadre"], **common)
        return member_seat_add(member=d["member"], **common)

    done = form_submit(form, add)
    if done:
        messages.success(
            request,
            f"Đã ghi {done.cadre.full_name}: {done.get_role_display()} từ {done.start:%d/%m/%Y}.",
        )
        return redirect(_back(org, term, done.start))
    refused(request, form)
    return redirect(_back(org, term, form.cleaned_data.get("on") or date.today()))


@require_POST
def seat_end_new(request, pk):
    """A seat left on a day (the last day sat)."""
    seat = seat_get(request.user, pk)
    form = SeatEndForm(request.POST, actor=request.user)
    done = form_submit(
        form,
        lambda d: seat_end(actor=request.user, seat=seat, on=d["on"], decision=d["decision"]),
    )
    if done:
        messages.success(
            request, f"Đã ghi {seat.cadre.full_name} thôi tham gia từ {done.end:%d/%m/%Y}."
        )
        return redirect(_back(seat.organization, seat.term, done.end))
    refused(request, form)
    return redirect(
        _back(seat.organization, seat.term, form.cleaned_data.get("on") or date.today())
    )


def reelection(request):
    """The cadres of a term's committees (the organization's subtree) who would have less
    working time left at the next term's start than the rule asks, by role; the day the next
    term starts is ?congress=, else selectors.congress_day."""
    org = organization_param(request)
    on, error = day_of(request)
    term, terms = term_of(request.GET.get("term"), on)
    congress, error_congress = date_param(request, "congress")
    if congress is None:
        congress = congress_day(term)
    found = reelection_ineligible(request.user, term, congress, org) if org else []
    rank = {role: i for i, role in enumerate(Role.values)}
    found.sort(key=lambda item: rank[item.seat.role])  # by position, each in the selector's order
    counts = Counter(item.seat.get_role_display() for item in found)
    context = {
        "org": org,
        "term": term,
        "terms": terms,
        "congress": congress,
        "error": error or error_congress,
        "found": found,
        "by_role": [(Role(r).label, counts[Role(r).label]) for r in Role.values[1:]],
        "need": said(rule_value("reelection_months_left", congress)),
        "source": DEFAULTS["reelection_months_left"][1],
    }
    return render(request, "cadres/reelection.html", context)
