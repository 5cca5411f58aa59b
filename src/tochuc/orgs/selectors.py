"""Every read of the organization tree, scoped to what the actor may see."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery

from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.formats import number
from tochuc.core.scope import in_scope, path_q, path_upper, scope_path, scope_q
from tochuc.core.text import clean, collation_key, search_key
from tochuc.orgs.models import (
    Organization,
    OrganizationKind,
    OrganizationVersion,
    RestructuringPlan,
    SubtreeCount,
)
from tochuc.orgs.people import people
from tochuc.orgs.versions import covering, kinds_on, subtree_on, version_standing

# Children list higher kinds first (đảng bộ before chi bộ), then by name in Vietnamese order.
KIND_ORDER = {kind: i for i, kind in enumerate(OrganizationKind.values)}


def organization_list(*, actor, q: str = "", kind: str = "") -> QuerySet[Organization]:
    qs = Organization.objects.filter(scope_q(actor), dissolved_on__isnull=True)
    if q:
        qs = qs.filter(search_key__contains=search_key(q))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("depth", "name")


def organization_get(*, actor, pk) -> Organization:
    try:
        return Organization.objects.filter(scope_q(actor)).select_related("parent").get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def organization_find(*, actor, ref: str) -> Organization:
    """By id, code or exact name: what the CLI and forms accept for ORG."""
    ref = clean(str(ref))  # names are stored NFC with single spaces (core.text.clean)
    qs = Organization.objects.filter(scope_q(actor))
    for lookup in ({"pk": ref} if ref.isdigit() else {}), {"code": ref}, {"name": ref}:
        if lookup:
            found = list(qs.filter(**lookup)[:2])
            if len(found) == 1:
                return found[0]
    raise NotFound


def organization_pick(*, actor, ref: str, field: str) -> Organization:
    """organization_find for a form field: not found is the user's error on that field."""
    try:
        return organization_find(actor=actor, ref=ref)
    except NotFound:
        raise ServiceError(
            {
                field: [
                    f"Không tìm thấy tổ chức «{ref}» trong phạm vi (nhập mã, số id hoặc đúng tên)."
                ]
            }
        ) from None


def organization_destination(*, ref: str, field: str) -> Organization:
    """A chi bộ anywhere in the system, by id, code or exact name: where a transfer goes.
    Only the organization is revealed (its name), never anything about its members."""
    from tochuc.orgs.models import MEMBER_KINDS

    ref = clean(str(ref))
    qs = Organization.objects.filter(kind__in=MEMBER_KINDS, dissolved_on__isnull=True)
    for lookup in ({"pk": ref} if ref.isdigit() else {}), {"code": ref}, {"name": ref}:
        if lookup:
            found = list(qs.filter(**lookup)[:2])
            if len(found) == 1:
                return found[0]
    raise ServiceError({field: [f"Không tìm thấy chi bộ «{ref}» (nhập mã, số id hoặc đúng tên)."]})


def organization_roots(*, actor) -> list[Organization]:
    """The top of what the actor sees: the scope organization, or every root for admins."""
    path = scope_path(actor)
    if path is None:
        return []
    if path == "":
        roots = Organization.objects.filter(parent__isnull=True, dissolved_on__isnull=True)
        return list(roots.order_by("name"))
    return [Organization.objects.get(path=path)]


def organization_children(*, actor, organization: Organization) -> list[Organization]:
    if not in_scope(actor, organization):
        raise NotFound
    kids = Organization.objects.filter(parent=organization, dissolved_on__isnull=True)
    return sorted(kids, key=lambda o: (KIND_ORDER[o.kind], collation_key(o.name)))


def tree_level(*, actor, parent: Organization | None = None) -> list[dict]:
    """One level of today's tree -- the roots the actor sees, or the children of `parent` --
    each node {"org", "stats", "has_children"} (tree_level_on: a past date)."""
    orgs = (
        organization_children(actor=actor, organization=parent)
        if parent
        else organization_roots(actor=actor)
    )
    stats = stats_for(orgs)
    return [
        {"org": o, "stats": stats[o.pk], "has_children": any(stats[o.pk]["organizations"].values())}
        for o in orgs
    ]


def organization_ancestors(*, actor, organization: Organization) -> list[Organization]:
    """The breadcrumb: ancestors the actor may see, from the top down."""
    ids = organization.ancestor_ids()[:-1]
    found = {o.pk: o for o in Organization.objects.filter(scope_q(actor), pk__in=ids)}
    return [found[i] for i in ids if i in found]


def organization_stats(*, actor, organization: Organization) -> dict:
    """Counts of the subtree by kind and of its members, from the rolled-up counter table."""
    if not in_scope(actor, organization):
        raise NotFound
    return stats_for([organization])[organization.pk]


def stats_for(organizations: list[Organization]) -> dict[int, dict]:
    """Stats of several organizations in one query (a tree level renders with one read)."""
    ids = [o.pk for o in organizations]
    raw: dict[int, dict[tuple[str, str], int]] = {i: {} for i in ids}
    for oid, dim, val, n in SubtreeCount.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "dimension", "value", "count"
    ):
        raw[oid][(dim, val)] = n
    out = {}
    for org in organizations:
        counts = raw[org.pk]
        kinds = {k.value: counts.get(("org_kind", k.value), 0) for k in OrganizationKind}
        kinds[org.kind] -= 1  # the subtree counts itself; its stats speak of what is under it
        members = {
            "total": counts.get(("member", "total"), 0),
            "probationary": counts.get(("status", "probationary"), 0),
            "official": counts.get(("status", "official"), 0),
            "women": counts.get(("gender", "female"), 0),
        }
        out[org.pk] = {
            "organizations": kinds,
            "members": members,
            "summary": summary(kinds, members),
        }
    return out


