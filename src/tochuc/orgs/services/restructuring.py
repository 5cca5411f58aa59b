"""Sắp xếp tổ chức: merge, split and dissolve, and plans (phương án) of such operations with
one effective date and decision, previewed, applied as one transaction, and undone.

Each operation is built from the tree's own services (create, rename, move), so events,
versions, counts and audit are written the one way; members of a merged, split or
dissolved branch are reassigned with a dated event each, so their placements follow (asked of
orgs.people: the tree does not write members itself).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tochuc.core.audit import audit_record, recorded_actor
from tochuc.core.errors import Forbidden, ServiceError
from tochuc.core.rules import rule_value
from tochuc.core.scope import check_write, path_q, scope_q
from tochuc.core.text import clean, search_key
from tochuc.core.versions import StaleVersion, version_of
from tochuc.orgs import events
from tochuc.orgs.counters import counts_apply
from tochuc.orgs.models import (
    MEMBER_KINDS,
    OPERATION_KINDS,
    Organization,
    OrganizationEvent,
    OrganizationKind,
    OrganizationVersion,
    RestructuringOperation,
    RestructuringPlan,
)
from tochuc.orgs.people import people
from tochuc.orgs.services.organizations import (
    check_not_scope_root,
    organization_create,
    organization_move,
    organization_rename,
)
from tochuc.orgs.versions import versions_check, versions_close

Op = OrganizationEvent.Kind


# -- the operations -------------------------------------------------------------------------


def _alive(org: Organization) -> Organization:
    org.refresh_from_db()
    if org.dissolved_on:
        raise ServiceError(f"«{org.name}» đã giải thể ngày {org.dissolved_on:%d/%m/%Y}.")
    return org


def _children(org: Organization) -> list[Organization]:
    return list(org.children.filter(dissolved_on__isnull=True).order_by("id"))


def organization_dissolve(
    *, actor, organization: Organization, on: date, destination=None, plan=None
) -> Organization:
    """Giải thể: only when empty, or with a destination for its organizations and members."""
    check_write(actor, organization, organizations=True)
    check_not_scope_root(actor, organization)
    with transaction.atomic():
        org = _alive(organization)
        children = _children(org)
        members = len(people().placed(org))
        if (children or members) and destination is None:
            raise ServiceError(
                {
                    "destination": [
                        f"«{org.name}» còn {len(children)} tổ chức trực thuộc và {members} đảng "
                        "viên: chọn nơi tiếp nhận trước khi giải thể."
                    ]
                }
            )
        if destination is not None:
            check_write(actor, destination, organizations=True)
            destination = _alive(destination)
            if destination.path.startswith(org.path):
                raise ServiceError(
                    {"destination": ["Nơi tiếp nhận không được là tổ chức sắp giải thể."]}
                )
            for child in children:
                organization_move(
                    actor=actor,
                    organization=child,
                    new_parent=destination,
                    effective_date=on,
                    plan=plan,
                )
            people().reassign(actor=actor, source=org, target=destination, on=on, plan=plan)
        versions_check(Q(pk=org.pk), on)
        org.refresh_from_db()
        counts_apply(ancestor_ids=org.ancestor_ids(), deltas={("org_kind", org.kind): -1})
        org.dissolved_on = on
        org.save(update_fields=["dissolved_on"])
        versions_close(Q(pk=org.pk), on, plan)
        events.dissolved(org, destination=destination, on=on, actor=actor, plan=plan)
        audit_record(
            actor=actor,
            action="organization.dissolve",
            target=org,
            after={"dissolved_on": on, "destination": str(destination) if destination else None},
        )
    return org


def organization_merge(
    *,
    actor,
    sources: list[Organization],
    on: date,
    target: Organization | None = None,
    new: dict | None = None,
    plan=None,
) -> Organization:
    """Hợp nhất / sáp nhập: the sources' organizations and members go to the target (an
    existing organization, or a new one described by `new`: name, kind, parent), and the
    sources are dissolved."""
    if (target is None) == (new is None):
        raise ServiceError("Chọn một tổ chức hiện có hoặc mô tả tổ chức mới để hợp nhất vào.")
    if not sources or (target is None and len(sources) < 2):
        raise ServiceError({"sources": ["Chọn các tổ chức được hợp nhất (ít nhất hai)."]})
    if len({s.pk for s in sources}) != len(sources):
        raise ServiceError({"sources": ["Một tổ chức được chọn hai lần."]})
    with transaction.atomic():
        sources = [_alive(s) for s in sources]
        for s in sources:
            check_write(actor, s, organizations=True)
            check_not_scope_root(actor, s)
            for other in sources:
                if other is not s and other.path.startswith(s.path):
                    raise ServiceError(
                        {
                            "sources": [
                                f"«{other.name}» là cấp dưới của «{s.name}»: chọn một trong hai."
                            ]
                        }
                    )
        if target is None:
            target = organization_create(
                actor=actor,
                name=new["name"],
                kind=new["kind"],
                parent=new["parent"],
                code=new.get("code", ""),
                established_on=on,
                plan=plan,
            )
        target = _alive(target)
        for s in sources:
            if target.path.startswith(s.path):
                raise ServiceError(
                    {"target": [f"Tổ chức hợp nhất vào không được nằm trong «{s.name}»."]}
                )
        for s in sources:
            for child in _children(s):
                organization_move(
                    actor=actor, organization=child, new_parent=target, effective_date=on, plan=plan
                )
            people().reassign(actor=actor, source=s, target=target, on=on, plan=plan)
            organization_dissolve(actor=actor, organization=s, on=on, plan=plan)
        events.merged(target, sources=sources, on=on, actor=actor, plan=plan)
    return target


def organization_split(
    *,
    actor,
    source: Organization,
    parts: list[dict],
    on: date,
    children: dict[int, int] | None = None,
    members: dict[int, int] | None = None,
    default: int = 0,
    plan=None,
) -> dict:
    """Chia tách: new organizations (`parts`: name, kind, parent -- the source's parent by
    default) take the source's organizations and members as assigned (index into parts);
    the rest go to the default part and are listed for review. The source is dissolved.
    Returns {"parts": [...], "unassigned": [member ids]}."""
    if len(parts) < 2:
        raise ServiceError({"parts": ["Chia tách thành ít nhất hai tổ chức."]})
    if not 0 <= default < len(parts):
        raise ServiceError({"default": ["Tổ chức mặc định không có trong danh sách."]})
    children, members = children or {}, members or {}
    if any(not 0 <= i < len(parts) for i in [*children.values(), *members.values()]):
        raise ServiceError("Một đảng viên hoặc tổ chức được phân về tổ chức không có.")
    with transaction.atomic():
        source = _alive(source)
        check_write(actor, source, organizations=True)
        check_not_scope_root(actor, source)
        # Only what the source holds is its to share out: naming anything else is a mistake
        # to report (and reaches nothing outside the source).
        stray = set(children) - {c.pk for c in _children(source)}
        if stray:
            raise ServiceError(
                {
                    "children": [
                        f"Tổ chức số {min(stray)} không trực thuộc «{source.name}»: bỏ khỏi "
                        "danh sách phân bổ."
                    ]
                }
            )
        ids = people().placed(source)
        stray = set(members) - ids
        if stray:
            raise ServiceError(
                {
                    "members": [
                        f"Đảng viên số {min(stray)} không sinh hoạt ở «{source.name}»: bỏ khỏi "
                        "danh sách phân bổ."
                    ]
                }
            )
        created = [
            organization_create(
                actor=actor,
                name=part["name"],
                kind=part["kind"],
                parent=part.get("parent") or source.parent,
                code=part.get("code", ""),
                established_on=on,
                plan=plan,
            )
            for part in parts
        ]
        for child in _children(source):
            organization_move(
                actor=actor,
                organization=child,
                new_parent=created[children.get(child.pk, default)],
                effective_date=on,
                plan=plan,
            )
        unassigned = sorted(ids - set(members))
        for index, part in enumerate(created):
            chosen = [m for m, i in members.items() if i == index and m in ids]
            if index == default:
                chosen += unassigned
            people().reassign(
                actor=actor, source=source, target=part, on=on, plan=plan, member_ids=chosen
            )
        organization_dissolve(actor=actor, organization=source, on=on, plan=plan)
        for part in created:
            events.split(part, source=source, on=on, actor=actor, plan=plan)
    return {"parts": created, "unassigned": unassigned}


# -- plans ----------------------------------------------------------------------------------


def plan_create(
    *,
    actor,
    organization: Organization,
    title: str,
    effective_date: date | None,
    decision_symbol: str,
    decision_date: date | None = None,
) -> RestructuringPlan:
    check_write(actor, organization, organizations=True)
    title, symbol = clean(title), clean(decision_symbol)
    errors = {}
    if not title:
        errors["title"] = ["Nhập tên phương án."]
    if effective_date is None:
        errors["effective_date"] = ["Nhập ngày hiệu lực (dd/mm/yyyy)."]
    if not symbol:
        errors["decision_symbol"] = ["Nhập số, ký hiệu quyết định (vd 321-QĐ/TW)."]
    elif len(symbol) > 64:
        errors["decision_symbol"] = ["Số, ký hiệu quyết định dài quá 64 ký tự."]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        plan = RestructuringPlan.objects.create(
            title=title[:255],
            organization=organization,
            effective_date=effective_date,
            decision_symbol=symbol,
            decision_date=decision_date,
            created_by=recorded_actor(actor),
        )
        audit_record(actor=actor, action="restructuring.plan", target=plan, after={"title": title})
    return plan


def plan_version(plan: RestructuringPlan) -> str:
    """What the plan page shows, as its page and the API echo it back: the ids of the steps
    (so a refusal can say which were added or dropped) and a digest of the plan and steps."""
    # all(): the steps a list prefetched (ordered by position, as the model says).
    ops = [(op.pk, op.kind, op.params) for op in plan.operations.all()]
    digest = version_of(
        {
            "status": plan.status,
            "plan": [plan.title, plan.effective_date, plan.decision_symbol, plan.decision_date],
            "ops": ops,
        }
    )
    return "-".join(str(pk) for pk, _, _ in ops) + "." + digest


def _check_plan_version(plan: RestructuringPlan, version: str | None) -> None:
    """Refuse a step added, dropped, applied or undone from a page older than the plan (call
    it with the plan locked): its reader would act on steps they have not seen."""
    if not version or version == plan_version(plan):
        return
    read = {int(x) for x in version.split(".")[0].split("-") if x.isdigit()}
    ops = list(plan.operations.order_by("position"))
    changes = [f"thêm bước {op.position}: {operation_text(op)}" for op in ops if op.pk not in read]
    dropped = len(read - {op.pk for op in ops})
    if dropped:
        changes.append(f"bỏ {dropped} bước")
    if not changes:
        changes.append(f"nay ở trạng thái «{plan.get_status_display()}»")
    raise StaleVersion(
        f"Phương án «{plan.title}» đã được sửa sau khi bạn mở trang: {'; '.join(changes)}. "
        "Tải lại trang để xem bản mới rồi làm lại; chưa có gì được thực hiện."
    )


def _draft(actor, plan: RestructuringPlan) -> RestructuringPlan:
    check_write(actor, plan.organization, organizations=True)
    if plan.status != RestructuringPlan.Status.DRAFT:
        raise ServiceError(f"Phương án đang ở trạng thái «{plan.get_status_display()}».")
    return plan


def _number(value, field: str, what: str) -> int:
    # JSON true would pass int(); an id is a whole number and nothing else.
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ServiceError({field: [f"Chọn {what} (ghi số id)."]})
    try:
        return int(value)
    except ValueError:
        raise ServiceError({field: [f"Chọn {what} (ghi số id, không phải «{value}»)."]}) from None


# A step's parameters as a preview names them ("Bước 2 (Chia tách), phân bổ tổ chức: ...").
FIELD_LABELS = {
    "organization": "tổ chức",
    "parent": "trực thuộc",
    "destination": "nơi tiếp nhận",
    "target": "tổ chức hợp nhất vào",
    "sources": "các tổ chức được hợp nhất",
    "source": "tổ chức chia tách",
    "new": "tổ chức mới",
    "parts": "các tổ chức mới",
    "children": "phân bổ tổ chức trực thuộc",
    "members": "phân bổ đảng viên",
    "default": "tổ chức mặc định",
    "name": "tên mới",
}


class _Bounds:
    """What a plan's steps may name: organizations and members inside the plan's organization,
    as the actor sees it (a plan is seen by whoever sees its organization, so its steps must
    never reach further). One lookup per list, and the same answer for a missing id and one
    outside, so a step cannot tell which ids exist elsewhere."""

    def __init__(self, actor, plan: RestructuringPlan):
        self.actor, self.root = actor, plan.organization
        self.orgs = Organization.objects.filter(scope_q(actor), path_q(self.root.path))

    def missing(self, pk: int, field: str) -> ServiceError:
        return ServiceError(
            {
                field: [
                    f"Không tìm thấy tổ chức số {pk} trong phạm vi của phương án "
                    f"(«{self.root.name}»): chọn tổ chức thuộc phạm vi này."
                ]
            }
        )

    def org(self, value, field: str, *, changed: str = "") -> Organization:
        """One organization; `changed`: the kind of step that renames, moves, dissolves it."""
        pk = _number(value, field, "tổ chức")
        found = self.orgs.filter(pk=pk).first()
        if found is None:
            raise self.missing(pk, field)
        if changed and changed != Op.RENAME and found.pk == self.root.pk:
            # Its new place, or its successors, would lie outside the plan's own subtree.
            raise ServiceError(
                {
                    field: [
                        f"«{found.name}» là cấp thực hiện phương án: muốn chuyển, giải thể, hợp "
                        "nhất hay chia tách nó thì lập phương án ở cấp trên."
                    ]
                }
            )
        if changed:
            try:
                check_not_scope_root(self.actor, found)
            except Forbidden as exc:
                raise ServiceError({field: [str(exc)]}) from None
        return found

    def org_ids(self, values, field: str) -> list[int]:
        ids = [_number(v, field, "tổ chức") for v in values]
        found = set(self.orgs.filter(pk__in=ids).values_list("pk", flat=True))
        for pk in ids:
            if pk not in found:
                raise self.missing(pk, field)
        return ids

    def member_ids(self, values, field: str) -> list[int]:
        ids = [_number(v, field, "đảng viên") for v in values]
        found = people().visible(actor=self.actor, organization=self.root, ids=ids)
        for pk in ids:
            if pk not in found:
                raise ServiceError(
                    {
                        field: [
                            f"Không tìm thấy đảng viên số {pk} trong phạm vi của phương án "
                            f"(«{self.root.name}»): bỏ dòng này hoặc chọn đúng đảng viên."
                        ]
                    }
                )
        return ids


def _new_org(value, field: str, what: str, bounds: _Bounds, *, parent_field: str = "") -> dict:
    """A new organization a merge or a split founds: name, kind, code, and its parent (in
    the plan) -- required when `parent_field` names where to say it is missing."""
    if not isinstance(value, dict):
        raise ServiceError({field: [f"{what}: nhập tên và loại."]})
    name, kind = value.get("name"), value.get("kind")
    name = clean(name) if isinstance(name, str) else ""
    if not name or kind not in OrganizationKind.values:
        raise ServiceError({field: [f"{what}: nhập tên và loại."]})
    new = {"name": name, "kind": kind}
    code = value.get("code")
    if isinstance(code, str) and clean(code):
        new["code"] = clean(code)
    if value.get("parent") or parent_field:
        new["parent"] = bounds.org(value.get("parent"), parent_field or field).pk
    return new


def _assignments(value, field: str, parts: int) -> dict[str, int]:
    """A split's {id: index of the part it goes to}, ids as text (JSON keeps them so)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ServiceError({field: ["Ghi phân bổ dạng {số id: số thứ tự tổ chức mới}."]})
    out = {}
    for key, index in value.items():
        pk = _number(key, field, "tổ chức hoặc đảng viên")
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < parts:
            raise ServiceError(
                {
                    field: [
                        f"Số {pk} được phân về tổ chức mới không có trong danh sách (ghi số thứ "
                        f"tự từ 0 đến {parts - 1})."
                    ]
                }
            )
        out[str(pk)] = index
    return out


