"""Versions of an edited row: a save over a version newer than the one read is refused.

The version is a digest of the fields an edit page shows, not a counter: bulk updates,
imports, lifecycle services and restructuring write rows without save(), and each would have
to remember to bump a counter; a digest changes with the content whoever writes it.
"""

from __future__ import annotations

import hashlib
import json

from django.utils import timezone

from tochuc.core.audit import _plain
from tochuc.core.errors import ServiceError
from tochuc.core.models import AuditEvent


class StaleVersion(ServiceError):
    """Somebody saved the row after the user read it; nothing was written (API: 409)."""


def snapshot(obj, fields) -> dict:
    """The fields as the audit log stores them (dates as ISO text, rows as ids)."""
    return {f: _plain(getattr(obj, f)) for f in fields}


def version_of(values: dict) -> str:
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def row_version(obj, fields) -> str:
    return version_of(snapshot(obj, fields))


def _shown(model_field, value) -> str:
    if value in (None, ""):
        return "(trống)"
    if model_field.is_relation:
        return str(model_field.related_model.objects.filter(pk=value).first() or value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if model_field.get_internal_type() == "DateField":
        year, month, day = str(value).split("-")
        return f"{day}/{month}/{year}"
    return str(value)


def check_version(obj, fields, version: str | None, *, what: str = "Hồ sơ") -> None:
    """Refuse when `version` (read earlier) is not the row's version now. Call it on the row
    locked inside the write's transaction. The message names who saved last, when, and what
    changed since the read, found by undoing the row's audited changes newest first until
    the version read comes back (a change the log does not hold leaves the list out)."""
    if not version:
        return
    current = snapshot(obj, fields)
    if version_of(current) == version:
        return
    rows = list(
        AuditEvent.objects.filter(target_type=obj._meta.model_name, target_id=obj.pk)
        .exclude(before={})
        .select_related("actor")
        .order_by("-time", "-id")[:50]
    )
    state, found = dict(current), False
    for row in rows:
        state.update({f: v for f, v in row.before.items() if f in state})
        if version_of(state) == version:
            found = True
            break
    message = f"{what} đã được sửa sau khi bạn mở trang"
    if found:
        # Only then is the newest audit row known to be a change made after the read.
        last = rows[0]
        who = (last.actor.full_name or last.actor.username) if last.actor else "người vận hành"
        when = timezone.localtime(last.time)
        message = (
            f"{what} đã được {who} sửa lúc {when:%H:%M} ngày {when:%d/%m/%Y} sau khi bạn mở trang"
        )
        changes = [
            f"{obj._meta.get_field(f).verbose_name.capitalize()} "
            f"{_shown(obj._meta.get_field(f), state[f])} → {_shown(obj._meta.get_field(f), current[f])}"
            for f in fields
            if state[f] != current[f]
        ]
        message += ": " + "; ".join(changes)
    raise StaleVersion(message + ". Tải lại trang để xem bản mới rồi sửa lại; chưa có gì được lưu.")
