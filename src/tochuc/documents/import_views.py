"""The page of the registry's import: upload the office's list, see the dry run (what would be
written, or every row's problem), confirm; and the template to fill («Mẫu nhập sổ văn bản»).

The file checked waits under the storage, named in the user's session, until it is confirmed
(once) or another is uploaded: the confirmation imports exactly what the dry run read."""

from __future__ import annotations

from uuid import uuid4

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import render

from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.excel import CONTENT_TYPE
from tochuc.documents.imports import COLUMNS, registry_import, template_xlsx
from tochuc.imports.reading import check_file
from tochuc.orgs.selectors import organization_get, organization_pick, organization_roots

PENDING = "documents_import"  # the session's key: {token, path, name, organization}
SHOWN_PROBLEMS = 300


def _drop_pending(request) -> dict | None:
    pending = request.session.pop(PENDING, None)
    if pending:
        default_storage.delete(pending["path"])
    return pending


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
    _drop_pending(request)
    token = ""
    if not result.problems:
        token = uuid4().hex
        path = default_storage.save(f"documents/imports/{token}.bin", ContentFile(data))
        request.session[PENDING] = {
            "token": token,
            "path": path,
            "name": upload.name,
            "organization": organization.pk,
        }
    return {"result": result, "token": token}


def _confirm(request, token: str):
    gone = ServiceError(
        "Tệp đã kiểm tra không còn (đã nhập, hoặc đã tải tệp khác lên): tải tệp lên lại "
        "để kiểm tra."
    )
    pending = request.session.get(PENDING)
    if not pending or pending["token"] != token:
        raise gone
    try:
        with default_storage.open(pending["path"], "rb") as stored:
            data = stored.read()
    except FileNotFoundError:  # removed from the storage meanwhile
        _drop_pending(request)
        raise gone from None
    _drop_pending(request)
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
