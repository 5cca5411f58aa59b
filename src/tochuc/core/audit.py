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
