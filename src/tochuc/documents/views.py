"""The registry's pages: the searchable list (with its download and printed list), register and
edit, a document's page (files, chain of links, reports asked and filed, plans citing it),
finding a document by its symbol, and the references of a pasted text."""

from __future__ import annotations

import contextlib
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.forms import day_param, form_submit
from tochuc.core.scope import in_scope
from tochuc.documents import exports
from tochuc.documents.forms import (
    AttachmentForm,
    DocumentEditForm,
    DocumentFilterForm,
    DocumentForm,
    LinkForm,
    NumberForm,
    ReferencesForm,
    ReportFileForm,
    ReportFilterForm,
    ReportRequestForm,
)
from tochuc.documents.models import Document, DocumentType, Issuer
from tochuc.documents.selectors import (
    COUNT_CAP,
    DocumentFilter,
    ReportFilter,
    ReportRow,
    attachment_get,
    document_chain,
    document_get,
    document_list,
    document_page,
    document_reports,
    followup,
    link_get,
    plan_decisions,
    plans_of_document,
    references_match,
    report_get,
    report_state,
    reports_owed,
)
from tochuc.documents.services import (
    attachment_add,
    attachment_remove,
    document_link,
    document_number_take,
    document_register,
    document_unlink,
    document_update,
    report_file,
    report_request_create,
)
from tochuc.documents.services.catalogue import report_type, type_find
from tochuc.documents.services.issuers import issuers_of
from tochuc.documents.symbols import normalize_symbol, parse_symbol
from tochuc.orgs.models import GRASSROOTS_KINDS
from tochuc.orgs.selectors import (
    organization_ancestors,
    organization_children,
    organization_get,
    organization_roots,
    organization_subtree,
)

PAGE_SIZE = 50


def _writable(actor, organization) -> bool:
    """Whether the actor may change what `organization`'s registry keeps (the pages hide the
    buttons they would refuse)."""
    return bool(actor.can_write) and in_scope(actor, organization)


# --- the list -------------------------------------------------------------------------------


def _filter_issuers(actor, organization):
    """The issuers a filter offers: the bodies outside the tree, and those of the
    organization (the user's scope by default) and of its children."""
    roots = [organization] if organization else organization_roots(actor=actor)
    if len(roots) != 1:
        return list(Issuer.objects.filter(organization__isnull=True))
    org = roots[0]
    return list(
        Issuer.objects.filter(organization__isnull=True)
        | Issuer.objects.filter(organization=org)
        | Issuer.objects.filter(organization__parent=org)
    )


def _filtered(request):
    """The filter form, its organization and the documents it selects."""
    org_id = request.GET.get("organization")
    org = organization_get(actor=request.user, pk=org_id) if org_id else None
    form = DocumentFilterForm(request.GET, issuers=_filter_issuers(request.user, org))
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
    spec = DocumentFilter(
        q=data.get("q", ""),
        doc_types=tuple(data.get("type", ())),
        issuer=data.get("issuer"),
        year=data.get("year"),
        period=data.get("period"),
        status=data.get("status", ""),
        issued_from=data.get("issued_from"),
        issued_to=data.get("issued_to"),
        without_drafts=data.get("without_drafts", False),
        organization=org,
    )
    data.pop("organization", None)
    return form, org, document_list(request.user, spec), data


def registry(request):
    form, org, documents, filters = _filtered(request)
    if request.GET.get("format") == "xlsx":
        response = exports.registry_xlsx(
            actor=request.user, documents=documents, organization=org, details=filters
        )
        if response is None:
            return render(request, "documents/export_busy.html", {"org": org}, status=409)
        return response
    page = document_page(documents.prefetch_related("attachments"), request.GET.get("page"))
    page.capped = page.paginator.count > COUNT_CAP
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "org": org,
        "query": query.urlencode(),
        "cap": COUNT_CAP,
        "can_register": request.user.can_write,
    }
    template = "documents/_results.html" if request.htmx else "documents/list.html"
    return render(request, template, context)


