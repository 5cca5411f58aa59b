"""Every change to the organization tree: create, rename, move (each one transaction, with
its dated event and versions); merge, split and dissolve build on them (restructuring.py)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr

from tochuc.core.audit import audit_record
from tochuc.core.errors import Forbidden, ServiceError
from tochuc.core.scope import check_write, path_q, scope_path
from tochuc.core.text import clean, search_key
from tochuc.core.versions import check_version, row_version
from tochuc.orgs import events
from tochuc.orgs.counters import counts_apply, subtree_counts
from tochuc.orgs.models import (
    PARENT_KINDS,
    Organization,
    OrganizationKind,
    path_segment,
)
from tochuc.orgs.versions import versions_check, versions_first, versions_rewrite


def _check_parent_kind(kind: str, parent: Organization | None) -> None:
    allowed = PARENT_KINDS.get(kind)
    if allowed is None:
        raise ServiceError({"kind": [f"Loại tổ chức «{kind}» không hợp lệ."]})
    parent_kind = parent.kind if parent else None
    if parent_kind not in allowed:
        label = OrganizationKind(kind).label
        where = f"trực thuộc {parent.kind_label.lower()}" if parent else "ở cấp cao nhất"
        raise ServiceError({"parent": [f"{label} không thể {where} «{parent or ''}»."]})


def is_scope_root(actor, organization: Organization) -> bool:
    """The top of the actor's own scope (administrators see everything, so have no such top)."""
    return actor is not None and not actor.is_admin and scope_path(actor) == organization.path


def check_not_scope_root(actor, organization: Organization) -> None:
    """Refuse to rename, move, dissolve, merge or split the top of the actor's own scope:
    that is the level above's decision."""
    if is_scope_root(actor, organization):
        raise Forbidden(
            f"«{organization.name}» là tổ chức gốc trong phạm vi của bạn: chỉ cấp trên mới được "
            "đổi tên / chuyển / giải thể."
        )


NAME_MAX_LENGTH = 255  # the column's: a longer name is refused, never cut


def _check_name(name: str) -> str:
    name = clean(name)
    if not name:
        raise ServiceError({"name": ["Tên tổ chức không được để trống."]})
    if len(name) > NAME_MAX_LENGTH:
        raise ServiceError(
            {
                "name": [
                    f"Tên tổ chức dài {len(name)} ký tự, quá giới hạn {NAME_MAX_LENGTH} ký tự: "
                    "viết gọn lại."
                ]
            }
        )
    return name


# What the rename and move forms show of an organization; their pages and the API's PATCH echo
# its version back, and a save over a newer one is refused (core.versions).
SHOWN = ["name", "kind", "parent_id"]


def organization_version(organization: Organization) -> str:
    return row_version(organization, SHOWN)


def _check_version(organization: Organization, version: str | None) -> None:
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    check_version(locked, SHOWN, version, what=f"«{locked.name}»")


def organization_create(
    *,
    actor,
    name: str,
    kind: str,
    parent: Organization | None,
    code: str = "",
    admin_unit_code: str = "",
    established_on: date | None = None,
    plan=None,
) -> Organization:
    if parent is None:
        if not (actor and actor.is_admin):
            raise Forbidden("Chỉ quản trị viên được tạo tổ chức cấp cao nhất.")
    else:
        check_write(actor, parent, organizations=True)
    name = _check_name(name)
    _check_parent_kind(kind, parent)
    code = clean(code)
    if len(code) > 32:
        raise ServiceError({"code": ["Mã tổ chức dài quá 32 ký tự."]})
    if code and Organization.objects.filter(code=code).exists():
        raise ServiceError({"code": [f"Mã tổ chức «{code}» đã được dùng."]})
    # Code and path are unique and need the id: placeholders until the row has one.
    placeholder = f"tmp-{uuid4().hex[:28]}"  # the code column holds 32 characters
    with transaction.atomic():
        org = Organization.objects.create(
            code=code or placeholder,
            name=name,
            search_key=search_key(name),
            kind=kind,
            parent=parent,
            path=placeholder,
            depth=(parent.depth + 1) if parent else 0,
            admin_unit_code=admin_unit_code,
            established_on=established_on,
        )
        org.path = (parent.path if parent else "") + path_segment(org.pk)
        if not code:
            org.code = f"TC{org.pk}"
        org.save(update_fields=["path", "code"])
        versions_first([org], plan)
        counts_apply(ancestor_ids=org.ancestor_ids(), deltas={("org_kind", kind): 1})
        events.created(org, on=established_on or date.today(), actor=actor, plan=plan)
        audit_record(
            actor=actor,
            action="organization.create",
            target=org,
            after={"name": name, "kind": kind, "parent": parent.pk if parent else None},
        )
    return org


def organization_rename(
    *,
    actor,
    organization: Organization,
    name: str,
    effective_date: date | None = None,
    plan=None,
    version: str | None = None,
) -> Organization:
    check_write(actor, organization, organizations=True)
    check_not_scope_root(actor, organization)
    name = _check_name(name)
    old = organization.name
    if name == old:
        return organization
    on = effective_date or date.today()
    with transaction.atomic():
        _check_version(organization, version)
        versions_check(Q(pk=organization.pk), on)
        organization.name = name
        organization.search_key = search_key(name)
        organization.save(update_fields=["name", "search_key"])
        versions_rewrite(Q(pk=organization.pk), on, plan)
        events.renamed(organization, old_name=old, on=on, actor=actor, plan=plan)
        audit_record(
            actor=actor,
            action="organization.rename",
            target=organization,
            before={"name": old},
            after={"name": name},
        )
    return organization


