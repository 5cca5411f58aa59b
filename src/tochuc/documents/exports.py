"""The registry's list out of the browser: the .xlsx download and the printed list in the
Party's document format (the header block, "DANH MỤC VĂN BẢN", the table)."""

from __future__ import annotations

from datetime import date

from django.http import FileResponse

from tochuc.core.audit import audit_read
from tochuc.core.excel import xlsx_stream
from tochuc.core.formats import long_date
from tochuc.documents.models import Document
from tochuc.documents.selectors import attachment_get
from tochuc.orgs.models import Organization

HEADERS = [
    "STT",
    "Số, ký hiệu",
    "Ngày ban hành",
    "Loại",
    "Cơ quan ban hành",
    "Trích yếu",
    "Giai đoạn",
    "Trạng thái",
    "Người ký",
    "Thuộc sổ văn bản của",
]
WIDTHS = [6, 16, 14, 14, 36, 70, 12, 14, 22, 36]
PRINT_LIMIT = 2000  # rows a printed list holds; more is a download


def registry_rows(documents):
    for i, d in enumerate(documents.iterator(chunk_size=2000), start=1):
        yield [
            i,
            d.symbol,
            d.issued_on,
            d.doc_type.name,
            d.issuer.name,
            d.title,
            d.period,
            d.get_status_display(),
            d.signer,
            d.organization.name,
        ]


def registry_xlsx(*, actor, documents, organization, details):
    """The filtered list, streamed, with its audit row (None while the user's previous
    download of it still runs)."""
    name = organization.name if organization else "Sổ văn bản"
    return xlsx_stream(
        actor=actor,
        action="export.documents",
        target=organization,
        details=details,
        filename="so-van-ban.xlsx",
        title=f"Danh mục văn bản — {name}",
        headers=HEADERS,
        rows=registry_rows(documents),
        widths=WIDTHS,
        expected=documents.count,
    )


def _place(organization: Organization | None) -> str:
    """The province's name, as a Party document dates itself ("Cao Bằng, ngày ...")."""
    if organization is None:
        return "Hà Nội"
    root = Organization.objects.only("name").get(pk=organization.ancestor_ids()[0])
    for prefix in ("Đảng bộ tỉnh ", "Đảng bộ thành phố "):
        if root.name.startswith(prefix):
            return root.name[len(prefix) :]
    return root.name


def letterhead(organization: Organization | None, on: date) -> dict:
    """The header block of HD 36-HD/VPTW: the body above, the organization, the place and
    date written out ("Cao Bằng, ngày 05 tháng 02 năm 2026")."""
    if organization is None:
        upper, body = "", "BAN CHẤP HÀNH TRUNG ƯƠNG"
    else:
        parent = organization.parent if organization.parent_id else None
        upper, body = (parent.name.upper() if parent else ""), organization.name.upper()
    return {"upper": upper, "body": body, "place_date": f"{_place(organization)}, {long_date(on)}"}


def print_rows(documents) -> tuple[list[Document], bool]:
    """The rows of the printed list and whether it was cut at PRINT_LIMIT."""
    rows = list(documents[: PRINT_LIMIT + 1])
    return rows[:PRINT_LIMIT], len(rows) > PRINT_LIMIT


def attachment_response(actor, pk: int, *, via: str) -> FileResponse:
    """A document's file, only to those who may read the document (never a public media
    URL), its read audited; a PDF or an image opens in the browser, the rest downloads."""
    item = attachment_get(actor, pk)
    audit_read(
        actor=actor,
        action="export.document_file",
        target=item.document,
        details={"file": item.name, "via": via},
    )
    inline = item.content_type == "application/pdf" or item.content_type.startswith("image/")
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=not inline,
        filename=item.name,
        content_type=item.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
