"""The committee of an organization for a term as it sat on a day, and the term's changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tochuc.cadres.models import CommitteeSeat
from tochuc.cadres.services import seats_on
from tochuc.core.errors import NotFound
from tochuc.core.scope import subtree_q
from tochuc.orgs.models import Term

Role = CommitteeSeat.Role


@dataclass
class Committee:
    """The committee of a term on a day, by role (bí thư first), and the term's changes."""

    by_role: list[tuple[str, list[CommitteeSeat]]] = field(default_factory=list)
    total: int = 0
    # (day, "Tham gia" / "Thôi tham gia", the seat, the decision of that change)
    changes: list[tuple] = field(default_factory=list)


def committee_of(organization, term: Term, on: date) -> Committee:
    """Who sat on `organization`'s committee of `term` on `on` (services.seats_on), and every
    seat of the term taken or left, by day: two queries."""
    sitting = list(
        seats_on(organization, on)
        .filter(term=term)
        .select_related("cadre", "decision")
        .order_by("cadre__sort_key", "start", "id")
    )
    committee = Committee(total=len({s.cadre_id for s in sitting}))
    for role in Role.values[1:]:
        committee.by_role.append(
            (Role(role).label, [s for s in sitting if s.role == role]),
        )
    seats = CommitteeSeat.objects.filter(organization=organization, term=term).select_related(
        "cadre", "decision", "end_decision"
    )
    for seat in seats:
        committee.changes.append((seat.start, "Tham gia", seat, seat.decision))
        if seat.end is not None:
            committee.changes.append((seat.end, "Thôi tham gia", seat, seat.end_decision))
    committee.changes.sort(key=lambda c: (c[0], c[1] != "Tham gia", c[2].cadre.sort_key))
    return committee


def seat_get(actor, pk) -> CommitteeSeat:
    try:
        return (
            CommitteeSeat.objects.filter(subtree_q(actor, field="organization__path"))
            .select_related("organization", "cadre", "term")
            .get(pk=pk)
        )
    except (CommitteeSeat.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
