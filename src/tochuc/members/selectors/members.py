"""Reads of one member in the actor's subtree: record, history, timeline, party age, placements."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from tochuc.core.errors import NotFound
from tochuc.core.models import AuditEvent
from tochuc.core.rules import rule_value
from tochuc.core.scope import scope_q
from tochuc.members.models import Member, MemberEvent, MemberState, MemberStatus, Placement
from tochuc.members.party_age import timeline_of
from tochuc.members.placements import placement_on
from tochuc.members.services import confirm_deadline, probation_end
from tochuc.orgs.models import Organization


def member_get(*, actor, pk) -> Member:
    try:
        return (
            Member.objects.select_related("organization")
            .filter(organization__in=Organization.objects.filter(scope_q(actor)).values("id"))
            .get(pk=pk)
        )
    except (Member.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def member_history(*, actor, member: Member) -> QuerySet[AuditEvent]:
    member_get(actor=actor, pk=member.pk)
    return AuditEvent.objects.filter(target_type="member", target_id=member.pk).select_related(
        "actor"
    )


def member_timeline(*, actor, member: Member) -> list[MemberEvent]:
    """The member's life in the Party, in date order (the member must be in scope)."""
    member_get(actor=actor, pk=member.pk)
    return list(member.events.select_related("recorded_by", "organization"))


def member_party_age(*, member: Member, events: list[MemberEvent], on: date | None = None) -> dict:
    """Party age on a date (today): whole years and days, and the next badge's date."""
    on = on or date.today()
    timeline = timeline_of(
        member.admission_date,
        [(e.kind, e.effective_date, e.details) for e in events],
        late_transfer_gaps=rule_value("transfer_late_is_gap", on),
    )
    years = timeline.years(on)
    return {
        "years": years,
        "days": timeline.days(on),
        "since": timeline.admitted,
        "outside_days": timeline.outside_days(on),
    }


def member_probation(*, member: Member) -> dict | None:
    """For a probationary member: when probation ends and by when the branch must decide."""
    if member.status != MemberStatus.PROBATIONARY or member.state != MemberState.ACTIVE:
        return None
    end, deadline = probation_end(member), confirm_deadline(member)
    today = date.today()
    return {"end": end, "deadline": deadline, "ended": end <= today, "overdue": deadline < today}


def member_placements(*, actor, member: Member) -> QuerySet[Placement]:
    """Where the member stood over time, oldest first (quá trình sinh hoạt)."""
    member_get(actor=actor, pk=member.pk)
    return member.placements.select_related("organization").order_by("start_date")


def member_as_of(*, actor, member: Member, on: date) -> dict | None:
    """The member as they stood on a past date: placement, status, standing (from the
    placement periods). None before admission, or before arriving from outside."""
    member_get(actor=actor, pk=member.pk)  # the scope check
    period = placement_on(member, on)
    if period is None:
        return None
    status = (
        MemberStatus.OFFICIAL
        if period.official_from and period.official_from <= on
        else MemberStatus.PROBATIONARY
    )
    return {
        "on": on,
        "organization": period.organization,
        "status": status,
        "status_label": MemberStatus(status).label,
        "state": period.state,
        "state_label": MemberState(period.state).label,
    }
