"""What every cadre page reads off its query: the organization (?organization=, or the
reader's only root) and the day (?on=, ?from=, ?to=), a bad date shown, not raised."""

from __future__ import annotations

from datetime import date

from tochuc.core.errors import ServiceError
from tochuc.core.forms import day_param
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