def _check_params(actor, plan: RestructuringPlan, kind: str, params) -> dict:
    """A step's parameters as kept: only the keys of its kind, every organization and member
    they name inside the plan (see _Bounds). Run when a step is added and again before every
    preview and apply, since the tree and the actor's scope may have changed in between."""
    if not isinstance(params, dict):
        raise ServiceError({"params": ["Tham số của bước phải là một đối tượng JSON."]})
    p, bounds = params, _Bounds(actor, plan)
    if kind == Op.RENAME:
        name = clean(p["name"]) if isinstance(p.get("name"), str) else ""
        if not name:
            raise ServiceError({"name": ["Nhập tên mới."]})
        organization = bounds.org(p.get("organization"), "organization", changed=kind)
        return {"organization": organization.pk, "name": name}
    if kind == Op.MOVE:
        return {
            "organization": bounds.org(p.get("organization"), "organization", changed=kind).pk,
            "parent": bounds.org(p.get("parent"), "parent").pk,
        }
    if kind == Op.DISSOLVE:
        organization = bounds.org(p.get("organization"), "organization", changed=kind)
        destination = bounds.org(p["destination"], "destination") if p.get("destination") else None
        return {"organization": organization.pk, "destination": destination and destination.pk}
    if kind == Op.MERGE:
        sources = p.get("sources") or []
        if not isinstance(sources, list):
            raise ServiceError({"sources": ["Chọn các tổ chức được hợp nhất (danh sách số id)."]})
        out = {"sources": [bounds.org(s, "sources", changed=kind).pk for s in sources]}
        if p.get("target"):
            return out | {"target": bounds.org(p["target"], "target").pk}
        new = _new_org(p.get("new"), "new", "Tổ chức mới", bounds, parent_field="parent")
        return out | {"new": new}
    if kind == Op.SPLIT:
        source = bounds.org(p.get("source"), "source", changed=kind)
        parts = p.get("parts") or []
        if not isinstance(parts, list):
            raise ServiceError({"parts": ["Ghi các tổ chức mới thành một danh sách."]})
        parts = [
            _new_org(part, "parts", f"Tổ chức mới thứ {i}", bounds)
            for i, part in enumerate(parts, start=1)
        ]
        children = _assignments(p.get("children"), "children", len(parts))
        members = _assignments(p.get("members"), "members", len(parts))
        bounds.org_ids(children, "children")
        bounds.member_ids(members, "members")
        default = p.get("default") or 0
        if (
            isinstance(default, bool)
            or not isinstance(default, int)
            or not 0 <= default < len(parts)
        ):
            raise ServiceError({"default": ["Tổ chức mặc định là số thứ tự trong danh sách."]})
        return {
            "source": source.pk,
            "parts": parts,
            "children": children,
            "members": members,
            "default": default,
        }
    raise ServiceError({"kind": [f"Thao tác «{kind}» không hợp lệ."]})


