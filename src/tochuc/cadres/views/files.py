"""The cadre work's files: each list's .xlsx (the same selector and query as its page), and the
import of a positions-and-incumbents sheet or a planning list — upload, dry run (every row's
problem, or what would be written), confirm; the empty templates; the rejected rows to fix.

The file checked waits under the storage, named in the user's session, until it is confirmed
(once) or another is uploaded, as the registry's import keeps it (documents/import_views.py)."""

from __future__ import annotations

from types import SimpleNamespace

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from tochuc.cadres import exports
from tochuc.cadres.imports import COLUMNS, KINDS, PLANNING, cadres_import, template_xlsx
from tochuc.cadres.models import CadreEvent
from tochuc.cadres.selectors import congress_day
from tochuc.cadres.services.clearance import clearance_right
from tochuc.cadres.views.common import date_param, day_of, organization_param, term_of
from tochuc.core.audit import audit_read
from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.excel import CONTENT_TYPE
from tochuc.imports.files import rejected_xlsx
from tochuc.imports.pending import PendingFile
from tochuc.imports.reading import check_file, read_rows
from tochuc.orgs.models import Term
from tochuc.orgs.selectors import organization_get, organization_pick, organization_roots

# --- The lists -----------------------------------------------------------------------------


def _org(request):
    org = organization_param(request)
    if org is None:  # the page shows nothing without one: neither does the file
        raise NotFound
    return org


def _id(request, name: str) -> bool:
    return request.GET.get(name, "").isdigit()


def _bad(*errors: str):
    text = "; ".join(e for e in errors if e)
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8") if text else None


def positions_xlsx(request):
    org = _org(request)
    on, error = day_of(request)
    return _bad(error) or exports.positions_xlsx(
        actor=request.user,
        organization=org,
        on=on,
        vacant=bool(request.GET.get("vacant")),
        due=bool(request.GET.get("due")),
    )


def planning_xlsx(request):
    org = _org(request)
    on, error = day_of(request)
    return _bad(error) or exports.planning_xlsx(
        actor=request.user,
        organization=org,
        term=term_of(request.GET.get("term"), on)[0],
        on=on,
        below=bool(request.GET.get("all")),
    )


def moves_xlsx(request):
    org = organization_param(request)
    start, error_start = date_param(request, "from")
    end, error_end = date_param(request, "to")
    kinds = [k for k in request.GET.get("kind", "").split(",") if k in CadreEvent.Kind.values]
    return _bad(error_start, error_end) or exports.moves_xlsx(
        actor=request.user, organization=org, kinds=kinds, start=start, end=end
    )


def reelection_xlsx(request):
    org = _org(request)
    congress, error = date_param(request, "congress")
    term = Term.objects.filter(pk=request.GET["term"]).first() if _id(request, "term") else None
    if term is None or error:
        return _bad(error or "Chọn nhiệm kỳ (?term=).")
    congress = congress or congress_day(term)
    return exports.reelection_xlsx(
        actor=request.user, organization=org, term=term, congress=congress
    )


def profile_xlsx(request):
    org = _org(request)
    on, error = day_of(request)
    return _bad(error) or exports.profile_xlsx(actor=request.user, organization=org, on=on)


def clearance_xlsx(request):
    clearance_right(request.user)  # without the right: nothing, not even what it asks for
    org = _org(request)
    start, error_start = date_param(request, "from")
    end, error_end = date_param(request, "to")
    if not (start and end):
        return _bad(error_start, error_end) or _bad("Chọn khoảng thời gian (?from= và ?to=).")
    return exports.clearance_xlsx(actor=request.user, organization=org, start=start, end=end)


# --- The import ----------------------------------------------------------------------------

# the session's key: {token, path, name, kind, term, organization, ok}
PENDING = PendingFile("cadres_import", "cadres/imports")
SHOWN_PROBLEMS = 300


def _chosen_term(ref: str) -> Term | None:
    return Term.objects.filter(pk=ref).first() if ref.isdigit() else None


