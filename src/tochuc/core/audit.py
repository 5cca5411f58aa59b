"""Writing audit rows: call inside the service's transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from tochuc.core.models import AuditEvent


def _plain(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def audit_record(
    *, actor, action: str, target, before: dict | None = None, after: dict | None = None
):
    """Keep only the fields that changed, so the history reads as 'field: old → new'."""
    before = {k: _plain(v) for k, v in (before or {}).items()}
    after = {k: _plain(v) for k, v in (after or {}).items()}
    if before and after:
        changed = {k for k in after if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    return AuditEvent.objects.create(
        actor=recorded_actor(actor),
        action=action,
        target_type=target._meta.model_name,
        target_id=target.pk,
        target_label=str(target)[:255],
        before=before,
        after=after,
    )


def recorded_actor(actor):
    """The user to store as the author of a row: None for the command line's operator,
    who is not a saved user."""
    return actor if getattr(actor, "pk", None) else None


def audit_read(
    *, actor, action: str, target=None, count: int | None = None, details: dict | None = None
):
    """A read of people's data that must be answerable later (who downloaded which list, who
    opened whose record): one row, `after` holding how many rows the file lists (`count`)
    and what was asked for (`details`: organization, filters, date). `target` is what was
    read (a member, the organization of a list; None for the whole of the user's scope).
    A read has no transaction of its own to join: this is its one insert."""
    after = {k: _plain(v) for k, v in (details or {}).items()}
    if count is not None:
        after["count"] = count
    return AuditEvent.objects.create(
        actor=recorded_actor(actor),
        action=action,
        target_type=target._meta.model_name if target is not None else "",
        target_id=target.pk if target is not None else 0,
        target_label=str(target)[:255] if target is not None else "",
        after=after,
    )
