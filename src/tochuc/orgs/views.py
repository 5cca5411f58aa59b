"""Pages of the organization tree: the tree with lazy children, a node, and its changes."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tochuc.accounts.scope import in_scope
from tochuc.core.forms import form_submit
from tochuc.orgs import selectors, services
from tochuc.orgs.forms import OrganizationCreateForm, OrganizationMoveForm, OrganizationRenameForm


def _nodes(organizations):
    stats = selectors.stats_for(organizations)
    return [
        {"org": o, "stats": stats[o.pk], "has_children": any(stats[o.pk]["organizations"].values())}
        for o in organizations
    ]


def tree(request):
    roots = selectors.organization_roots(actor=request.user)
    q = request.GET.get("q", "").strip()
    found = list(selectors.organization_list(actor=request.user, q=q)[:50]) if q else None
    return render(request, "orgs/tree.html", {"nodes": _nodes(roots), "q": q, "found": found})


def children(request, pk):
    org = selectors.organization_get(actor=request.user, pk=pk)
    kids = selectors.organization_children(actor=request.user, organization=org)
    return render(request, "orgs/_nodes.html", {"nodes": _nodes(kids)})


def detail(request, pk, forms=None):
    org = selectors.organization_get(actor=request.user, pk=pk)
    kids = selectors.organization_children(actor=request.user, organization=org)
    forms = forms or {}
    can_change = request.user.can_write and request.user.role != "secretary"
    context = {
        "org": org,
        "stats": selectors.organization_stats(actor=request.user, organization=org),
        "ancestors": selectors.organization_ancestors(actor=request.user, organization=org),
        "children": _nodes(kids),
        "events": org.events.select_related("actor").order_by("-effective_date", "-id")[:20],
        "can_change": can_change,
        "create_form": forms.get("create") or OrganizationCreateForm(parent=org),
        "rename_form": forms.get("rename") or OrganizationRenameForm(initial={"name": org.name}),
        "move_form": forms.get("move") or OrganizationMoveForm(),
        "can_move": org.parent_id is not None and in_scope(request.user, org.parent),
    }
    return render(request, "orgs/detail.html", context, status=400 if forms else 200)


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
        )

    if form_submit(form, run):
        messages.success(request, f"Đã chuyển «{org.name}» sang trực thuộc tổ chức mới.")
        return redirect("orgs:detail", pk=pk)
    return detail(request, pk, forms={"move": form})
