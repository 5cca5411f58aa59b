"""Pages of an import (members or the organization tree): upload, the column mapping, the dry
run and the import with a progress bar, the rejected rows; the templates to download."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from tochuc.core.errors import ServiceError
from tochuc.core.excel import CONTENT_TYPE
from tochuc.imports import files, selectors, services
from tochuc.imports.models import Import
from tochuc.imports.parsing import COLUMNS_OF
from tochuc.imports.reading import MAX_BYTES, MAX_CELL, MAX_ROWS, MAX_UNPACKED, check_size
from tochuc.orgs.selectors import organization_pick, organization_roots

SHOWN_PROBLEMS = 200


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def import_list(request):
    roots = organization_roots(actor=request.user)
    ref = request.POST.get("organization") or request.GET.get("organization", "")
    if not ref and len(roots) == 1:
        ref = roots[0].code or str(roots[0].pk)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ServiceError({"file": ["Chọn tệp Excel hoặc CSV để tải lên."]})
            check_size(upload.size)
            # Empty: an administrator's tree file, whose roots become roots.
            org = (
                organization_pick(actor=request.user, ref=ref, field="organization")
                if ref
                else None
            )
            created = services.import_upload(
                actor=request.user, organization=org, file_name=upload.name, data=upload.read()
            )
            return redirect("imports:detail", created.pk)
        except ServiceError as exc:
            messages.error(request, exc.text())
    recent = selectors.import_list(actor=request.user)[:50]
    limits = {
        "mb": MAX_BYTES // 1024 // 1024,
        "unpacked_mb": MAX_UNPACKED // 1024 // 1024,
        "rows": MAX_ROWS,
        "cell": MAX_CELL,
    }
    return render(request, "imports/list.html", {"imports": recent, "ref": ref, "limits": limits})


def template(request):
    return _xlsx(files.template_xlsx(), "mau-nhap-dang-vien.xlsx")


def tree_template(request):
    return _xlsx(files.tree_template_xlsx(), "mau-nhap-cay-to-chuc.xlsx")


def _context(upload: Import) -> dict:
    mapping = {int(i): f for i, f in upload.mapping.items()}
    interrupted = services.interrupted(upload)
    return {
        "upload": upload,
        "running": upload.status in services.RUNNING and not interrupted,
        "interrupted": interrupted,
        "interrupted_message": services.INTERRUPTED.get(upload.status, ""),
        "percent": round(100 * upload.rows_done / upload.rows_total) if upload.rows_total else 0,
        "left": _time_left(upload),
        "columns": [
            {"index": i, "header": h, "field": mapping.get(i, "")}
            for i, h in enumerate(upload.headers)
            if h
        ],
        "fields": [(c.field, c.header) for c in COLUMNS_OF[upload.kind]],
        "problems": upload.problems[:SHOWN_PROBLEMS],
        "modes": Import.Mode.choices,
    }


def _time_left(upload: Import) -> str:
    if upload.status != Import.Status.CHECKING or not upload.rows_done or not upload.started_at:
        return ""
    spent = (upload.updated_at - upload.started_at).total_seconds()
    left = spent / upload.rows_done * (upload.rows_total - upload.rows_done)
    return (
        f"còn khoảng {max(1, round(left))} giây"
        if left < 90
        else f"còn khoảng {round(left / 60)} phút"
    )


def detail(request, pk):
    upload = selectors.import_get(actor=request.user, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                services.import_cancel(actor=request.user, upload=upload)
            else:
                mapping = {
                    c["index"]: request.POST.get(f"column-{c['index']}", "")
                    for c in _context(upload)["columns"]
                }
                services.import_start(
                    actor=request.user,
                    upload=upload,
                    mapping=mapping,
                    dry_run=action != "run",
                    mode=request.POST.get("mode", ""),
                )
        except ServiceError as exc:
            messages.error(request, exc.text())
        return redirect("imports:detail", upload.pk)
    return render(request, "imports/detail.html", _context(upload))


def progress(request, pk):
    """The progress and result block, which the page polls while the import runs."""
    upload = selectors.import_get(actor=request.user, pk=pk)
    response = render(request, "imports/_progress.html", _context(upload))
    stopped = upload.status not in services.RUNNING or services.interrupted(upload)
    if stopped and request.htmx:
        response["HX-Refresh"] = "true"  # the page shows the buttons of the new state
    return response


def rejected(request, pk):
    upload = selectors.import_get(actor=request.user, pk=pk)
    data = services.import_rejected_file(actor=request.user, upload=upload)
    return _xlsx(data, f"dong-bi-tu-choi-{upload.pk}.xlsx")
