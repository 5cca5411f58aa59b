"""The members' answers to what the tree asks of its people (`orgs.people.People`)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Substr

from tochuc.members.counters import member_counts_at
from tochuc.members.models import COUNTED_STATES, Placement
from tochuc.orgs.versions import covering


class MemberPeople:
    """Registered as `orgs.people` when Django starts (members.apps)."""

    # -- reads: the figures of the tree at a date, a member named in a plan's step ----------

    def counts_at(self, organization, on: date) -> Counter:
        return member_counts_at(organization, on)

    def level_counts_on(self, on: date, *, low: str, high: str, width: int) -> dict[str, dict]:
        placed = (
            Placement.objects.filter(
                covering(on),
                covering(on, "organization__versions__"),
                state__in=COUNTED_STATES,
                organization__versions__path__gte=low,
                organization__versions__path__lt=high,
            )
            .annotate(top=Substr("organization__versions__path", 1, width))
            .values("top")
            .annotate(
                total=Count("id"),
                official=Count("id", filter=Q(official_from__lte=on)),
                women=Count("id", filter=Q(member__gender="female")),
            )
            .order_by()
        )
        return {
            row["top"]: {
                "total": row["total"],
                "official": row["official"],
                "probationary": row["total"] - row["official"],
                "women": row["women"],
            }
            for row in placed
        }

    def member_with_citizen_id(self, *, actor, organization, citizen_id: str) -> int | None:
        from tochuc.members.selectors import member_list

        found = member_list(actor=actor, organization=organization, state="all")
        found = found.filter(citizen_id=citizen_id, organization_id=organization.pk)
        return found.values_list("pk", flat=True).first()
