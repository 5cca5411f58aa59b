"""A checked sheet waiting for its confirmation: the file the dry run read is kept under the
storage, named in the user's session, until it is confirmed (once) or another is uploaded, so
the confirmation imports exactly what the dry run read. The registry's and the cadre work's
import pages keep theirs here, each under its own session key."""

from __future__ import annotations

from uuid import uuid4

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tochuc.core.errors import ServiceError

GONE = "Tệp đã kiểm tra không còn (đã nhập, hoặc đã tải tệp khác lên): tải tệp lên lại để kiểm tra."


class PendingFile:
    def __init__(self, key: str, folder: str):
        self.key, self.folder = key, folder

    def drop(self, request) -> None:
        pending = request.session.pop(self.key, None)
        if pending:
            default_storage.delete(pending["path"])

    def keep(self, request, data: bytes, name: str, **meta) -> str:
        """Keep `data` (the file `name`) in place of the one kept before; its token."""
        self.drop(request)
        token = uuid4().hex
        path = default_storage.save(f"{self.folder}/{token}.bin", ContentFile(data))
        request.session[self.key] = {"token": token, "path": path, "name": name, **meta}
        return token

    def read(self, request, token: str) -> tuple[dict, bytes]:
        """What was kept under `token` and its bytes; ServiceError when it is gone."""
        pending = request.session.get(self.key)
        if not pending or pending["token"] != token:
            raise ServiceError(GONE)
        try:
            with default_storage.open(pending["path"], "rb") as stored:
                return pending, stored.read()
        except FileNotFoundError:  # removed from the storage meanwhile
            self.drop(request)
            raise ServiceError(GONE) from None

    def take(self, request, token: str) -> tuple[dict, bytes]:
        """`read`, and no longer kept: a file is confirmed once."""
        pending, data = self.read(request, token)
        self.drop(request)
        return pending, data
