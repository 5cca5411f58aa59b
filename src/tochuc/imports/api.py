"""/api/v1/imports: upload a file of members or of the organization tree, start its dry run or
import, follow it."""

from __future__ import annotations

from datetime import datetime

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from tochuc.imports import selectors, services
from tochuc.imports.reading import check_size
from tochuc.orgs.selectors import organization_get

router = Router(tags=["Nhập dữ liệu"])


class ProblemOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    id: int
    file_name: str
    organization_id: int | None  # None: an administrator's tree file, its roots become roots
    kind: str  # "members" or "organizations", told by the file's headers once it is read
    status: str  # "reading" after the upload: poll GET /imports/{id} until it is "uploaded"
    status_label: str
    # Its process ended before it did (killed, machine restarted): start it again or cancel.
    interrupted: bool
    headers: list[str]
    mapping: dict[str, str]
    mode: str
    dry_run: bool
    rows_total: int
    rows_done: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    problems: list[ProblemOut]
    error: str
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_interrupted(obj) -> bool:
        return services.interrupted(obj)


class StartIn(Schema):
    dry_run: bool = True
    mode: str = "all"  # or "valid": import the valid rows
    mapping: dict[int, str] | None = None  # column index -> field; None keeps the proposed one


@router.post(
    "",
    response={201: ImportOut},
    summary="Tải lên tệp đảng viên hoặc cây tổ chức (.xlsx, .xls, .ods, .csv)",
)
def upload(request, file: File[UploadedFile], organization: Form[int | None] = None):
    """Keeps the file and answers at once with status «reading»: the worker reads it, finds
    the header line, tells a member list from an organization tree (`kind`) and proposes the
    column mapping (status «uploaded»), or says why it cannot («failed», with `error`). Poll
    `GET /imports/{id}`. Nothing is imported yet. `organization` receives the data; only an
    administrator may leave it out, for a tree file whose roots become roots."""
    check_size(file.size)
    org = organization_get(actor=request.auth, pk=organization) if organization else None
    created = services.import_upload(
        actor=request.auth, organization=org, file_name=file.name, data=file.read()
    )
    return Status(201, created)


@router.get("/{pk}", response=ImportOut, summary="Tình trạng, tiến độ và kết quả của lần nhập")
def detail(request, pk: int):
    return selectors.import_get(actor=request.auth, pk=pk)


@router.post("/{pk}/start", response=ImportOut, summary="Kiểm tra thử hoặc nhập")
def start(request, pk: int, payload: StartIn):
    upload = selectors.import_get(actor=request.auth, pk=pk)
    mapping = payload.mapping
    if mapping is None:
        mapping = {int(i): f for i, f in upload.mapping.items()}
    return services.import_start(
        actor=request.auth,
        upload=upload,
        mapping=mapping,
        dry_run=payload.dry_run,
        mode=payload.mode,
    )


@router.post("/{pk}/cancel", response=ImportOut, summary="Hủy lần nhập đang chạy")
def cancel(request, pk: int):
    upload = selectors.import_get(actor=request.auth, pk=pk)
    return services.import_cancel(actor=request.auth, upload=upload)