def plan_operation_add(
    *, actor, plan: RestructuringPlan, kind: str, params: dict, version: str | None = None
) -> RestructuringOperation:
    plan = _draft(actor, plan)
    params = _check_params(actor, plan, kind, params)
    with transaction.atomic():
        _check_plan_version(RestructuringPlan.objects.select_for_update().get(pk=plan.pk), version)
        last = plan.operations.order_by("-position").values_list("position", flat=True).first()
        return RestructuringOperation.objects.create(
            plan=plan, kind=kind, params=params, position=(last or 0) + 1
        )


def plan_operation_remove(
    *, actor, operation: RestructuringOperation, version: str | None = None
) -> None:
    _draft(actor, operation.plan)
    with transaction.atomic():
        plan = RestructuringPlan.objects.select_for_update().get(pk=operation.plan_id)
        _check_plan_version(plan, version)
        operation.delete()


def _run(actor, plan: RestructuringPlan, op: RestructuringOperation, p: dict, report: dict):
    """Run one step with its checked parameters `p`."""
    on = plan.effective_date

    def org(pk):
        return Organization.objects.get(pk=pk)

    if op.kind == Op.RENAME:
        organization_rename(
            actor=actor,
            organization=org(p["organization"]),
            name=p["name"],
            effective_date=on,
            plan=plan,
        )
    elif op.kind == Op.MOVE:
        organization_move(
            actor=actor,
            organization=_alive(org(p["organization"])),
            new_parent=_alive(org(p["parent"])),
            effective_date=on,
            plan=plan,
        )
    elif op.kind == Op.DISSOLVE:
        destination = org(p["destination"]) if p.get("destination") else None
        organization_dissolve(
            actor=actor,
            organization=org(p["organization"]),
            on=on,
            destination=destination,
            plan=plan,
        )
    elif op.kind == Op.MERGE:
        new = p.get("new")
        organization_merge(
            actor=actor,
            sources=[org(s) for s in p["sources"]],
            on=on,
            target=org(p["target"]) if p.get("target") else None,
            new={**new, "parent": _alive(org(new["parent"]))} if new else None,
            plan=plan,
        )
    elif op.kind == Op.SPLIT:
        parts = [
            {**part, "parent": _alive(org(part["parent"])) if part.get("parent") else None}
            for part in p["parts"]
        ]
        done = organization_split(
            actor=actor,
            source=org(p["source"]),
            parts=parts,
            on=on,
            children={int(k): v for k, v in p["children"].items()},
            members={int(k): v for k, v in p["members"].items()},
            default=p["default"],
            plan=plan,
        )
        if done["unassigned"]:
            report["unassigned"].append(
                {"into": done["parts"][p["default"]].pk, "members": done["unassigned"]}
            )