def _check(request, ref: str, kind: str, term: Term | None) -> dict:
    """The dry run of the uploaded file; kept (for confirmation when it holds no problem, or
    for its rejected rows)."""
    upload = request.FILES.get("file")
    if upload is None:
        raise ServiceError({"file": ["Chọn tệp Excel hoặc CSV để tải lên."]})
    check_file(upload.name, upload.size)
    organization = organization_pick(actor=request.user, ref=ref, field="organization")
    data = upload.read()
    result = cadres_import(
        actor=request.user,
        kind=kind,
        organization=organization,
        file_name=upload.name,
        data=data,
        dry_run=True,
        term=term,
    )
    token = PENDING.keep(
        request,
        data,
        upload.name,
        kind=kind,
        term=term.pk if term else None,
        organization=organization.pk,
        ok=not result.problems,
    )
    return {"result": result, "token": token if not result.problems else "", "rejected": token}


def _run(request, pending: dict, data: bytes, *, dry_run: bool):
    return cadres_import(
        actor=request.user,
        kind=pending["kind"],
        organization=organization_get(actor=request.user, pk=pending["organization"]),
        file_name=pending["name"],
        data=data,
        dry_run=dry_run,
        term=Term.objects.filter(pk=pending["term"]).first() if pending["term"] else None,
    )


def _confirm(request, token: str):
    pending, data = PENDING.read(request, token)
    if not pending["ok"]:
        raise ServiceError("Tệp có lỗi: sửa rồi tải lên lại.")
    PENDING.drop(request)
    return _run(request, pending, data, dry_run=False)


def import_page(request):
    roots = organization_roots(actor=request.user)
    ref = request.POST.get("organization") or request.GET.get("organization", "")
    if not ref and len(roots) == 1:
        ref = roots[0].code or str(roots[0].pk)
    kind = request.POST.get("kind") or request.GET.get("kind") or "positions"
    kind = kind if kind in KINDS else "positions"
    terms = list(Term.objects.order_by("-starts_on"))
    term = _chosen_term(request.POST.get("term", "")) or (terms[0] if terms else None)
    context = {
        "ref": ref,
        "kind": kind,
        "kinds": KINDS,
        "terms": terms,
        "term": term,
        "columns": COLUMNS[kind],
        "result": None,
        "token": "",
        "rejected": "",
        "error": "",
    }
    if request.method == "POST":
        try:
            if "confirm" in request.POST:
                context["result"] = _confirm(request, request.POST["confirm"])
            else:
                chosen = term if kind == PLANNING else None
                context.update(_check(request, ref, kind, chosen))
        except ServiceError as exc:
            context["error"] = exc.text()
        except Forbidden as exc:
            context["error"] = str(exc)
        except NotFound:
            context["error"] = "Không tìm thấy tổ chức nhận dữ liệu trong phạm vi."
    if context["result"] is not None:
        context["problems"] = context["result"].problems[:SHOWN_PROBLEMS]
    return render(request, "cadres/import.html", context)


def import_rejected(request, token: str):
    """The rows the dry run refused, as the file had them, with the reasons in a last column
    (imports.files.rejected_xlsx, the members' import's), audited as an export."""
    try:
        pending, data = PENDING.read(request, token)
    except ServiceError:
        raise NotFound from None
    result = _run(request, pending, data, dry_run=True)
    problems = [{"row": p.row, "column": p.column, "message": p.message} for p in result.problems]
    rows = [(i + 1, list(r)) for i, r in enumerate(read_rows(data, pending["name"]))]
    content = rejected_xlsx(SimpleNamespace(headers=result.headers, problems=problems), rows)
    audit_read(
        actor=request.user,
        action="export.cadres_import_rejected",
        target=result.organization,
        count=len({p.row for p in result.problems}),
        details={"file": pending["name"], "kind": pending["kind"]},
    )
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="dong-bi-tu-choi.xlsx"'
    return response


def import_template(request, kind: str):
    if kind not in KINDS:
        raise NotFound
    response = HttpResponse(template_xlsx(kind), content_type=CONTENT_TYPE)
    name = "mau-nhap-chuc-vu.xlsx" if kind != PLANNING else "mau-nhap-quy-hoach.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
