"""Reads of transfers (chuyển sinh hoạt đảng): the letters a side receives or has issued."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tochuc.core.errors import NotFound
from tochuc.core.scope import in_scope, path_q, scope_q
from tochuc.members.models import Transfer
from tochuc.orgs.models import Organization


def transfer_list(*, actor, direction: str, status: str = "pending") -> QuerySet[Transfer]:
    """Letters the actor's side receives ("in") or has issued ("out")."""
    field = "to_org" if direction == "in" else "from_org"
    orgs = Organization.objects.filter(scope_q(actor)).values("id")
    qs = Transfer.objects.filter(**{f"{field}__in": orgs})
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("member", "from_org__parent", "to_org__parent").order_by(
        "report_deadline", "id"
    )


def transfer_get(*, actor, pk) -> Transfer:
    """A transfer is visible to both sides, and to nobody else."""
    orgs = Organization.objects.filter(scope_q(actor)).values("id")
    try:
        return (
            Transfer.objects.select_related("member", "from_org", "to_org")
            .filter(Q(from_org__in=orgs) | Q(to_org__in=orgs))
            .get(pk=pk)
        )
    except (Transfer.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def temporary_members(*, actor, organization: Organization) -> QuerySet[Transfer]:
    """Members of other organizations living temporarily in this subtree (listed, not counted)."""
    if not in_scope(actor, organization):
        raise NotFound
    orgs = Organization.objects.filter(path_q(organization.path)).values("id")
    return transfer_list(actor=actor, direction="in", status="accepted").filter(
        kind="temporary", to_org__in=orgs
    )