def _referenced(p: dict) -> set[int]:
    """The organizations a step's checked parameters name."""
    ids = _referenced_params(p)
    ids.update(int(k) for k in p.get("children") or {})
    ids.update(int(part["parent"]) for part in p.get("parts") or [] if part.get("parent"))
    return ids


def org_figures(ids: set[int], *, within: Organization | None = None) -> dict[str, dict]:
    """Each organization's figures, keyed by id as text (the plan keeps them as JSON); with
    `within`, only those of its subtree, whatever ids were asked for."""
    from tochuc.orgs.selectors import stats_for

    orgs = Organization.objects.filter(pk__in=ids)
    if within is not None:
        orgs = orgs.filter(path_q(within.path))
    orgs = list(orgs.select_related("parent"))
    stats = stats_for(orgs)

    def parent(o):
        # The plan's own organization is figured too; what stands above it is not shown.
        if o.parent is None or (within is not None and o.pk == within.pk):
            return ""
        return o.parent.name

    return {
        str(o.pk): {
            "name": o.name,
            "kind": o.kind_label,
            "parent": parent(o),
            "dissolved": bool(o.dissolved_on),
            "members": stats[o.pk]["members"]["total"],
            "official": stats[o.pk]["members"]["official"],
            "organizations": sum(stats[o.pk]["organizations"].values()),
        }
        for o in orgs
    }