def report_list(request):
    """The reports owed by the organizations of a subtree: who reported, who is late (the
    report's follow-up figures and the to-do screen open it)."""
    org_id = request.GET.get("organization")
    org = organization_get(actor=request.user, pk=org_id) if org_id else None
    form = ReportFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data if form.is_bound else {}
    on = data.get("on") or date.today()
    spec = ReportFilter(
        state=data.get("state") or "",
        due_year=data.get("due"),
        on=on,
        organization=org,
    )
    page = Paginator(reports_owed(request.user, spec), 50).get_page(request.GET.get("page"))
    rows = [ReportRow(r, report_state(r, r.request.due_on, on)) for r in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "org": org, "on": on}
    context["query"] = query.urlencode()
    return render(request, "documents/reports.html", context)


def registry_print(request):
    """The same filtered list, printed in the Party's document format."""
    form, org, documents, _ = _filtered(request)
    rows, cut = exports.print_rows(documents)
    roots = organization_roots(actor=request.user)
    head_org = org or (roots[0] if len(roots) == 1 else None)
    query = request.GET.copy()
    return render(
        request,
        "documents/print.html",
        {
            "rows": rows,
            "cut": cut,
            "limit": exports.PRINT_LIMIT,
            "head": exports.letterhead(head_org, date.today()),
            "query": query.urlencode(),
        },
    )


# --- register and edit ----------------------------------------------------------------------


def _registry_context(request, registry_id):
    """The organization whose registry the form fills, the choices around it (its ancestors
    in scope, itself, its children), its issuers and the organizations it may apply to."""
    actor = request.user
    roots = organization_roots(actor=actor)
    if registry_id:
        current = organization_get(actor=actor, pk=registry_id)
    else:
        current = roots[0] if roots else None
    if current is None:
        return None, [], [], []
    children = organization_children(actor=actor, organization=current)
    above = organization_ancestors(actor=actor, organization=current)
    # An administrator at a root: every root to choose from.
    top = roots if not above and current in roots else [*above, current]
    choices = top + children
    return current, choices, issuers_of(current), children


def _document_fields(data: dict, issuers: dict) -> dict:
    """The form's values as document_create / document_update take them."""
    fields = dict(data)
    fields["doc_type"] = DocumentType.objects.get(pk=fields["doc_type"])
    fields["issuer"] = issuers[fields["issuer"]]
    fields.pop("organization", None)
    return fields


def _hx_registry(form, url: str) -> None:
    """Choosing another organization reloads its issuers and children (htmx), keeping the
    rest of what was typed."""
    form.fields["organization"].widget.attrs.update(
        {
            "hx-get": url,
            "hx-trigger": "change",
            "hx-target": "#registry",
            "hx-select": "#registry",
            "hx-swap": "outerHTML",
            "hx-include": "this",
        }
    )


def _prefill(request, issuers) -> dict:
    """?symbol=74-NQ/TU&issued_on=10/05/2016&type=Nghị quyết (from «Đăng ký» of a reference
    or a plan's decision): the type and issuer read off the symbol when they fit."""
    initial = {"status": Document.Status.ISSUED}
    symbol = request.GET.get("symbol", "").strip()
    if symbol:
        initial["symbol"] = symbol
    raw = request.GET.get("issued_on") or request.GET.get("date")
    if raw:
        with contextlib.suppress(ServiceError):  # a date that cannot be read: left to type
            initial["issued_on"] = day_param(raw)
    parsed = parse_symbol(symbol) if symbol else None
    named = [t for t in [type_find(request.GET.get("type", ""))] if t is not None]
    coded = [t for t in [type_find(parsed.code) if parsed else None] if t is not None]
    if named or coded:
        initial["doc_type"] = (named or coded)[0].pk
    if parsed:
        fits = [i for i in issuers if i.code == parsed.issuer]
        if fits:
            initial["issuer"] = fits[0].pk
    return initial


