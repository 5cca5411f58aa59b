"""A cadre's moves between organizations, each a dated event by a decision on the timeline:
rotation (luân chuyển, with its planned return), reassignment (điều động), secondment (biệt
phái), the return from a rotation, and concurrence (hiệp y) asked of or given to another
committee."""

from __future__ import annotations

from datetime import date

from tochuc.cadres import events
from tochuc.cadres.models import Cadre, CadreEvent
from tochuc.core.actions import action
from tochuc.core.errors import ServiceError
from tochuc.orgs.models import Organization

K = CadreEvent.Kind
MOVES = (K.ROTATION, K.REASSIGNMENT, K.SECONDMENT)


def cadre_move(
    *,
    actor,
    cadre: Cadre,
    kind: str,
    to: Organization,
    on: date,
    planned_return: date | None = None,
    decision=None,
    note: str = "",
) -> CadreEvent:
    """Luân chuyển, điều động or biệt phái `cadre` to `to` from `on`; a rotation states its
    planned return. The committee deciding is the cadre's (the actor must write there)."""
    if kind not in MOVES:
        raise ServiceError({"kind": [f"«{kind}» không phải luân chuyển, điều động, biệt phái."]})
    errors: dict[str, list[str]] = {}
    if kind == K.ROTATION and planned_return is None:
        errors["planned_return"] = ["Luân chuyển cần ghi thời gian dự kiến trở về."]
    if planned_return is not None and planned_return <= on:
        errors["planned_return"] = [
            f"Ngày dự kiến trở về {planned_return:%d/%m/%Y} phải sau ngày {on:%d/%m/%Y}."
        ]
    if to.pk == cadre.organization_id:
        errors["to"] = [f"{cadre.full_name} đang thuộc {to.name}."]
    if errors:
        raise ServiceError(errors)
    with action(actor=actor, name=f"cadre.{kind}", target=cadre) as act:
        event = events.moved(
            act.row,
            kind=kind,
            planned_return=planned_return,
            on=on,
            organization=act.row.organization,
            other_organization=to,
            decision=decision,
            note=note,
            actor=actor,
        )
        act.after["move"] = {"kind": kind, "to": to.pk, "on": on.isoformat()}
    return event


def cadre_return(*, actor, cadre: Cadre, on: date, decision=None) -> CadreEvent:
    """The end of a rotation: back to the organization that manages the cadre."""
    with action(actor=actor, name="cadre.return", target=cadre) as act:
        rotation = act.row.events.filter(kind=K.ROTATION).order_by("-effective_date", "-id").first()
        back = act.row.events.filter(kind=K.RETURN).order_by("-effective_date", "-id").first()
        if rotation is None or (
            back is not None and back.effective_date >= rotation.effective_date
        ):
            raise ServiceError({"on": [f"{cadre.full_name} không đang luân chuyển."]})
        if on < rotation.effective_date:
            raise ServiceError(
                {"on": [f"Ngày trở về trước ngày luân chuyển {rotation.effective_date:%d/%m/%Y}."]}
            )
        event = events.returned(
            act.row,
            on=on,
            organization=act.row.organization,
            other_organization=rotation.other_organization,
            decision=decision,
            actor=actor,
        )
    return event


def cadre_concurrence(
    *,
    actor,
    cadre: Cadre,
    other: Organization,
    on: date,
    given: bool,
    organization: Organization | None = None,
    decision=None,
    note: str = "",
) -> CadreEvent:
    """Hiệp y: asked of `other` about `cadre` (given=False), or given by `organization` (the
    actor's committee) to `other`, which asked (given=True)."""
    organization = organization or cadre.organization
    with action(
        actor=actor, name="cadre.concurrence", target=cadre, organization=organization
    ) as act:
        event = events.concurrence(
            act.row,
            given=given,
            on=on,
            organization=organization,
            other_organization=other,
            decision=decision,
            note=note,
            actor=actor,
        )
        act.after["concurrence"] = {"other": other.pk, "given": given}
    return event