def summary(kinds: dict[str, int], members: dict[str, int]) -> str:
    """'22 đảng bộ cấp trên cơ sở, 803 TCCSĐ (406 đảng bộ cơ sở, 397 chi bộ cơ sở), ...'."""
    parts = []
    if kinds["province"]:
        parts.append(f"{number(kinds['province'])} đảng bộ tỉnh, thành phố")
    if kinds["upper"]:
        parts.append(f"{number(kinds['upper'])} đảng bộ cấp trên cơ sở")
    grassroots = kinds["grassroots_committee"] + kinds["grassroots_branch"]
    if grassroots:
        parts.append(
            f"{number(grassroots)} TCCSĐ ({number(kinds['grassroots_committee'])} đảng bộ cơ sở, "
            f"{number(kinds['grassroots_branch'])} chi bộ cơ sở)"
        )
    if kinds["sub_committee"]:
        parts.append(f"{number(kinds['sub_committee'])} đảng bộ bộ phận")
    if kinds["branch"]:
        parts.append(f"{number(kinds['branch'])} chi bộ trực thuộc")
    parts.append(f"{number(members['total'])} đảng viên")
    return ", ".join(parts)


def plan_list(*, actor) -> QuerySet[RestructuringPlan]:
    """Restructuring plans of organizations the actor sees, newest first."""
    return (
        RestructuringPlan.objects.filter(
            organization__in=Organization.objects.filter(scope_q(actor)).values("id")
        )
        .select_related("organization")
        .prefetch_related("operations")  # each plan's version digests its steps
        .order_by("-created_at")
    )


def plan_get(*, actor, pk) -> RestructuringPlan:
    try:
        return plan_list(actor=actor).get(pk=pk)
    except (RestructuringPlan.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def organization_subtree(*, actor, organization: Organization):
    """The organizations under `organization` (itself first), in the tree's order, with their
    members counted (the rolled-up count): what the list of a subtree prints."""
    if not in_scope(actor, organization):
        raise NotFound
    members = SubtreeCount.objects.filter(
        organization=OuterRef("pk"), dimension="member", value="total"
    ).values("count")[:1]
    return (
        Organization.objects.filter(path_q(organization.path), dissolved_on__isnull=True)
        .annotate(member_count=Subquery(members))
        .select_related("parent")
        .order_by("path")
    )


# -- the tree at a past date ----------------------------------------------------------------


def organization_stats_on(*, actor, organization: Organization, on: date) -> dict:
    """The stats of `organization_stats` as they stood on a date: the tree of that date (its
    versions), the members placed in it that day."""
    if not in_scope(actor, organization):
        raise NotFound
    if on >= date.today():
        return organization_stats(actor=actor, organization=organization)
    version_standing(organization, on)  # zeros would say it stood, empty, that day
    under = subtree_on(organization, on).exclude(organization=organization)
    kinds = {k.value: 0 for k in OrganizationKind}
    kinds.update(dict(under.values_list("kind").annotate(n=Count("id")).order_by()))
    counts = people().counts_at(organization, on)
    members = {
        "total": counts[("member", "total")],
        "probationary": counts[("status", "probationary")],
        "official": counts[("status", "official")],
        "women": counts[("gender", "female")],
    }
    return {"organizations": kinds, "members": members, "summary": summary(kinds, members)}


def tree_level_on(*, actor, on: date, parent: Organization | None = None) -> list[dict]:
    """One level of the tree as it stood on `on` -- the roots the actor sees, or the
    children of `parent` -- each with its stats of that day, in three queries (the
    organizations, their kinds below, their members), grouped by the node's path prefix."""
    standing = covering(on)
    if parent is not None:
        if not in_scope(actor, parent):
            raise NotFound
        nodes = OrganizationVersion.objects.filter(standing, parent_id=parent.pk)
    else:
        path = scope_path(actor)
        if path is None:
            return []
        if path == "":
            nodes = OrganizationVersion.objects.filter(standing, parent__isnull=True)
        else:
            scope = Organization.objects.get(path=path)
            nodes = OrganizationVersion.objects.filter(standing, organization=scope)
    nodes = list(nodes)
    if not nodes:
        return []
    width = len(nodes[0].path)  # one level: every node's path has the same length
    by_prefix = {v.path: v for v in nodes}
    low, high = min(by_prefix), path_upper(max(by_prefix))  # the level's subtrees, and gaps
    found = kinds_on(on, low=low, high=high, width=width)
    kinds: dict[str, dict[str, int]] = {}
    for p, v in by_prefix.items():
        kinds[p] = {k.value: found.get(p, {}).get(k.value, 0) for k in OrganizationKind}
        kinds[p][v.kind] -= 1  # what lies below the node, not the node itself
    empty = {"total": 0, "official": 0, "probationary": 0, "women": 0}
    placed = people().level_counts_on(on, low=low, high=high, width=width)
    members = {p: {**empty, **placed.get(p, {})} for p in by_prefix}
    out = []
    for v in nodes:
        org = Organization(pk=v.organization_id, name=v.name, kind=v.kind, path=v.path)
        stats = {
            "organizations": kinds[v.path],
            "members": members[v.path],
            "summary": summary(kinds[v.path], members[v.path]),
        }
        out.append({"org": org, "stats": stats, "has_children": any(kinds[v.path].values())})
    return sorted(out, key=lambda n: (KIND_ORDER[n["org"].kind], collation_key(n["org"].name)))
