"""Reads of cadres and positions, scoped to the actor's subtree (a cadre by the organization
that manages them, a position by its organization)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from tochuc.cadres.models import Cadre, Holding, Position
from tochuc.core.errors import NotFound
from tochuc.core.rules import rule_value
from tochuc.core.scope import subtree_q
from tochuc.members.validators import add_months


def cadre_get(actor, pk: int) -> Cadre:
    try:
        return Cadre.objects.filter(subtree_q(actor, field="organization__path")).get(pk=pk)
    except (Cadre.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def positions_of(actor, organization=None) -> QuerySet[Position]:
    """The positions of the actor's subtree (narrowed to `organization`'s), not abolished."""
    return (
        Position.objects.filter(subtree_q(actor, organization, "organization__path"))
        .filter(abolished_on__isnull=True)
        .select_related("title", "organization", "body", "management_level")
    )


def vacancies(actor, on: date, organization=None) -> list[tuple[Position, int]]:
    """Positions with fewer holders than seats on `on`, and how many seats are free."""
    positions = list(positions_of(actor, organization))
    held: dict[int, int] = {}
    for position_id in Holding.objects.filter(
        Q(end__isnull=True) | Q(end__gte=on),
        start__lte=on,
        position_id__in=[p.pk for p in positions],
    ).values_list("position_id", flat=True):
        held[position_id] = held.get(position_id, 0) + 1
    return [(p, p.seats - held.get(p.pk, 0)) for p in positions if held.get(p.pk, 0) < p.seats]


def reappointments_due(actor, today: date, organization=None) -> QuerySet[Holding]:
    """Holdings whose term ends within the rule's notice (6 months), still held: the
    reappointments to consider, the nearest first."""
    months = rule_value("reappointment_notice_months", today)
    return (
        Holding.objects.filter(
            subtree_q(actor, organization, "position__organization__path"),
            end__isnull=True,
            term_end__isnull=False,
            term_end__lte=add_months(today, months),
        )
        .select_related("cadre", "position__title", "position__organization", "position__body")
        .order_by("term_end", "id")
    )