def create(request):
    actor = request.user
    source = request.POST if request.method == "POST" else request.GET
    current, organizations, own, children = _registry_context(request, source.get("organization"))
    if current is None:
        return render(request, "documents/form.html", {"form": None, "doc": None}, status=404)
    form_issuers = own + list(Issuer.objects.filter(organization__isnull=True))
    by_pk = {i.pk: i for i in form_issuers}
    kwargs = {"organizations": organizations, "issuers": own, "children": children}
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, **kwargs)
        take = bool(request.POST.get("take_number"))

        def run(data):
            upload = data.pop("file", None)
            picked = set(data.pop("applies_to", []))
            applies = [o for o in children if o.pk in picked]
            fields = _document_fields(data, by_pk)
            if take:
                fields.pop("symbol", None)
            return document_register(
                actor=actor,
                upload=upload,
                organization=current,
                take_number=take,
                applies_to=applies,
                **fields,
            )

        document = form_submit(form, run)
        if document:
            text = f"Đã đăng ký {document.label}."
            if take:
                text += f" Số được cấp: {document.symbol}."
            messages.success(request, text)
            return redirect("documents:detail", pk=document.pk)
    else:
        initial = _prefill(request, form_issuers) | {"organization": current.pk}
        for key in ("title", "signer"):
            if request.GET.get(key):
                initial[key] = request.GET[key]
        if request.htmx:  # another organization chosen: keep what was typed
            initial |= {k: v for k, v in request.GET.items() if k not in ("organization", "issuer")}
        form = DocumentForm(initial=initial, **kwargs)
    _hx_registry(form, reverse("documents:create"))
    return render(
        request,
        "documents/form.html",
        {"form": form, "doc": None, "org": current},
        status=400 if form.errors else 200,
    )


def edit(request, pk):
    actor = request.user
    document = document_get(actor, pk)
    source = request.POST if request.method == "POST" else request.GET
    current, organizations, own, children = _registry_context(
        request, source.get("organization") or document.organization_id
    )
    by_pk = {i.pk: i for i in own + list(Issuer.objects.filter(organization__isnull=True))}
    if document.issuer_id not in by_pk:  # an issuer of the registry not among the defaults
        by_pk[document.issuer_id] = document.issuer
        own = [*own, document.issuer]
    if current.pk == document.organization_id:
        # The organizations it applies to further down than the children stay offered (the
        # API may set any of the registry's subtree): saving the page keeps them.
        offered = {o.pk for o in children}
        children = children + [o for o in document.applies_to.all() if o.pk not in offered]
    kwargs = {"organizations": organizations, "issuers": own, "children": children}
    if request.method == "POST":
        form = DocumentEditForm(request.POST, **kwargs)

        def run(data):
            picked = set(data.pop("applies_to", []))
            applies = [o for o in children if o.pk in picked]
            fields = _document_fields(data, by_pk)
            return document_update(
                actor=actor, document=document, organization=current, applies_to=applies, **fields
            )

        saved = form_submit(form, run)
        if saved:
            messages.success(request, f"Đã lưu {saved.label}.")
            return redirect("documents:detail", pk=pk)
    else:
        initial = {
            "organization": current.pk,
            "doc_type": document.doc_type_id,
            "issuer": document.issuer_id,
            "applies_to": list(document.applies_to.values_list("pk", flat=True)),
        } | {
            f: getattr(document, f)
            for f in ("symbol", "issued_on", "signer", "title", "period_start", "period_end")
        }
        initial |= {"status": document.status, "note": document.note}
        form = DocumentEditForm(initial=initial, **kwargs)
    _hx_registry(form, reverse("documents:edit", args=[pk]))
    return render(
        request,
        "documents/form.html",
        {"form": form, "doc": document, "org": current},
        status=400 if form.errors else 200,
    )


# --- a document's page ----------------------------------------------------------------------


def _mark_removable(actor, nodes, *, upward: bool, own: bool) -> None:
    """The first level's links can be removed by whoever may change their source."""
    for node in nodes:
        source = None if upward else node.document.organization
        node.removable = own if upward else _writable(actor, source)


def _request_children(actor, document):
    try:
        return organization_children(actor=actor, organization=document.organization)
    except NotFound:  # the document's registry lies above the actor's scope
        return []


