"""Members moved by a restructuring of the tree (orgs asks through orgs.people): reassigned
between branches with a dated event each, counts and placements following, and put back
when the plan is undone."""

from __future__ import annotations

from datetime import date

from tochuc.core.errors import ServiceError
from tochuc.members import events
from tochuc.members.changes import members_changed
from tochuc.members.counters import member_deltas
from tochuc.members.models import Member, MemberEvent
from tochuc.members.placements import placements_refresh_many
from tochuc.orgs.counters import counts_apply
from tochuc.orgs.models import MEMBER_KINDS, Organization

CHUNK = 2000


def members_reassign(
    *,
    actor,
    source: Organization,
    target: Organization,
    on: date,
    plan,
    member_ids: list[int] | None = None,
) -> int:
    """Move the members of `source` (all, or the listed ones) to the branch `target` on `on`,
    within the caller's transaction (the restructuring checked the actor's rights); returns
    how many moved."""
    members = Member.objects.filter(organization=source)
    if member_ids is not None:
        members = members.filter(id__in=member_ids)
    ids = list(members.values_list("id", flat=True))
    if not ids:
        return 0
    if target.kind not in MEMBER_KINDS:
        raise ServiceError(
            f"«{source.name}» có {len(ids)} đảng viên: nơi tiếp nhận «{target.name}» phải là "
            "chi bộ (chi bộ trực thuộc hoặc chi bộ cơ sở)."
        )
    deltas = member_deltas(Member.objects.filter(id__in=ids))
    counts_apply(ancestor_ids=source.ancestor_ids(), deltas={k: -n for k, n in deltas.items()})
    counts_apply(ancestor_ids=target.ancestor_ids(), deltas=deltas)
    symbol = plan.decision_symbol if plan else ""
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        MemberEvent.objects.bulk_create(
            [
                events.reassigned(
                    Member(pk=m),
                    source=source,
                    target=target,
                    on=on,
                    document_symbol=symbol,
                    actor=actor,
                    plan=plan,
                    save=False,
                )
                for m in chunk
            ]
        )
        Member.objects.filter(id__in=chunk).update(organization=target)
        members_changed(chunk)  # the copies kept above (a cadre's organization) follow
    placements_refresh_many(ids)
    return len(ids)


def members_reassign_undo(*, plan, created: set[int]) -> int:
    """Put the members `plan` reassigned back where they were, their events gone, within the
    caller's transaction (the plan's undo). Refused while a member has anything recorded
    after the plan, or an organization the plan created (`created`) holds members it did
    not bring. Returns how many went back."""
    reassigned = MemberEvent.objects.filter(plan=plan)
    moved_ids = set(reassigned.values_list("member_id", flat=True))
    if (
        MemberEvent.objects.filter(member__in=moved_ids, recorded_at__gt=plan.applied_at)
        .exclude(plan=plan)
        .exists()
    ):
        raise ServiceError("Đã có biến động của đảng viên sau phương án này: không hoàn tác được.")
    if Member.objects.filter(organization__in=created).exclude(id__in=moved_ids).exists():
        raise ServiceError(
            "Tổ chức mới đã có đảng viên được thêm sau phương án: không hoàn tác được."
        )
    # The earliest reassignment of each member tells where they were.
    origin: dict[int, int] = {}
    for member_id, from_org in reassigned.order_by("-id").values_list(
        "member_id", "details__from_org_id"
    ):
        origin[member_id] = from_org
    by_org: dict[int, list[int]] = {}
    for member_id, org_id in origin.items():
        by_org.setdefault(org_id, []).append(member_id)
    for org_id, ids in by_org.items():
        Member.objects.filter(id__in=ids).update(organization_id=org_id)
        members_changed(ids)
    reassigned.delete()
    placements_refresh_many(sorted(moved_ids))
    return len(moved_ids)
