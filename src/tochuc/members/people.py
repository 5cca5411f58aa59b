"""The members' answers to what the tree asks of its people (`orgs.people.People`)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Substr

from tochuc.members.counters import member_counts_at, stats_rebuild
from tochuc.members.models import COUNTED_STATES, Member, MemberState, MemberStatus, Placement
from tochuc.members.selectors import member_list
from tochuc.members.services import members_reassign, members_reassign_undo
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
        found = member_list(actor=actor, organization=organization, state="all")
        found = found.filter(citizen_id=citizen_id, organization_id=organization.pk)
        return found.values_list("pk", flat=True).first()

    # -- for the tree's changes: restructuring, the 2025 replay, bulk loads ----------------

    def reassign(self, *, actor, source, target, on, plan, member_ids=None) -> int:
        return members_reassign(
            actor=actor,
            source=source,
            target=target,
            on=on,
            plan=plan,
            member_ids=None if member_ids is None else list(member_ids),
        )

    def reassign_undo(self, *, plan, created) -> int:
        return members_reassign_undo(plan=plan, created=created)

    def counts_rebuild(self, *, within=None) -> int:
        return stats_rebuild(within=within)

    def placed(self, organization) -> set[int]:
        return set(Member.objects.filter(organization=organization).values_list("id", flat=True))

    def visible(self, *, actor, organization, ids) -> set[int]:
        members = member_list(actor=actor, organization=organization, state="all")
        return set(members.filter(pk__in=list(ids)).values_list("pk", flat=True))

    def names(self, ids) -> list[str]:
        return list(Member.objects.filter(pk__in=list(ids)).values_list("full_name", flat=True))

    def officials(self, organization_ids) -> dict[int, int]:
        active_officials = Member.objects.filter(
            organization__in=list(organization_ids),
            status=MemberStatus.OFFICIAL,
            state=MemberState.ACTIVE,
        )
        rows = active_officials.values("organization_id").annotate(n=Count("id")).order_by()
        return {row["organization_id"]: row["n"] for row in rows}

    def counted(self, organizations) -> int:
        return Member.objects.filter(
            organization__in=organizations.values("id"), state__in=COUNTED_STATES
        ).count()

    def roster(self, organizations) -> list[tuple[str, str, str]]:
        members = Member.objects.filter(
            organization__in=organizations.values("id"), state__in=COUNTED_STATES
        ).order_by("organization__name", "full_name", "id")
        return list(members.values_list("party_card_number", "full_name", "organization__name"))
