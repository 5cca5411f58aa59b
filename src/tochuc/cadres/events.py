"""A cadre's timeline: one factory per kind of `CadreEvent`, so each kind's details are written
one way (as members/events.py does for a member's). Every factory takes the row's common
fields: `on` (the effective date), `organization` (where it is recorded: the position's), the
`decision` (a Document), `note`, `actor` and `save` (False returns the row unsaved)."""

from __future__ import annotations

from datetime import date

from tochuc.cadres.models import Cadre, CadreEvent, Position
from tochuc.core.audit import recorded_actor

K = CadreEvent.Kind


def _event(
    cadre: Cadre,
    kind: str,
    details: dict,
    *,
    on: date,
    organization,
    position: Position | None = None,
    other_organization=None,
    decision=None,
    note: str = "",
    actor=None,
    save: bool = True,
) -> CadreEvent:
    event = CadreEvent(
        cadre=cadre,
        kind=kind,
        effective_date=on,
        position=position,
        organization=organization,
        other_organization=other_organization,
        decision=decision,
        details=details,
        note=note,
        recorded_by=recorded_actor(actor),
    )
    if save:
        event.save()
    return event


def appointed(cadre, *, kind: str, term_end: date | None, **row) -> CadreEvent:
    """Bổ nhiệm, bổ nhiệm lại, đề bạt, bầu: a position taken, with the end of its term."""
    if kind not in (K.APPOINTMENT, K.REAPPOINTMENT, K.PROMOTION, K.ELECTION):
        raise ValueError(kind)
    return _event(cadre, kind, {"term_end": term_end.isoformat() if term_end else None}, **row)


def moved(cadre, *, kind: str, planned_return: date | None = None, **row) -> CadreEvent:
    """Luân chuyển (with its planned return), điều động, biệt phái: to `other_organization`."""
    if kind not in (K.ROTATION, K.REASSIGNMENT, K.SECONDMENT):
        raise ValueError(kind)
    details = {"planned_return": planned_return.isoformat() if planned_return else None}
    return _event(cadre, kind, details, **row)


def returned(cadre, **row) -> CadreEvent:
    return _event(cadre, K.RETURN, {}, **row)


def left(cadre, *, kind: str, reason: str = "", **row) -> CadreEvent:
    """Thôi giữ chức vụ, nghỉ hưu."""
    if kind not in (K.DISMISSAL, K.RETIREMENT):
        raise ValueError(kind)
    return _event(cadre, kind, {"reason": reason}, **row)


def concurrence(cadre, *, given: bool, **row) -> CadreEvent:
    """Hiệp y: asked of another committee (`other_organization`), or given to it."""
    return _event(cadre, K.CONCURRENCE_GIVEN if given else K.CONCURRENCE_ASKED, {}, **row)