def _problems(ids: set[int], report: dict, within: Organization, on: date) -> list[str]:
    problems = []
    for item in report["unassigned"]:
        into = Organization.objects.get(pk=item["into"])
        names = people().names(item["members"][:20])
        more = len(item["members"]) - len(names)
        problems.append(
            f"{len(item['members'])} đảng viên chưa được phân, tạm đưa vào «{into.name}» để rà "
            f"soát: {', '.join(names)}{f' và {more} người khác' if more > 0 else ''}."
        )
    alive = Organization.objects.filter(path_q(within.path), pk__in=ids, dissolved_on__isnull=True)
    branches = list(alive.filter(kind__in=MEMBER_KINDS).order_by("name"))
    officials = people().officials([b.pk for b in branches])
    least = rule_value("branch_min_official", on)
    for org in branches:
        n = officials.get(org.pk, 0)
        if n < least:
            problems.append(
                f"«{org.name}» chỉ có {n} đảng viên chính thức (chi bộ cần ít nhất {least})."
            )
    # Siblings under the plan's organization only: above it lies what its users do not see.
    parents = set(
        alive.filter(path_q(within.path, "parent__path")).values_list("parent_id", flat=True)
    )
    siblings = Organization.objects.filter(parent_id__in=parents, dissolved_on__isnull=True)
    seen = Counter(siblings.values_list("parent__name", "name"))
    for (parent, name), n in sorted(seen.items()):
        if n > 1:
            problems.append(f"Có {n} tổ chức cùng tên «{name}» trong «{parent}».")
    return problems