def detail(request, pk, forms=None):
    actor = request.user
    document = document_get(actor, pk)
    forms = forms or {}
    can_edit = _writable(actor, document.organization)
    up, down = document_chain(actor, document)
    _mark_removable(actor, up, upward=True, own=can_edit)
    _mark_removable(actor, down, upward=False, own=can_edit)
    requests = followup(actor, document)
    for _, rows in requests:
        for row in rows:
            row.can_file = row.report.document_id is None and _writable(
                actor, row.report.organization
            )
    link_q = request.GET.get("link_q", "").strip()
    candidates = []
    if link_q:
        candidates = [
            d for d in document_list(actor, DocumentFilter(q=link_q))[:11] if d.pk != document.pk
        ][:10]
    children = _request_children(actor, document) if can_edit else []
    context = {
        "doc": document,
        "can_edit": can_edit,
        # a registry above the reader's scope: its document is read, its list is not theirs
        "registry_in_scope": in_scope(actor, document.organization),
        "attachments": list(document.attachments.all()),
        "applies_to": list(document.applies_to.all()),
        "up": up,
        "down": down,
        "reports": list(document_reports(actor, document).prefetch_related("attachments")),
        "requests": requests,
        "plans": plans_of_document(actor, document),
        "link_q": link_q,
        "candidates": candidates,
        "file_form": forms.get("file") or AttachmentForm(),
        "link_form": forms.get("link") or LinkForm(),
        "number_form": forms.get("number") or NumberForm(initial={"issued_on": date.today()}),
        "request_form": forms.get("request") or ReportRequestForm(children=children),
        "today": date.today(),
    }
    return render(request, "documents/detail.html", context, status=400 if forms else 200)


@require_POST
def number_take(request, pk):
    document = document_get(request.user, pk)
    form = NumberForm(request.POST)
    done = form_submit(
        form,
        lambda d: document_number_take(
            actor=request.user, document=document, issued_on=d["issued_on"]
        ),
    )
    if done:
        messages.success(request, f"Đã lấy số: {done.symbol}; văn bản chuyển sang «Ban hành».")
        return redirect("documents:detail", pk=pk)
    return detail(request, pk, forms={"number": form})


