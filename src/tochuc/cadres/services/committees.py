"""The committee of an organization for a term: seats taken (elected at the congress, added
by decision) and left on their days, so any date shows who sat on it."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q

from tochuc.cadres.models import Cadre, CommitteeSeat
from tochuc.cadres.services.positions import crowded, span
from tochuc.cadres.services.records import cadre_of_member
from tochuc.core.actions import action
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write
from tochuc.orgs.models import Organization, Term

ONE_HOLDER = {CommitteeSeat.Role.SECRETARY}  # one secretary at a time


def seats_on(organization: Organization, on: date):
    return CommitteeSeat.objects.filter(
        Q(end__isnull=True) | Q(end__gte=on), organization=organization, start__lte=on
    )


def seat_add(
    *,
    actor,
    organization: Organization,
    term: Term,
    cadre: Cadre,
    role: str,
    on: date,
    decision=None,
) -> CommitteeSeat:
    """`cadre` sits on the committee of `organization` for `term` from `on`, in `role`, open
    ended: refused when they sit in that role on any day from `on`, or (one secretary at a
    time) when another does."""
    if role not in CommitteeSeat.Role.values or not role:
        raise ServiceError({"role": [f"Vai trò «{role}» không có."]})
    check_write(actor, organization)
    if not term.start_year <= on.year <= term.end_year:
        raise ServiceError({"on": [f"Ngày {on:%d/%m/%Y} không thuộc nhiệm kỳ {term.name}."]})
    with action(actor=actor, name="cadre.seat_add", target=cadre) as act:
        # the new seat runs from `on`, open ended: every seat overlapping it counts
        later = list(
            CommitteeSeat.objects.select_for_update()
            .filter(Q(end__isnull=True) | Q(end__gte=on), organization=organization, role=role)
            .select_related("cadre")
            .order_by("start")
        )
        label = CommitteeSeat.Role(role).label
        if mine := next((row for row in later if row.cadre_id == cadre.pk), None):
            raise ServiceError({"cadre": [f"{cadre.full_name} là {label} {span(mine)}."]})
        if role in ONE_HOLDER and (other := crowded(later, on, 1)):
            who = other[0]
            raise ServiceError(
                {
                    "role": [
                        f"{organization.name} đã có {label.lower()} {who.cadre.full_name} ngày "
                        f"{max(on, who.start):%d/%m/%Y}: ghi ngày thôi của người đó trước "
                        f"({who.cadre.full_name} {span(who)})."
                    ]
                }
            )
        seat = CommitteeSeat.objects.create(
            organization=organization,
            term=term,
            cadre=act.row,
            role=role,
            start=on,
            decision=decision,
        )
        act.after["seat"] = {"organization": organization.pk, "role": role, "start": on.isoformat()}
    return seat


def seat_end(*, actor, seat: CommitteeSeat, on: date, decision=None) -> CommitteeSeat:
    check_write(actor, seat.organization)
    with action(actor=actor, name="cadre.seat_end", target=seat.cadre):
        row = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
        if row.end is not None:
            raise ServiceError({"on": [f"Đã thôi từ ngày {row.end:%d/%m/%Y}."]})
        if on < row.start:
            raise ServiceError({"on": [f"Ngày thôi trước ngày bắt đầu {row.start:%d/%m/%Y}."]})
        row.end, row.end_decision = on, decision
        row.save(update_fields=["end", "end_decision"])
    return row


def member_seat_add(
    *,
    actor,
    organization: Organization,
    term: Term,
    member,
    role: str,
    on: date,
    decision=None,
) -> CommitteeSeat:
    """A member seated on the committee: their cadre record made if need be, in the seat's
    transaction (a refusal leaves neither), as member_appoint does."""
    with transaction.atomic():
        cadre = cadre_of_member(actor=actor, member=member)
        return seat_add(
            actor=actor,
            organization=organization,
            term=term,
            cadre=cadre,
            role=role,
            on=on,
            decision=decision,
        )
