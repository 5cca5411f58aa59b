"""/api/v1/organizations: search, read, children, stats, create, rename, move."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema, Status

from tochuc.orgs import selectors, services

router = Router(tags=["Tổ chức đảng"])


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    depth: int


class StatsOut(Schema):
    organization: OrganizationOut
    organizations: dict[str, int]
    members: dict[str, int]
    summary: str


class OrganizationIn(Schema):
    name: str
    kind: str
    parent_id: int
    code: str = ""
    established_on: date | None = None


class OrganizationPatch(Schema):
    name: str | None = None
    parent_id: int | None = None
    effective_date: date | None = None


@router.get("", response=list[OrganizationOut], summary="Tìm tổ chức theo tên")
def organization_search(request, q: str = "", kind: str = "", limit: int = 50):
    limit = min(max(limit, 0), 500)  # a negative slice would be a server error
    return list(selectors.organization_list(actor=request.auth, q=q, kind=kind)[:limit])


@router.get("/{org_id}", response=OrganizationOut)
def organization_detail(request, org_id: int):
    return selectors.organization_get(actor=request.auth, pk=org_id)


@router.get("/{org_id}/children", response=list[OrganizationOut])
def organization_children(request, org_id: int):
    org = selectors.organization_get(actor=request.auth, pk=org_id)
    return selectors.organization_children(actor=request.auth, organization=org)


@router.get("/{org_id}/stats", response=StatsOut)
def organization_stats(request, org_id: int, on: date | None = None):
    """The subtree's counts today, or on a past date (`on`, YYYY-MM-DD)."""
    from tochuc.members.selectors import organization_stats_on

    org = selectors.organization_get(actor=request.auth, pk=org_id)
    if on is not None:
        return {
            "organization": org,
            **organization_stats_on(actor=request.auth, organization=org, on=on),
        }
    return {
        "organization": org,
        **selectors.organization_stats(actor=request.auth, organization=org),
    }


@router.post("", response={201: OrganizationOut})
def organization_create(request, payload: OrganizationIn):
    parent = selectors.organization_get(actor=request.auth, pk=payload.parent_id)
    org = services.organization_create(
        actor=request.auth,
        parent=parent,
        name=payload.name,
        kind=payload.kind,
        code=payload.code,
        established_on=payload.established_on,
    )
    return Status(201, org)


@router.patch("/{org_id}", response=OrganizationOut, summary="Đổi tên hoặc chuyển trực thuộc")
def organization_update(request, org_id: int, payload: OrganizationPatch):
    org = selectors.organization_get(actor=request.auth, pk=org_id)
    parent = None
    if payload.parent_id is not None:
        parent = selectors.organization_get(actor=request.auth, pk=payload.parent_id)
    org = services.organization_update(
        actor=request.auth,
        organization=org,
        name=payload.name,
        new_parent=parent,
        effective_date=payload.effective_date,
    )
    return org
