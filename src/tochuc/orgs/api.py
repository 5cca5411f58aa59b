"""/api/v1/organizations (search, read, children, stats, create, rename, move) and
/api/v1/restructuring (plans of merges, splits, dissolutions: preview, apply, undo)."""

from __future__ import annotations

from datetime import date

from ninja import Field, Router, Schema, Status

from tochuc.core.errors import NotFound
from tochuc.orgs import selectors, services
from tochuc.orgs.services import restructuring

router = Router(tags=["Tổ chức đảng"])


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    depth: int


class OrganizationDetail(OrganizationOut):
    version: str = Field(description="Phiên bản lúc đọc: gửi lại khi sửa (PATCH).")

    @staticmethod
    def resolve_version(obj):
        return services.organization_version(obj)


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
    version: str | None = Field(
        None,
        description="`version` của tổ chức khi đọc (GET), hoặc gửi trong tiêu đề `If-Match`. "
        "Nếu tổ chức đã được đổi tên / chuyển sau đó, trả 409 và không ghi gì. Không gửi thì "
        "không kiểm tra (để script cũ vẫn chạy): script đọc rồi sửa nên luôn gửi.",
    )


@router.get("", response=list[OrganizationOut], summary="Tìm tổ chức theo tên")
def organization_search(request, q: str = "", kind: str = "", limit: int = 50):
    limit = min(max(limit, 0), 500)  # a negative slice would be a server error
    return list(selectors.organization_list(actor=request.auth, q=q, kind=kind)[:limit])


class NodeOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    organizations: dict[str, int]
    members: dict[str, int]
    summary: str
    has_children: bool


@router.get("/tree", response=list[NodeOut], summary="Một cấp của cây, hôm nay hoặc tại một ngày")
def organization_tree(request, parent: int | None = None, on: date | None = None):
    """The roots the user sees (or the children of `parent`) with their counts; with `on`
    (YYYY-MM-DD, a past date) the tree and counts as they stood that day."""
    org = selectors.organization_get(actor=request.auth, pk=parent) if parent else None
    if on is not None and on < date.today():
        nodes = selectors.tree_level_on(actor=request.auth, on=on, parent=org)
    else:
        nodes = selectors.tree_level(actor=request.auth, parent=org)
    return [
        {
            "id": n["org"].pk,
            "name": n["org"].name,
            "kind": n["org"].kind,
            "kind_label": n["org"].kind_label,
            **n["stats"],
            "has_children": n["has_children"],
        }
        for n in nodes
    ]


@router.get("/{org_id}", response=OrganizationDetail, summary="Một tổ chức và số liệu của nó")
def organization_detail(request, org_id: int):
    return selectors.organization_get(actor=request.auth, pk=org_id)


@router.get("/{org_id}/children", response=list[OrganizationOut], summary="Các tổ chức trực thuộc")
def organization_children(request, org_id: int):
    org = selectors.organization_get(actor=request.auth, pk=org_id)
    return selectors.organization_children(actor=request.auth, organization=org)


@router.get("/{org_id}/stats", response=StatsOut, summary="Số liệu của một tổ chức")
def organization_stats(request, org_id: int, on: date | None = None):
    """The subtree's counts today, or on a past date (`on`, YYYY-MM-DD)."""
    org = selectors.organization_get(actor=request.auth, pk=org_id)
    if on is not None:
        return {
            "organization": org,
            **selectors.organization_stats_on(actor=request.auth, organization=org, on=on),
        }
    return {
        "organization": org,
        **selectors.organization_stats(actor=request.auth, organization=org),
    }


@router.post("", response={201: OrganizationOut}, summary="Thêm tổ chức đảng")
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


@router.patch("/{org_id}", response=OrganizationDetail, summary="Đổi tên hoặc chuyển trực thuộc")
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
        version=payload.version or _if_match(request),
    )
    return org


# -- restructuring plans (/api/v1/restructuring) ---------------------------------------------

plans_router = Router(tags=["Sắp xếp tổ chức"])