@require_POST
def attachment_upload(request, pk):
    document = document_get(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    done = form_submit(
        form,
        lambda d: attachment_add(actor=request.user, document=document, upload=d["file"]),
    )
    if done:
        messages.success(request, f"Đã tải lên tệp «{done.name}».")
        return redirect("documents:detail", pk=pk)
    return detail(request, pk, forms={"file": form})


def attachment(request, pk):
    return exports.attachment_response(request.user, pk, via="page")


@require_POST
def attachment_delete(request, pk):
    item = attachment_get(request.user, pk)
    try:
        attachment_remove(actor=request.user, attachment=item)
        messages.success(request, f"Đã xóa tệp «{item.name}».")
    except ServiceError as exc:
        messages.error(request, exc.text())
    return redirect("documents:detail", pk=item.document_id)


@require_POST
def link_add(request, pk):
    document = document_get(request.user, pk)
    form = LinkForm(request.POST)

    def run(data):
        target = document_get(request.user, data["target"])
        return document_link(actor=request.user, source=document, target=target, kind=data["kind"])

    try:
        link = form_submit(form, run)
    except NotFound:  # the target out of sight: the same refusal as a wrong id
        form.add_error("target", "Không tìm thấy văn bản được liên kết.")
        link = None
    if link:
        messages.success(request, f"Đã liên kết với {link.target.label}.")
        return redirect("documents:detail", pk=pk)
    return detail(request, pk, forms={"link": form})


@require_POST
def link_remove(request, pk):
    link = link_get(request.user, pk)
    back = request.POST.get("back")
    try:
        document_unlink(actor=request.user, link=link)
        messages.success(request, f"Đã bỏ liên kết {link.source.symbol} → {link.target.symbol}.")
    except ServiceError as exc:
        messages.error(request, exc.text())
    target = link.target_id if back == str(link.target_id) else link.source_id
    return redirect("documents:detail", pk=target)


@require_POST
def request_create(request, pk):
    actor = request.user
    document = document_get(actor, pk)
    children = _request_children(actor, document)
    form = ReportRequestForm(request.POST, children=children)

    def run(data):
        picked = set(data["organizations"])
        asked = [o for o in children if o.pk in picked]
        if data["grassroots"]:
            below = organization_subtree(actor=actor, organization=document.organization)
            below = below.filter(kind__in=GRASSROOTS_KINDS).exclude(pk=document.organization_id)
            asked += [o for o in below if o.pk not in picked]
        return report_request_create(
            actor=actor,
            document=document,
            kind=data["kind"],
            due_on=data["due_on"],
            organizations=asked,
            title=data["title"],
        )

    done = form_submit(form, run)
    if done:
        count = done.reports.count()
        messages.success(
            request, f"Đã yêu cầu {count} tổ chức báo cáo, hạn {done.due_on:%d/%m/%Y}."
        )
        return redirect("documents:detail", pk=pk)
    return detail(request, pk, forms={"request": form})


def report_submit_page(request, pk):
    """«Nộp báo cáo»: the organization asked registers its report (a Báo cáo of its own, with
    the file) and hands it in, in one transaction."""
    actor = request.user
    report = report_get(actor, pk)
    asked = report.request.document
    issuers = issuers_of(report.organization)
    by_pk = {i.pk: i for i in issuers}
    form = ReportFileForm(request.POST or None, request.FILES or None, issuers=issuers)
    if request.method == "POST":
        take = bool(request.POST.get("take_number"))

        def run(data):
            upload = data.pop("file", None)
            fields = {
                "doc_type": report_type(),
                "issuer": by_pk[data["issuer"]],
                "issued_on": data["issued_on"],
                "signer": data["signer"],
                "title": data["title"]
                or f"Báo cáo {report.request.get_kind_display().lower()} {asked.label}",
                "take_number": take,
            }
            if not take:
                fields["symbol"] = data["symbol"]
            return report_file(actor=actor, report=report, document_fields=fields, upload=upload)

        done = form_submit(form, run)
        if done:
            messages.success(
                request, f"{report.organization.name} đã nộp báo cáo {done.document.symbol}."
            )
            return redirect("documents:detail", pk=done.document.pk)
    elif not _writable(actor, report.organization):
        raise PermissionDenied("Tài khoản không được nộp báo cáo thay tổ chức này.")
    return render(
        request,
        "documents/report_form.html",
        {"form": form, "report": report, "asked": asked},
        status=400 if form.errors else 200,
    )


# --- finding documents ----------------------------------------------------------------------


def find(request):
    """/documents/find/?symbol=74-NQ/TU&date=2016-05-10: the document the user sees with that
    symbol (and date), or the register form prefilled when there is none."""
    symbol = request.GET.get("symbol", "").strip()
    raw = request.GET.get("date", "").strip()
    on = None
    if raw:
        try:
            on = day_param(raw)
        except ServiceError as exc:
            messages.error(request, exc.text())
    if symbol:
        found = document_list(request.user, DocumentFilter(q=symbol))
        if parse_symbol(symbol) is None:  # an outside body's own format, as stored
            found = found.filter(symbol=normalize_symbol(symbol))
        if on is not None:
            found = found.filter(issued_on=on)
        document = found.first()
        if document is not None:
            return redirect("documents:detail", pk=document.pk)
        messages.info(request, f"Sổ văn bản chưa có văn bản số {symbol}: đăng ký tại đây.")
    params = {"symbol": symbol} | ({"issued_on": f"{on:%d/%m/%Y}"} if on else {})
    return redirect(f"{reverse('documents:create')}?{urlencode(params)}")


def references(request):
    """Paste a text: every reference found, matched to the registry or offered to register;
    and the restructuring plans' decisions, read the same way."""
    form = ReferencesForm(request.POST or None)
    matches = None
    if request.method == "POST" and form.is_valid():
        matches = references_match(request.user, form.cleaned_data["text"])
    register = reverse("documents:create")
    for m in matches or []:
        params = {"symbol": m.reference.symbol}
        if m.reference.issued_on:
            params["issued_on"] = f"{m.reference.issued_on:%d/%m/%Y}"
        if m.reference.type_name:
            params["type"] = m.reference.type_name
        m.register_url = f"{register}?{urlencode(params)}"
    plans = []
    for plan, document in plan_decisions(request.user):
        params = {"symbol": plan.decision_symbol}
        if plan.decision_date:
            params["issued_on"] = f"{plan.decision_date:%d/%m/%Y}"
        plans.append((plan, document, f"{register}?{urlencode(params | {'type': 'Quyết định'})}"))
    return render(
        request,
        "documents/references.html",
        {"form": form, "matches": matches, "plans": plans},
        status=400 if form.errors else 200,
    )
