"""Writing an organization tree read from a file: its new organizations in bulk, its renames and
moves through the tree's own services, all in one transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from tochuc.core.errors import Forbidden
from tochuc.core.scope import check_write
from tochuc.orgs.counters import counts_apply_many
from tochuc.orgs.models import EPOCH, Organization
from tochuc.orgs.services.admin_units import organizations_insert
from tochuc.orgs.services.organizations import organization_move, organization_rename


@dataclass
class TreeChange:
    """An organization the file names with another name, parent or kind."""

    organization: Organization
    name: str
    parent: Organization | None  # saved or one of the file's new ones; None: a root stays one
    kind: str


def organizations_write_many(
    *,
    actor,
    receiving: Organization | None,
    created: list[Organization],
    changed: list[TreeChange],
    effective_date: date | None = None,
) -> None:
    """Write a tree file's plan, which the caller has checked against the tree's rules.

    `created` are unsaved, each parent before its children (a parent is saved or earlier in
    the list), all inside `receiving`'s subtree (None: an administrator's tree, whose roots
    are roots). They are inserted in bulk as organization_create would write them one by
    one: a first version from their founding date (unknown: EPOCH, as stood since always),
    a 'create' event dated their founding or the day of the import, the rolled-up counts of
    every ancestor. `changed` go, in order, through organization_rename and organization_move,
    which keep their own history and rules. Call it inside the caller's transaction, which
    writes the audit row of the whole (as members_write_many).
    """
    on = effective_date or date.today()
    with transaction.atomic():
        if receiving is None:
            if not (actor and actor.is_admin):
                raise Forbidden("Chỉ quản trị viên được tạo tổ chức cấp cao nhất.")
        else:
            check_write(actor, receiving, organizations=True)
        for parent in {o.parent for o in created if o.parent is not None and o.parent.pk}:
            check_write(actor, parent, organizations=True)
        _insert(actor, created, on)
        for change in _ordered(changed):
            org = change.organization
            if change.name != org.name:
                org = organization_rename(
                    actor=actor, organization=org, name=change.name, effective_date=on
                )
            if change.parent is not None and (
                change.parent.pk != org.parent_id or change.kind != org.kind
            ):
                organization_move(
                    actor=actor,
                    organization=org,
                    new_parent=change.parent,
                    kind=change.kind,
                    effective_date=on,
                )


def _ordered(changed: list[TreeChange]) -> list[TreeChange]:
    """The plan's order (parents before children in the new tree), except that an
    organization changing kind waits for the children that leave it: organization_move checks
    the kind against the children it has at that moment. A loop of such waits keeps the
    plan's order (the move then refuses, with the tree's own reason)."""
    by_id = {c.organization.pk: c for c in changed}
    leaving: dict[int, list[TreeChange]] = {}
    for c in changed:
        org = c.organization
        if c.parent is not None and c.parent.pk != org.parent_id and org.parent_id in by_id:
            leaving.setdefault(org.parent_id, []).append(c)
    out: list[TreeChange] = []
    placed: set[int] = set()

    def visit(c: TreeChange, walking: set[int]) -> None:
        key = c.organization.pk
        if key in placed or key in walking:
            return
        walking.add(key)
        if c.parent is not None and c.parent.pk in by_id:
            visit(by_id[c.parent.pk], walking)
        if c.kind != c.organization.kind:
            for child in leaving.get(key, []):
                visit(child, walking)
        walking.discard(key)
        placed.add(key)
        out.append(c)

    for c in changed:
        visit(c, set())
    return out


def _insert(actor, orgs: list[Organization], on: date) -> None:
    if not orgs:
        return
    organizations_insert(orgs, effective_date=on, actor=actor, founded=EPOCH)
    deltas: Counter = Counter()
    for org in orgs:
        for ancestor in org.ancestor_ids():
            deltas[(ancestor, "org_kind", org.kind)] += 1
    counts_apply_many(deltas)
