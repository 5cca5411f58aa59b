"""Attachments: PDF, Word, Excel and scanned images, checked by their first bytes and size,
stored under a name of our own (the user's file name is kept for display only)."""

from __future__ import annotations

import os
import unicodedata
from uuid import uuid4

from django.conf import settings
from django.db import transaction

from tochuc.core.actions import action
from tochuc.core.errors import ServiceError
from tochuc.core.formats import number
from tochuc.documents.models import Attachment, Document
from tochuc.documents.services.registry import document_create

# extension: (first bytes, content type)
KINDS = {
    "pdf": (b"%PDF-", "application/pdf"),
    "docx": (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/vnd.ms-excel"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "tif": (b"II*\x00", "image/tiff"),
    "tiff": (b"II*\x00", "image/tiff"),
}
ALLOWED = "PDF, DOC, DOCX, XLS, XLSX, JPG, PNG, TIFF"


def max_bytes() -> int:
    return settings.DOCUMENT_ATTACHMENT_MAX_BYTES


def _megabytes(size: int) -> str:
    """A limit: 20, 2,5, 0,5 (the Vietnamese comma, a decimal only when needed)."""
    text = number(size / 1048576, 1)
    return text.removesuffix(",0")


def shown_name(name: str) -> str:
    """The file's own name, without any folder ("../../x.pdf" is "x.pdf") or control
    character, at most 200 characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable()).strip()
    base = base.lstrip(".") or "tep"
    return base[-200:]


def attachment_add(*, actor, document: Document, upload) -> Attachment:
    name = shown_name(getattr(upload, "name", ""))
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = KINDS.get(ext)
    if kind is None:
        raise ServiceError({"file": [f"Tệp «{name}» không nhận: chỉ nhận {ALLOWED}."]})
    size = upload.size
    limit = max_bytes()
    if size > limit:
        raise ServiceError(
            {
                "file": [
                    f"Tệp «{name}» lớn quá: {number(size / 1048576, 1)} MB, tối đa "
                    f"{_megabytes(limit)} MB."
                ]
            }
        )
    if size == 0:
        raise ServiceError({"file": [f"Tệp «{name}» rỗng."]})
    head = upload.read(16)
    upload.seek(0)
    if ext == "tif" or ext == "tiff":
        ok = head.startswith(b"II*\x00") or head.startswith(b"MM\x00*")
    else:
        ok = head.startswith(kind[0])
    if not ok:
        raise ServiceError(
            {"file": [f"Tệp «{name}» không đúng định dạng {ext.upper()} (nội dung không khớp)."]}
        )
    with action(actor=actor, name="document.attach", target=document) as act:
        attachment = Attachment(
            document=act.row,
            name=name,
            size=size,
            content_type=kind[1],
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        attachment.file.save(f"{act.row.pk}-{uuid4().hex[:12]}.{ext}", upload, save=False)
        stored = attachment.file
        try:
            attachment.save()
        except Exception:
            stored.storage.delete(stored.name)
            raise
        act.after["attachment"] = {"name": name, "size": size}
    return attachment


def attachment_remove(*, actor, attachment: Attachment) -> None:
    with action(actor=actor, name="document.detach", target=attachment.document) as act:
        act.before["attachment"] = {"name": attachment.name, "size": attachment.size}
        stored = attachment.file
        Attachment.objects.filter(pk=attachment.pk).delete()
        transaction.on_commit(lambda: stored.storage.delete(stored.name))


def document_register(*, actor, upload=None, **fields) -> Document:
    """Register a document (document_create's arguments) with its first file: both or
    nothing, so a refused file leaves no document behind (nor its number taken)."""
    with transaction.atomic():
        document = document_create(actor=actor, **fields)
        if upload is not None:
            attachment_add(actor=actor, document=document, upload=upload)
    return document