class _Rollback(Exception):
    pass


def step_error(position: int, kind: str, exc: ServiceError) -> ServiceError:
    """A step's refusal as one sentence naming the step and the field: "Bước 2 (Chia tách),
    phân bổ đảng viên: ..."."""
    label = FIELD_LABELS.get(next(iter(exc.errors), ""))
    where = f"Bước {position} ({dict(OPERATION_KINDS).get(kind, kind)})"
    return ServiceError(f"{where}{f', {label}' if label else ''}: {exc.text()}")


def _execute(actor, plan: RestructuringPlan) -> dict:
    """Run the operations in order; returns what a preview and the record need."""

    def step(op, run):
        try:
            return run()
        except Forbidden as exc:
            raise ServiceError(f"Bước {op.position} ({op.get_kind_display()}): {exc}") from None
        except ServiceError as exc:
            raise step_error(op.position, op.kind, exc) from None
        except Organization.DoesNotExist:
            raise ServiceError(f"Bước {op.position}: tổ chức không còn tồn tại.") from None

    root = plan.organization
    # Every step checked before any runs, as when it was added: ids stored in a plan are
    # never trusted (a step may predate a move, a narrower scope, or this check).
    steps = [
        (op, step(op, lambda op=op: _check_params(actor, plan, op.kind, op.params)))
        for op in plan.operations.all()
    ]
    referenced = set().union(*(_referenced(p) for _, p in steps))
    before = org_figures(referenced, within=root)
    report: dict = {"unassigned": []}
    for op, params in steps:
        step(op, lambda op=op, params=params: _run(actor, plan, op, params, report))
    created = set(
        OrganizationEvent.objects.filter(plan=plan, kind=OrganizationEvent.Kind.CREATE).values_list(
            "organization_id", flat=True
        )
    )
    ids = referenced | created
    root.refresh_from_db()
    return {
        "before": before,
        "after": org_figures(ids, within=root),
        "created": sorted(created),
        "problems": _problems(ids, report, root, plan.effective_date),
    }


