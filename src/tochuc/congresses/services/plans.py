"""The season's plan of a subtree for a term: every organization of the tree of that day that
must hold its congress, with its kind (by headcount) and window (lower levels first, the
rule's days before the term starts); kept in step with the tree (an organization merged or
dissolved since is superseded, a new one added); a congress held; a plan line changed."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from tochuc.congresses.models import Congress
from tochuc.core.actions import action
from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.rules import rule_value
from tochuc.core.scope import check_write
from tochuc.orgs.models import GRASSROOTS_KINDS, Organization, SubtreeCount, Term
from tochuc.orgs.versions import subtree_on

K = Congress.Kind
HOLDS = {
    "province",
    "upper",
    "grassroots_committee",
    "grassroots_branch",
    "sub_committee",
    "branch",
}


LEVEL_KINDS = {
    "province": ("province",),
    "upper": ("upper",),
    "grassroots": tuple(GRASSROOTS_KINDS),
    "branch": ("branch", "sub_committee"),
}


def level_of(kind: str) -> str:
    """The season's level of an organization's kind (the rule's windows are by level)."""
    if kind in GRASSROOTS_KINDS:
        return "grassroots"
    if kind in ("branch", "sub_committee"):
        return "branch"
    return "upper" if kind == "upper" else "province"


def kind_for(kind: str, members: int, on: date) -> str:
    """Members' congress for a branch and a small grassroots committee, delegates' above."""
    if kind in ("branch", "grassroots_branch"):
        return K.MEMBERS
    if kind in ("grassroots_committee", "sub_committee"):
        return K.DELEGATES if members >= rule_value("congress_delegates_from", on) else K.MEMBERS
    return K.DELEGATES


def window_for(kind: str, term: Term) -> tuple[date, date]:
    first, last = rule_value("congress_window_days", term.starts_on)[level_of(kind)]
    return term.starts_on - timedelta(days=first), term.starts_on - timedelta(days=last)


def plan_generate(*, actor, organization: Organization, term: Term, on: date) -> dict[str, int]:
    """The plan of `organization`'s subtree for `term` as the tree stood on `on`: a congress
    for each organization standing then that has none (its kind by headcount, its window by
    level), and those whose organization no longer stood superseded. Returns the counts
    {"added", "superseded", "kept"}; run again after a restructuring, it follows the tree."""
    check_write(actor, organization)
    if on is None:
        raise ServiceError({"on": ["Nhập ngày của cây tổ chức."]})
    standing = {v.organization_id: v.kind for v in subtree_on(organization, on) if v.kind in HOLDS}
    if not standing:
        raise ServiceError({"organization": [f"{organization.name} không có ngày {on:%d/%m/%Y}."]})
    members = dict(
        SubtreeCount.objects.filter(
            organization_id__in=standing, dimension="member", value="total"
        ).values_list("organization_id", "count")
    )
    with transaction.atomic():
        plan = Congress.objects.select_for_update().filter(
            term=term, organization__path__startswith=organization.path
        )
        have = {c.organization_id: c for c in plan}
        added = [
            Congress(
                organization_id=pk,
                term=term,
                kind=kind_for(kind, members.get(pk, 0), on),
                window_start=window_for(kind, term)[0],
                window_end=window_for(kind, term)[1],
            )
            for pk, kind in standing.items()
            if pk not in have
        ]
        Congress.objects.bulk_create(added, batch_size=2000)
        gone = [
            c.pk
            for pk, c in have.items()
            if pk not in standing and c.held_on is None and c.superseded_on is None
        ]
        Congress.objects.filter(pk__in=gone).update(
            superseded_on=on, superseded_reason="Tổ chức đã được sắp xếp (hợp nhất, giải thể)"
        )
        counts = {"added": len(added), "superseded": len(gone), "kept": len(have) - len(gone)}
        audit_record(
            actor=actor,
            action="congress.plan",
            target=organization,
            after={"term": term.name, "on": on, **counts},
        )
    return counts


def congress_held(
    *, actor, congress: Congress, held_on: date | None, held_until: date | None = None
) -> Congress:
    """The congress held from `held_on` (to `held_until`)."""
    lock = Congress.objects.select_related("organization")
    with action(actor=actor, name="congress.held", target=congress, lock=lock) as act:
        row = act.row
        if held_on is None:
            raise ServiceError({"held_on": ["Nhập ngày khai mạc đại hội."]})
        if held_on > date.today():
            raise ServiceError({"held_on": [f"Ngày khai mạc {held_on:%d/%m/%Y} chưa đến."]})
        if held_until is not None and held_until < held_on:
            raise ServiceError(
                {"held_until": [f"Ngày bế mạc trước ngày khai mạc {held_on:%d/%m/%Y}."]}
            )
        if row.superseded_on is not None:
            raise ServiceError(
                {"held_on": [f"{row.organization.name} không còn trong kế hoạch đại hội."]}
            )
        row.held_on, row.held_until = held_on, held_until
        row.save(update_fields=["held_on", "held_until"])
        act.after["held_on"] = held_on.isoformat()
    return row


def congress_update(
    *,
    actor,
    congress: Congress,
    kind: str,
    pilot: bool,
    window_start: date | None,
    window_end: date | None,
    plan_approved_on: date | None = None,
    plan_decision=None,
) -> Congress:
    """A plan line changed by the level above: kind, pilot, window, the approval of the
    organization's own plan (by which document)."""
    errors: dict[str, list[str]] = {}
    if kind not in K.values:
        errors["kind"] = ["Chọn đại hội đảng viên hoặc đại hội đại biểu."]
    if window_start is None or window_end is None:
        errors["window_start"] = ["Nhập thời gian dự kiến tổ chức (từ ngày, đến ngày)."]
    elif window_end < window_start:
        errors["window_end"] = [
            f"Đến ngày {window_end:%d/%m/%Y} trước từ ngày {window_start:%d/%m/%Y}."
        ]
    if errors:
        raise ServiceError(errors)
    parent = congress.organization.parent
    with action(
        actor=actor,
        name="congress.update",
        target=congress,
        organization=parent or congress.organization,  # the level above plans it
    ) as act:
        row = act.row
        row.kind, row.pilot = kind, bool(pilot)
        row.window_start, row.window_end = window_start, window_end
        if plan_decision is not None or plan_approved_on is None:
            row.plan_decision = plan_decision
        row.plan_approved_on = plan_approved_on
        row.save()
        act.after.update({"kind": kind, "pilot": bool(pilot)})
    return row
