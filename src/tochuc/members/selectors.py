"""Every read of members, scoped to the actor's subtree."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from tochuc.accounts.scope import path_q, scope_q
from tochuc.core.errors import NotFound
from tochuc.core.models import AuditEvent
from tochuc.core.text import search_key
from tochuc.members.models import Member
from tochuc.members.validators import add_months
from tochuc.orgs.models import Organization

AGE_BANDS = {
    "18-30": (18, 30),
    "31-40": (31, 40),
    "41-50": (41, 50),
    "51-60": (51, 60),
    "61-70": (61, 70),
    "71+": (71, 200),
}


def _born_between(band: str, today: date) -> tuple[date, date]:
    """Birth dates of people whose age today is within the band (inclusive)."""
    low, high = AGE_BANDS[band]
    latest = add_months(today, -12 * low)
    earliest = add_months(today, -12 * (high + 1))
    return earliest, latest


def member_list(
    *,
    actor,
    q: str = "",
    organization: Organization | None = None,
    status: str = "",
    gender: str = "",
    theory_level: str = "",
    education_level: str = "",
    age_band: str = "",
    today: date | None = None,
) -> QuerySet[Member]:
    """Members in official order (given name, family, middle, birth date; Vietnamese collation)."""
    orgs = Organization.objects.filter(scope_q(actor))
    if organization is not None:
        orgs = orgs.filter(path_q(organization.path))
    qs = Member.objects.filter(organization__in=orgs.values("id"))
    q = (q or "").strip()
    if q:
        digits = "".join(q.split())
        if digits.isdigit():
            qs = qs.filter(citizen_id__startswith=digits) | qs.filter(
                party_card_number__startswith=digits
            )
        else:
            qs = qs.filter(search_key__contains=search_key(q))
    if status:
        qs = qs.filter(status=status)
    if gender:
        qs = qs.filter(gender=gender)
    if theory_level:
        qs = qs.filter(theory_level="" if theory_level == "none" else theory_level)
    if education_level:
        qs = qs.filter(education_level="" if education_level == "none" else education_level)
    if age_band in AGE_BANDS:
        earliest, latest = _born_between(age_band, today or date.today())
        qs = qs.filter(birth_date__gt=earliest, birth_date__lte=latest)
    return qs.order_by("sort_key", "id")


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