class OperationOut(Schema):
    id: int
    position: int
    kind: str
    kind_label: str
    params: dict

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class PlanOut(Schema):
    id: int
    title: str
    organization_id: int
    effective_date: date
    decision_symbol: str
    decision_date: date | None
    status: str
    result: dict
    operations: list[OperationOut]
    version: str = Field(
        description="Phiên bản lúc đọc (các bước và trạng thái): gửi trong tiêu đề `If-Match` "
        "khi thêm, bỏ bước, thực hiện hay hoàn tác; nếu phương án đã đổi sau đó, trả 409 và "
        "không làm gì. Không gửi thì không kiểm tra."
    )

    @staticmethod
    def resolve_operations(obj):
        return list(obj.operations.all())

    @staticmethod
    def resolve_version(obj):
        return restructuring.plan_version(obj)


def _if_match(request) -> str | None:
    """The version a script read, sent back as `If-Match: "<version>"`."""
    return request.headers.get("If-Match", "").strip('W/"') or None


class PlanIn(Schema):
    organization_id: int
    title: str
    effective_date: date | None = None
    decision_symbol: str = ""
    decision_date: date | None = None


class OperationIn(Schema):
    kind: str
    params: dict


class PreviewOut(Schema):
    error: str
    before: dict
    after: dict
    created: list[int]
    problems: list[str]


@plans_router.get("/plans", response=list[PlanOut], summary="Các phương án sắp xếp")
def plan_list(request):
    return list(selectors.plan_list(actor=request.auth).prefetch_related("operations")[:200])


@plans_router.post("/plans", response={201: PlanOut}, summary="Lập phương án sắp xếp")
def plan_create(request, payload: PlanIn):
    org = selectors.organization_get(actor=request.auth, pk=payload.organization_id)
    data = payload.dict(exclude={"organization_id"})
    return Status(201, restructuring.plan_create(actor=request.auth, organization=org, **data))


@plans_router.get("/plans/{plan_id}", response=PlanOut, summary="Một phương án sắp xếp")
def plan_detail(request, plan_id: int):
    return selectors.plan_get(actor=request.auth, pk=plan_id)


@plans_router.post(
    "/plans/{plan_id}/operations",
    response={201: OperationOut},
    summary="Thêm thao tác: rename, move, merge, split, dissolve",
)
def plan_operation_add(request, plan_id: int, payload: OperationIn):
    plan = selectors.plan_get(actor=request.auth, pk=plan_id)
    op = restructuring.plan_operation_add(
        actor=request.auth,
        plan=plan,
        kind=payload.kind,
        params=payload.params,
        version=_if_match(request),
    )
    return Status(201, op)


@plans_router.delete(
    "/plans/{plan_id}/operations/{op_id}", response={204: None}, summary="Bỏ một thao tác"
)
def plan_operation_remove(request, plan_id: int, op_id: int):
    plan = selectors.plan_get(actor=request.auth, pk=plan_id)
    op = plan.operations.filter(pk=op_id).first()
    if op is None:
        raise NotFound
    restructuring.plan_operation_remove(
        actor=request.auth, operation=op, version=_if_match(request)
    )
    return Status(204, None)


@plans_router.get("/plans/{plan_id}/preview", response=PreviewOut, summary="Xem trước")
def plan_preview(request, plan_id: int):
    plan = selectors.plan_get(actor=request.auth, pk=plan_id)
    return restructuring.plan_preview(actor=request.auth, plan=plan)


@plans_router.post("/plans/{plan_id}/apply", response=PlanOut, summary="Thực hiện phương án")
def plan_apply(request, plan_id: int):
    plan = selectors.plan_get(actor=request.auth, pk=plan_id)
    return restructuring.plan_apply(actor=request.auth, plan=plan, version=_if_match(request))


@plans_router.post("/plans/{plan_id}/undo", response=PlanOut, summary="Hoàn tác phương án")
def plan_undo(request, plan_id: int):
    plan = selectors.plan_get(actor=request.auth, pk=plan_id)
    return restructuring.plan_undo(actor=request.auth, plan=plan, version=_if_match(request))
