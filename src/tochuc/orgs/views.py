"""Pages of the organization tree: the tree with lazy children, a node, its changes, and
restructuring plans."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tochuc.core.errors import ServiceError
from tochuc.core.excel import xlsx_response
from tochuc.core.forms import day_param, form_submit
from tochuc.core.scope import in_scope
from tochuc.orgs import selectors, services
from tochuc.orgs.forms import (
    OperationForm,
    OrganizationCreateForm,
    OrganizationMoveForm,
    OrganizationRenameForm,
    PlanForm,
)
from tochuc.orgs.models import OrganizationKind
from tochuc.orgs.people import people
from tochuc.orgs.services import restructuring


def _past_date(request):
    """The date asked for with ?on= (dd/mm/yyyy or yyyy-mm-dd) if it is in the past, and the
    message for a date that cannot be read."""
    text = request.GET.get("on", "").strip()
    if not text:
        return None, ""
    try:
        on = day_param(text)
    except ServiceError as exc:
        return None, exc.text()
    return (on if on < date.today() else None), ""


def tree(request):
    on, error = _past_date(request)
    if on:
        nodes = selectors.tree_level_on(actor=request.user, on=on)
    else:
        nodes = selectors.tree_level(actor=request.user)
    q = request.GET.get("q", "").strip()
    found = list(selectors.organization_list(actor=request.user, q=q)[:50]) if q else None
    context = {"nodes": nodes, "q": q, "found": found, "on": on, "on_error": error}
    return render(request, "orgs/tree.html", context)


def children(request, pk):
    org = selectors.organization_get(actor=request.user, pk=pk)
    on, _ = _past_date(request)
    if on:
        nodes = selectors.tree_level_on(actor=request.user, on=on, parent=org)
    else:
        nodes = selectors.tree_level(actor=request.user, parent=org)
    return render(request, "orgs/_nodes.html", {"nodes": nodes, "on": on})


def detail(request, pk, forms=None):
    org = selectors.organization_get(actor=request.user, pk=pk)
    if request.GET.get("format") == "xlsx":
        return _subtree_xlsx(request, org)
    forms = forms or {}
    can_change = request.user.can_write and request.user.role != "secretary"
    version = services.organization_version(org)
    context = {
        "org": org,
        "stats": selectors.organization_stats(actor=request.user, organization=org),
        "ancestors": selectors.organization_ancestors(actor=request.user, organization=org),
        "children": selectors.tree_level(actor=request.user, parent=org),
        "events": org.events.select_related("actor").order_by("-effective_date", "-id")[:20],
        "can_change": can_change,
        "create_form": forms.get("create") or OrganizationCreateForm(parent=org),
        "rename_form": forms.get("rename")
        or OrganizationRenameForm(initial={"name": org.name, "version": version}),
        "move_form": forms.get("move") or OrganizationMoveForm(initial={"version": version}),
        "can_move": org.parent_id is not None and in_scope(request.user, org.parent),
        "is_scope_root": services.is_scope_root(request.user, org),
    }
    return render(request, "orgs/detail.html", context, status=400 if forms else 200)


def _subtree_xlsx(request, org):
    found = selectors.organization_subtree(actor=request.user, organization=org)
    # The count is of organizations: the file lists no person, but it is a download to answer for.
    return xlsx_response(
        actor=request.user,
        action="export.organizations",
        target=org,
        filename=f"to-chuc-{org.code or org.pk}.xlsx",
        title=f"Danh sách tổ chức đảng — {org.name}",
        # The tree file's columns (imports.parsing.TREE_COLUMNS): the list imports back.
        headers=[
            "STT",
            "Mã tổ chức",
            "Tên tổ chức",
            "Loại",
            "Mã tổ chức cấp trên",
            "Tên tổ chức cấp trên",
            "Ngày thành lập",
            "Số đảng viên",
        ],
        rows=(
            [
                i,
                o.code,
                o.name,
                o.kind_label,
                o.parent.code if o.parent else "",
                o.parent.name if o.parent else "",
                o.established_on,
                o.member_count or 0,
            ]
            for i, o in enumerate(found.iterator(chunk_size=2000), start=1)
        ),
        widths=[6, 14, 50, 24, 14, 50, 14, 12],
    )


@require_POST
def create(request, pk):
    parent = selectors.organization_get(actor=request.user, pk=pk)
    form = OrganizationCreateForm(request.POST, parent=parent)
    org = form_submit(
        form, lambda d: services.organization_create(actor=request.user, parent=parent, **d)
    )
    if org:
        messages.success(request, f"Đã thành lập «{org.name}».")
        return redirect("orgs:detail", pk=org.pk)
    return detail(request, pk, forms={"create": form})


@require_POST
def rename(request, pk):
    org = selectors.organization_get(actor=request.user, pk=pk)
    form = OrganizationRenameForm(request.POST)
    if form_submit(
        form, lambda d: services.organization_rename(actor=request.user, organization=org, **d)
    ):
        messages.success(request, f"Đã đổi tên thành «{form.cleaned_data['name']}».")
        return redirect("orgs:detail", pk=pk)
    return detail(request, pk, forms={"rename": form})


@require_POST
def move(request, pk):
    org = selectors.organization_get(actor=request.user, pk=pk)
    form = OrganizationMoveForm(request.POST)

    def run(data):
        parent = selectors.organization_pick(
            actor=request.user, ref=data["new_parent"], field="new_parent"
        )
        return services.organization_move(
            actor=request.user,
            organization=org,
            new_parent=parent,
            effective_date=data["effective_date"],
            version=data["version"],
        )

    if form_submit(form, run):
        messages.success(request, f"Đã chuyển «{org.name}» sang trực thuộc tổ chức mới.")
        return redirect("orgs:detail", pk=pk)
    return detail(request, pk, forms={"move": form})


# -- restructuring plans ---------------------------------------------------------------------


def plans(request):
    form = PlanForm(request.POST if request.method == "POST" else None)

    def run(data):
        org = selectors.organization_pick(
            actor=request.user, ref=data.pop("organization"), field="organization"
        )
        return restructuring.plan_create(actor=request.user, organization=org, **data)

    if request.method == "POST":
        plan = form_submit(form, run)
        if plan:
            messages.success(request, f"Đã lập phương án «{plan.title}».")
            return redirect("orgs:plan", pk=plan.pk)
    return render(
        request,
        "orgs/plans.html",
        {"plans": selectors.plan_list(actor=request.user)[:200], "form": form},
        status=400 if form.errors else 200,
    )


def _kind_of(text: str) -> str:
    text = text.strip().lower()
    for kind in OrganizationKind:
        if text in (kind.value, kind.label.lower()):
            return kind.value
    raise ServiceError({"parts": [f"Loại tổ chức «{text}» không có: ghi vd «chi bộ trực thuộc»."]})


def _operation_params(actor, data: dict) -> dict:
    """The form's text (codes, names, lines) as the operation's parameters (ids)."""

    def pick(field, ref=None):
        ref = (ref if ref is not None else data[field]).strip()
        return selectors.organization_pick(actor=actor, ref=ref, field=field).pk

    kind = data["kind"]
    if kind == "rename":
        return {"organization": pick("organization"), "name": data["name"]}
    if kind == "move":
        return {"organization": pick("organization"), "parent": pick("parent")}
    if kind == "dissolve":
        dest = pick("destination") if data["destination"].strip() else None
        return {"organization": pick("organization"), "destination": dest}
    if kind == "merge":
        sources = [pick("sources", line) for line in data["sources"].splitlines() if line.strip()]
        if data["target"].strip():
            return {"sources": sources, "target": pick("target")}
        new = {"name": data["name"], "kind": data["new_kind"], "parent": pick("parent")}
        return {"sources": sources, "new": new}
    parts = []
    for line in data["parts"].splitlines():
        if line.strip():
            name, _, kind_text = line.partition("|")
            parts.append({"name": name.strip(), "kind": _kind_of(kind_text or "")})
    source = pick("organization")
    source_org = selectors.organization_get(actor=actor, pk=source)
    children, members = {}, {}
    for line in data["assign"].splitlines():
        if not line.strip():
            continue
        ref, _, index = line.rpartition("=")
        if not index.strip().isdigit():
            raise ServiceError({"assign": [f"Dòng «{line.strip()}»: ghi dạng «mã = số thứ tự»."]})
        ref, n = ref.strip(), int(index) - 1
        member_id = people().member_with_citizen_id(
            actor=actor, organization=source_org, citizen_id=ref
        )
        if member_id:
            members[member_id] = n
        else:
            children[pick("assign", ref)] = n
    return {"source": source, "parts": parts, "children": children, "members": members}


def plan(request, pk):
    plan = selectors.plan_get(actor=request.user, pk=pk)
    form = OperationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        do = request.POST.get("do", "add")
        # The plan's version when the page was opened: acting on steps one has not seen
        # (another tab added or dropped one) is refused.
        version = request.POST.get("version")
        try:
            if do == "apply":
                restructuring.plan_apply(actor=request.user, plan=plan, version=version)
                messages.success(request, "Đã thực hiện phương án.")
                return redirect("orgs:plan", pk=pk)
            if do == "undo":
                restructuring.plan_undo(actor=request.user, plan=plan, version=version)
                messages.success(request, "Đã hoàn tác phương án.")
                return redirect("orgs:plan", pk=pk)
            if do == "remove":
                op = plan.operations.filter(pk=request.POST.get("operation")).first()
                if op:
                    restructuring.plan_operation_remove(
                        actor=request.user, operation=op, version=version
                    )
                return redirect("orgs:plan", pk=pk)
            if plan.status != plan.Status.DRAFT:
                raise ServiceError("Phương án đã thực hiện: không thêm bước được nữa.")
        except ServiceError as exc:
            messages.error(request, exc.text())
            return redirect("orgs:plan", pk=pk)
        added = form_submit(
            form,
            lambda d: restructuring.plan_operation_add(
                actor=request.user,
                plan=plan,
                kind=d["kind"],
                params=_operation_params(request.user, d),
                version=version,
            ),
        )
        if added:
            messages.success(request, f"Đã thêm bước {added.position}: {added.get_kind_display()}.")
            return redirect("orgs:plan", pk=pk)
    return render(
        request,
        "orgs/plan.html",
        {
            "plan": plan,
            "operations": [(op, restructuring.operation_text(op)) for op in plan.operations.all()],
            "form": form,
            "preview": restructuring.plan_outcome(actor=request.user, plan=plan),
            "version": restructuring.plan_version(plan),
        },
        status=400 if form.errors else 200,
    )
