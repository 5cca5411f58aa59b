"""The tree's timeline: one factory per kind of `OrganizationEvent`, so each kind's details
are written one way (Saleor's order/events.py).

Each factory saves its row; `save=False` returns it unsaved, for the bulk loaders that
`bulk_create` many at once. `actor` is the acting user (None for the command line or a load).
"""

from __future__ import annotations

from datetime import date

from tochuc.core.audit import recorded_actor
from tochuc.orgs.models import Organization, OrganizationEvent

Kind = OrganizationEvent.Kind


def _event(
    organization: Organization, kind: str, *, on: date, details: dict, actor, plan, save: bool
) -> OrganizationEvent:
    event = OrganizationEvent(
        organization_id=organization.pk,
        kind=kind,
        effective_date=on,
        details=details,
        actor=recorded_actor(actor),
        plan=plan,
    )
    if save:
        event.save()
    return event


def created(
    organization: Organization, *, on: date, actor=None, plan=None, save: bool = True
) -> OrganizationEvent:
    """Thành lập: the organization as founded (name, kind, parent)."""
    details = {
        "name": organization.name,
        "kind": organization.kind,
        "parent": organization.parent_id,
    }
    return _event(
        organization, Kind.CREATE, on=on, details=details, actor=actor, plan=plan, save=save
    )


def renamed(
    organization: Organization, *, old_name: str, on: date, actor=None, plan=None
) -> OrganizationEvent:
    details = {"old_name": old_name, "new_name": organization.name}
    return _event(
        organization, Kind.RENAME, on=on, details=details, actor=actor, plan=plan, save=True
    )


def moved(
    organization: Organization,
    *,
    old_parent_id: int | None,
    new_parent_id: int,
    old_kind: str,
    new_kind: str,
    on: date,
    actor=None,
    plan=None,
    save: bool = True,
) -> OrganizationEvent:
    """Chuyển trực thuộc; the kinds only when the move changed it."""
    details = {"old_parent": old_parent_id, "new_parent": new_parent_id}
    if new_kind != old_kind:
        details |= {"old_kind": old_kind, "new_kind": new_kind}
    return _event(
        organization, Kind.MOVE, on=on, details=details, actor=actor, plan=plan, save=save
    )


def dissolved(
    organization: Organization,
    *,
    destination: Organization | None,
    on: date,
    actor=None,
    plan=None,
    save: bool = True,
) -> OrganizationEvent:
    """Giải thể, with where its organizations and members went."""
    details = {"destination": destination.pk if destination else None}
    return _event(
        organization, Kind.DISSOLVE, on=on, details=details, actor=actor, plan=plan, save=save
    )


def merged(
    target: Organization,
    *,
    sources: list[Organization],
    on: date,
    actor=None,
    plan=None,
    save: bool = True,
) -> OrganizationEvent:
    """Hợp nhất, sáp nhập: on the organization the sources went into."""
    details = {"sources": [s.pk for s in sources], "names": [s.name for s in sources]}
    return _event(target, Kind.MERGE, on=on, details=details, actor=actor, plan=plan, save=save)


def split(
    part: Organization, *, source: Organization, on: date, actor=None, plan=None
) -> OrganizationEvent:
    """Chia tách: on each new organization, naming the one it came from."""
    details = {"source": source.pk, "name": source.name}
    return _event(part, Kind.SPLIT, on=on, details=details, actor=actor, plan=plan, save=True)
