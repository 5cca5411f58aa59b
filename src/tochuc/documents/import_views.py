"""The page of the registry's import: upload the office's list, see the dry run (what would be
written, or every row's problem), confirm; and the template to fill («Mẫu nhập sổ văn bản»).

The file checked waits for its confirmation as imports.pending keeps it."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.excel import CONTENT_TYPE
from tochuc.documents.imports import COLUMNS, registry_import, template_xlsx
from tochuc.imports.pending import PendingFile
from tochuc.imports.reading import check_file
from tochuc.orgs.selectors import organization_get, organization_pick, organization_roots

PENDING = PendingFile("documents_import", "documents/imports")  # {token, path, name, organization}
SHOWN_PROBLEMS = 300


def _check(request, ref: str) -> dict:
    """The dry run of the uploaded file; kept for confirmation when it holds no problem."""
    upload = request.FILES.get("file")
    if upload is None:
        raise ServiceError({"file": ["Chọn tệp Excel hoặc CSV của sổ văn bản để tải lên."]})
    check_file(upload.name, upload.size)
    organization = organization_pick(actor=request.user, ref=ref, field="organization")
    data = upload.read()
    result = registry_import(
        actor=request.user,
        organization=organization,
        file_name=upload.name,
        data=data,
        dry_run=True,
    )
    PENDING.drop(request)
    token = ""
    if not result.problems:
        token = PENDING.keep(request, data, upload.name, organization=organization.pk)
    return {"result": result, "token": token}


def _confirm(request, token: str):
    pending, data = PENDING.take(request, token)
    organization = organization_get(actor=request.user, pk=pending["organization"])
    return registry_import(
        actor=request.user,
        organization=organization,
        file_name=pending["name"],
        data=data,
        dry_run=False,
    )


def registry_import_page(request):
    roots = organization_roots(actor=request.user)
    ref = request.POST.get("organization") or request.GET.get("organization", "")
    if not ref and len(roots) == 1:
        ref = roots[0].code or str(roots[0].pk)
    context = {"ref": ref, "columns": COLUMNS, "result": None, "token": "", "error": ""}
    if request.method == "POST":
        try:
            if "confirm" in request.POST:
                context["result"] = _confirm(request, request.POST["confirm"])
            else:
                context.update(_check(request, ref))
        except ServiceError as exc:
            context["error"] = exc.text()
        except Forbidden as exc:
            context["error"] = str(exc)
        except NotFound:
            context["error"] = "Không tìm thấy tổ chức nhận sổ văn bản trong phạm vi."
    if context["result"] is not None:
        context["problems"] = context["result"].problems[:SHOWN_PROBLEMS]
    return render(request, "documents/import.html", context)


def template(request):
    response = HttpResponse(template_xlsx(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-so-van-ban.xlsx"'
    return response
