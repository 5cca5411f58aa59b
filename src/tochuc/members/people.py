"""The members' answers to what the tree asks of its people (`orgs.people.People`)."""

from __future__ import annotations

from django.db.models import Count

from tochuc.members.counters import stats_rebuild
from tochuc.members.models import COUNTED_STATES, Member, MemberState, MemberStatus
from tochuc.members.selectors import member_list
from tochuc.members.services import members_reassign, members_reassign_undo


class MemberPeople:
    """Registered as `orgs.people` when Django starts (members.apps)."""

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
