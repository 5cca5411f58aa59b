"""Every read of the organization tree, scoped to what the actor may see."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.formats import number
from tochuc.core.scope import in_scope, path_q, scope_path, scope_q
from tochuc.core.text import clean, collation_key, search_key
from tochuc.orgs.models import Organization, OrganizationKind, RestructuringPlan, SubtreeCount

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
    each node {"org", "stats", "has_children"} (members.selectors.tree_level_on: a past date)."""
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