def plan_preview(*, actor, plan: RestructuringPlan) -> dict:
    """What applying would do, computed by applying it in a transaction that is rolled back:
    {"before", "after": {org id: figures}, "created", "problems", "error"}."""
    check_write(actor, plan.organization, organizations=True)
    if not plan.operations.exists():
        return {
            "before": {},
            "after": {},
            "created": [],
            "problems": [],
            "error": "Phương án chưa có thao tác nào.",
        }
    result: dict = {}
    try:
        with transaction.atomic():
            result = _execute(actor, plan) | {"error": ""}
            raise _Rollback
    except _Rollback:
        pass
    except ServiceError as exc:
        return {"before": {}, "after": {}, "created": [], "problems": [], "error": exc.text()}
    return result


def plan_outcome(*, actor, plan: RestructuringPlan) -> dict | None:
    """What the plan page shows: the preview of a draft (to those who may apply it), the
    figures kept when it was applied, with one row per organization before and after."""
    if plan.status == RestructuringPlan.Status.DRAFT:
        if not actor.can_write:
            return None
        outcome = plan_preview(actor=actor, plan=plan)
    elif plan.result:
        outcome = {**plan.result, "error": ""}
    else:
        return None
    ids = sorted(set(outcome["before"]) | set(outcome["after"]), key=int)
    rows = [{"before": outcome["before"].get(i), "after": outcome["after"].get(i)} for i in ids]
    return outcome | {"rows": rows}


def plan_apply(*, actor, plan: RestructuringPlan, version: str | None = None) -> RestructuringPlan:
    """All operations or none, in one transaction; the preview's figures are kept. With the
    `version` the page or script read, refused if the plan changed since."""
    with transaction.atomic():
        plan = RestructuringPlan.objects.select_for_update().get(pk=plan.pk)
        check_write(actor, plan.organization, organizations=True)
        _check_plan_version(plan, version)
        _draft(actor, plan)
        if plan.effective_date > date.today():
            raise ServiceError(
                {"effective_date": ["Chỉ thực hiện phương án từ ngày hiệu lực trở đi."]}
            )
        if not plan.operations.exists():
            raise ServiceError("Phương án chưa có thao tác nào.")
        result = _execute(actor, plan)
        plan.status = RestructuringPlan.Status.APPLIED
        plan.applied_at = timezone.now()
        plan.result = result
        plan.save(update_fields=["status", "applied_at", "result"])
        audit_record(
            actor=actor,
            action="restructuring.apply",
            target=plan,
            after={"operations": plan.operations.count(), "problems": len(result["problems"])},
        )
    return plan


