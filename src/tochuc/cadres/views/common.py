"""What every cadre page reads off its query: the organization (?organization=, or the
reader's only root) and the day (?on=, ?from=, ?to=), a bad date shown, not raised."""

from __future__ import annotations

from datetime import date

from django.contrib import messages

from tochuc.core.errors import ServiceError
from tochuc.core.forms import day_param
from tochuc.orgs.models import Term
from tochuc.orgs.selectors import organization_get, organization_roots


def organization_param(request):
    org_id = request.GET.get("organization")
    if org_id:
        return organization_get(actor=request.user, pk=org_id)
    roots = organization_roots(actor=request.user)
    return roots[0] if len(roots) == 1 else None


def day_of(request) -> tuple[date, str]:
    try:
        return (day_param(request.GET["on"]) if request.GET.get("on") else date.today()), ""
    except ServiceError as exc:
        return date.today(), exc.text()


def date_param(request, name: str):
    raw = request.GET.get(name)
    if not raw:
        return None, ""
    try:
        return day_param(raw), ""
    except ServiceError as exc:
        return None, exc.text()


def term_of(raw, on: date) -> tuple[Term, list[Term]]:
    """The term chosen (?term=), else the one running on `on`; and every term, latest first."""
    terms = list(Term.objects.order_by("-starts_on"))
    term = next((t for t in terms if str(t.pk) == str(raw)), None) or next(
        (t for t in terms if t.starts_on <= on), terms[-1]
    )
    return term, terms


def refused(request, form) -> None:
    """The form's refusal as one message, each error after its field's label."""
    said = [
        f"{form.fields[name].label}: {e}" if name in form.fields else e
        for name, errors in form.errors.items()
        for e in errors
    ]
    messages.error(request, "; ".join(said))