def relocate(organization: Organization, new_parent: Organization, kind: str) -> None:
    """Rewrite the paths and depths of the organization's subtree for its new parent, and set
    its parent and kind (the rows only: checks, counts, versions and events are the caller's)."""
    old_path = organization.path
    new_path = new_parent.path + path_segment(organization.pk)
    Organization.objects.filter(path_q(old_path)).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (new_parent.depth + 1 - organization.depth),
    )
    Organization.objects.filter(pk=organization.pk).update(parent=new_parent, kind=kind)


def organization_move(
    *,
    actor,
    organization: Organization,
    new_parent: Organization,
    effective_date: date | None = None,
    kind: str | None = None,
    plan=None,
    version: str | None = None,
) -> Organization:
    """Put the organization (and its whole subtree) under another parent, changing its kind
    when the new place asks for it (a chi bộ trực thuộc put directly under a đảng bộ xã
    becomes a chi bộ cơ sở).

    Only organizations' paths are rewritten; members point at their organization and
    never move. The rolled-up counts leave the old ancestors and join the new ones.
    """
    with transaction.atomic():
        # Check the rows as they are now, locked: a stale copy or a concurrent move of
        # either one must not slip past the subtree check and make a cycle.
        locked = {
            o.pk: o
            for o in Organization.objects.select_for_update()
            .filter(pk__in=[organization.pk, new_parent.pk])
            .order_by("pk")
        }
        organization, new_parent = locked[organization.pk], locked[new_parent.pk]
        check_write(actor, organization, organizations=True)
        check_version(organization, SHOWN, version, what=f"«{organization.name}»")
        check_not_scope_root(actor, organization)
        check_write(actor, new_parent, organizations=True)
        if new_parent.path.startswith(organization.path):
            raise ServiceError(
                {
                    "parent": [
                        "Không thể chuyển một tổ chức vào chính nó hoặc tổ chức cấp dưới của nó."
                    ]
                }
            )
        kind = kind or organization.kind
        if organization.parent_id == new_parent.pk and kind == organization.kind:
            return organization
        _check_parent_kind(kind, new_parent)
        if kind != organization.kind:
            for child_kind in set(
                organization.children.filter(dissolved_on__isnull=True).values_list(
                    "kind", flat=True
                )
            ):
                if kind not in PARENT_KINDS[child_kind]:
                    raise ServiceError(
                        {
                            "kind": [
                                f"«{organization.name}» có {OrganizationKind(child_kind).label.lower()} "
                                f"trực thuộc: không thể đổi thành {OrganizationKind(kind).label.lower()}."
                            ]
                        }
                    )
        on = effective_date or date.today()
        versions_check(path_q(organization.path), on)
        old_parent, old_kind = organization.parent, organization.kind
        moved = subtree_counts(organization.pk)
        counts_apply(
            ancestor_ids=old_parent.ancestor_ids() if old_parent else [],
            deltas={k: -n for k, n in moved.items()},
        )
        if kind != organization.kind:
            counts_apply(
                ancestor_ids=[organization.pk],
                deltas={("org_kind", organization.kind): -1, ("org_kind", kind): 1},
            )
            moved = subtree_counts(organization.pk)
        relocate(organization, new_parent, kind)
        counts_apply(ancestor_ids=new_parent.ancestor_ids(), deltas=moved)
        organization.refresh_from_db()
        versions_rewrite(path_q(organization.path), on, plan)
        events.moved(
            organization,
            old_parent_id=old_parent.pk if old_parent else None,
            new_parent_id=new_parent.pk,
            old_kind=old_kind,
            new_kind=kind,
            on=on,
            actor=actor,
            plan=plan,
        )
        audit_record(
            actor=actor,
            action="organization.move",
            target=organization,
            # parent_id: what core.versions undoes to name a move made after a page was read.
            before={
                "parent": str(old_parent) if old_parent else None,
                "parent_id": old_parent.pk if old_parent else None,
                "kind": old_kind,
            },
            after={"parent": str(new_parent), "parent_id": new_parent.pk, "kind": kind},
        )
    return organization


def organization_update(
    *,
    actor,
    organization: Organization,
    name: str | None = None,
    new_parent: Organization | None = None,
    effective_date: date | None = None,
    version: str | None = None,
) -> Organization:
    """A rename and a move asked together (the API's PATCH): both, or neither; with the
    `version` read, neither when somebody changed the organization since."""
    with transaction.atomic():
        _check_version(organization, version)
        if name is not None:
            organization = organization_rename(
                actor=actor, organization=organization, name=name, effective_date=effective_date
            )
        if new_parent is not None:
            organization = organization_move(
                actor=actor,
                organization=organization,
                new_parent=new_parent,
                effective_date=effective_date,
            )
    return organization