def plan_undo(*, actor, plan: RestructuringPlan, version: str | None = None) -> RestructuringPlan:
    """Undo the last applied plan, while nothing recorded after it depends on it."""
    check_write(actor, plan.organization, organizations=True)
    with transaction.atomic():
        plan = RestructuringPlan.objects.select_for_update().get(pk=plan.pk)
        _check_plan_version(plan, version)
        if plan.status != RestructuringPlan.Status.APPLIED:
            raise ServiceError("Chỉ hoàn tác được phương án đã thực hiện.")
        later = RestructuringPlan.objects.filter(
            status=RestructuringPlan.Status.APPLIED, applied_at__gt=plan.applied_at
        )
        if later.exists():
            raise ServiceError(f"Phương án «{later.first().title}» thực hiện sau phương án này.")
        touched = set(
            OrganizationVersion.objects.filter(Q(plan=plan) | Q(closed_by=plan)).values_list(
                "organization_id", flat=True
            )
        )
        if (
            OrganizationEvent.objects.filter(
                recorded_at__gt=plan.applied_at, organization__in=touched
            )
            .exclude(plan=plan)
            .exists()
        ):
            raise ServiceError("Đã có thay đổi tổ chức sau phương án này: không hoàn tác được.")
        created = set(
            OrganizationEvent.objects.filter(
                plan=plan, kind=OrganizationEvent.Kind.CREATE
            ).values_list("organization_id", flat=True)
        )
        people().reassign_undo(plan=plan, created=created)
        # The tree back to its versions before the plan.
        OrganizationVersion.objects.filter(plan=plan).delete()
        OrganizationVersion.objects.filter(closed_by=plan).update(end_date=None, closed_by=None)
        for version in OrganizationVersion.objects.filter(
            organization__in=touched - created, end_date__isnull=True
        ):
            Organization.objects.filter(pk=version.organization_id).update(
                parent_id=version.parent_id,
                path=version.path,
                depth=len(version.path) // 8 - 1,
                name=version.name,
                search_key=search_key(version.name),
                kind=version.kind,
                dissolved_on=None,
            )
        OrganizationEvent.objects.filter(plan=plan).delete()
        Organization.objects.filter(pk__in=created).delete()
        people().counts_rebuild()
        plan.status = RestructuringPlan.Status.UNDONE
        plan.save(update_fields=["status"])
        audit_record(actor=actor, action="restructuring.undo", target=plan, after={"undone": True})
    return plan


def operation_text(op: RestructuringOperation) -> str:
    """The step as a sentence, with the organizations' names ("Hợp nhất A, B vào C"); only
    those inside the plan's organization are named, whatever the stored step holds."""
    try:
        return _operation_text(op)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return f"{op.get_kind_display()}: tham số không hợp lệ, xóa bước này và thêm lại."


def _operation_text(op: RestructuringOperation) -> str:
    p = op.params
    inside = Organization.objects.filter(path_q(op.plan.organization.path))
    names = dict(inside.filter(pk__in=_referenced_params(p)).values_list("id", "name"))

    def n(pk):
        return f"«{names.get(int(pk), 'tổ chức không có trong phạm vi')}»"

    if op.kind == Op.RENAME:
        return f"Đổi tên {n(p['organization'])} thành «{p['name']}»"
    if op.kind == Op.MOVE:
        return f"Chuyển {n(p['organization'])} sang trực thuộc {n(p['parent'])}"
    if op.kind == Op.DISSOLVE:
        to = (
            f", tổ chức và đảng viên chuyển về {n(p['destination'])}"
            if p.get("destination")
            else ""
        )
        return f"Giải thể {n(p['organization'])}{to}"
    if op.kind == Op.MERGE:
        sources = ", ".join(n(s) for s in p["sources"])
        if p.get("target"):
            return f"Hợp nhất {sources} vào {n(p['target'])}"
        new = p["new"]
        kind = OrganizationKind(new["kind"]).label.lower()
        return f"Hợp nhất {sources} thành «{new['name']}» ({kind}, trực thuộc {n(new['parent'])})"
    parts = "; ".join(f"«{part['name']}»" for part in p["parts"])
    assigned = len(p.get("children") or {}) + len(p.get("members") or {})
    return (
        f"Chia tách {n(p['source'])} thành {parts}; {assigned} tổ chức, đảng viên được phân, "
        f"còn lại về «{p['parts'][p.get('default', 0)]['name']}»"
    )


def _referenced_params(p: dict) -> set[int]:
    ids = {
        int(p[k]) for k in ("organization", "parent", "destination", "target", "source") if p.get(k)
    }
    ids.update(int(s) for s in p.get("sources") or [])
    if (p.get("new") or {}).get("parent"):
        ids.add(int(p["new"]["parent"]))
    return ids
