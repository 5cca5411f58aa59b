"""What a user may see and change: the subtree of the scope organization (all, for admins).

It sits in `core`, below `accounts` and `orgs` alike: both ask it, neither owns it. A subtree
is a range of materialized paths (design.md), so nothing here needs the tree's models: the
scope's path is read through the user's own `scope` relation.
"""

from __future__ import annotations

from django.db.models import Q

from tochuc.core.errors import Forbidden, NotFound


def path_upper(path: str) -> str:
    """The first path after the subtree of `path`."""
    return str(int(path) + 1).zfill(len(path))


def scope_path(actor) -> str | None:
    """'' for everything, the scope's path, or None for nothing at all."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return None
    if actor.is_admin:
        return ""
    if actor.scope_id is None:
        return None
    # Asked several times per request: remember it on the user object of this request.
    cached = getattr(actor, "_scope_path", None)
    if cached is None or cached[0] != actor.scope_id:
        scope = actor.__class__.scope.field.related_model  # request.user is lazy
        path = scope.objects.values_list("path", flat=True).get(pk=actor.scope_id)
        actor._scope_path = cached = (actor.scope_id, path)
    return cached[1]


def path_q(path: str, field: str = "path") -> Q:
    """Rows whose `field` lies in the subtree of `path` (a btree range, index-friendly)."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": path_upper(path)})


def in_scope(actor, org) -> bool:
    path = scope_path(actor)
    return path is not None and org.path.startswith(path)


def subtree_path(actor, organization=None) -> str | None:
    """The path whose subtree a read covers: the actor's scope ('' for everything), narrowed
    to `organization`'s subtree when given (an organization above the scope narrows nothing:
    a secretary's branch under their commune); None when they share nothing."""
    path = scope_path(actor)
    if organization is None or path is None:
        return path
    if organization.path.startswith(path):
        return organization.path
    return path if path.startswith(organization.path) else None


def subtree_q(actor, organization=None, field: str = "path") -> Q:
    """Rows whose `field` lies in the subtree a read covers (subtree_path): the one filter of
    "the actor's subtree", narrowed to `organization`'s when given."""
    path = subtree_path(actor, organization)
    if path is None:
        return Q(pk__in=[])
    return path_q(path, field) if path else Q()


def scope_q(actor, field: str = "path") -> Q:
    return subtree_q(actor, field=field)


def check_write(actor, org, *, organizations: bool = False) -> None:
    """Raise unless the actor may change things in `org` (NotFound if it is out of sight)."""
    if not in_scope(actor, org):
        raise NotFound
    if not actor.can_write:
        raise Forbidden("Tài khoản chỉ có quyền xem, không được thay đổi dữ liệu.")
    if organizations and actor.role == "secretary":
        raise Forbidden("Bí thư chi bộ không được thay đổi cơ cấu tổ chức đảng.")
