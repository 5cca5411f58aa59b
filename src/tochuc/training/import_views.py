"""The import of a class's trainees from Excel, reached from the class's page: upload, dry run
(every row's problem, or what would be written), confirm; the rejected rows to fix; the empty
template. The file checked waits under the storage, named in the user's session, until it is
confirmed (once) or another is uploaded, as the cadre work's import keeps it
(cadres/views/files.py)."""

from __future__ import annotations

from types import SimpleNamespace

from django.http import HttpResponse
from django.shortcuts import render

from tochuc.core.audit import audit_read
from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.excel import CONTENT_TYPE
from tochuc.core.scope import check_write
from tochuc.imports.files import rejected_xlsx
from tochuc.imports.pending import GONE, PendingFile
from tochuc.imports.reading import check_file, read_rows
from tochuc.training import selectors
from tochuc.training.imports import COLUMNS, template_xlsx, trainees_import

# the session's key: {token, path, name, training_class, ok}
PENDING = PendingFile("training_import", "training/imports")
SHOWN_PROBLEMS = 300


def _class(request, pk):
    """The class, when the user organizes it and may write (else 404, or 403 for a viewer)."""
    klass = selectors.class_get(request.user, pk)
    check_write(request.user, klass.organization)
    return klass


def _pending(request, klass, token: str) -> tuple[dict, bytes]:
    pending, data = PENDING.read(request, token)
    if pending["training_class"] != klass.pk:  # another class's check: not this one's
        raise ServiceError(GONE)
    return pending, data


def _check(request, klass) -> dict:
    """The dry run of the uploaded file; kept (for confirmation when it holds no problem, or
    for its rejected rows)."""
    upload = request.FILES.get("file")
    if upload is None:
        raise ServiceError({"file": ["Chọn tệp Excel hoặc CSV để tải lên."]})
    check_file(upload.name, upload.size)
    data = upload.read()
    result = trainees_import(
        actor=request.user, training_class=klass, file_name=upload.name, data=data, dry_run=True
    )
    token = PENDING.keep(
        request, data, upload.name, training_class=klass.pk, ok=not result.problems
    )
    return {"result": result, "token": token if not result.problems else "", "rejected": token}


def _confirm(request, klass, token: str):
    pending, data = _pending(request, klass, token)
    if not pending["ok"]:
        raise ServiceError("Tệp có lỗi: sửa rồi tải lên lại.")
    PENDING.drop(request)
    return trainees_import(
        actor=request.user,
        training_class=klass,
        file_name=pending["name"],
        data=data,
        dry_run=False,
    )


def import_page(request, pk):
    klass = _class(request, pk)
    context = {
        "klass": klass,
        "columns": COLUMNS,
        "result": None,
        "token": "",
        "rejected": "",
        "error": "",
    }
    if request.method == "POST":
        try:
            if "confirm" in request.POST:
                context["result"] = _confirm(request, klass, request.POST["confirm"])
            else:
                context.update(_check(request, klass))
        except ServiceError as exc:
            context["error"] = exc.text()
        except Forbidden as exc:
            context["error"] = str(exc)
    if context["result"] is not None:
        context["problems"] = context["result"].problems[:SHOWN_PROBLEMS]
    return render(request, "training/import.html", context)


def import_rejected(request, pk, token: str):
    """The rows the dry run refused, as the file had them, with the reasons in a last column
    (imports.files.rejected_xlsx), audited as an export."""
    klass = _class(request, pk)
    try:
        pending, data = _pending(request, klass, token)
    except ServiceError:
        raise NotFound from None
    result = trainees_import(
        actor=request.user,
        training_class=klass,
        file_name=pending["name"],
        data=data,
        dry_run=True,
    )
    problems = [{"row": p.row, "column": p.column, "message": p.message} for p in result.problems]
    rows = [(i + 1, list(r)) for i, r in enumerate(read_rows(data, pending["name"]))]
    content = rejected_xlsx(SimpleNamespace(headers=result.headers, problems=problems), rows)
    audit_read(
        actor=request.user,
        action="export.training_import_rejected",
        target=klass,
        count=len({p.row for p in result.problems}),
        details={"file": pending["name"]},
    )
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="dong-bi-tu-choi.xlsx"'
    return response


def import_template(request):
    response = HttpResponse(template_xlsx(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-hoc-vien.xlsx"'
    return response
