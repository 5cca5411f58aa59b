"""Political-standard clearance (kết luận tiêu chuẩn chính trị): the most sensitive rows of the
system. Only users given the permission `cadres.see_clearance` (and administrators) read or
write them; every read is audited (selectors.clearance)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from tochuc.cadres.models import Cadre, ClearancePurpose, PoliticalClearance
from tochuc.core.actions import action
from tochuc.core.audit import audit_record
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.scope import check_write
from tochuc.core.text import clean

PERMISSION = "cadres.see_clearance"
R = PoliticalClearance.Result


def may_see_clearance(actor) -> bool:
    return bool(actor and actor.is_authenticated and (actor.is_admin or actor.has_perm(PERMISSION)))


def clearance_right(actor) -> None:
    """Raise NotFound unless the actor holds the clearance permission."""
    if not may_see_clearance(actor):
        raise NotFound  # not even that the cases exist


def clearance_open(
    *,
    actor,
    organization,
    purpose: ClearancePurpose,
    requested_on: date,
    cadre: Cadre | None = None,
    member=None,
    candidate=None,
    full_name: str = "",
    birth_date: date | None = None,
) -> PoliticalClearance:
    """A case for a person (a cadre, a member, a candidate, or someone not yet in the system,
    by name) and a purpose, concluded by the committee of `organization`."""
    clearance_right(actor)
    check_write(actor, organization)
    given = [
        (field, label)
        for field, label, value in (
            ("cadre", "cán bộ", cadre),
            ("member", "đảng viên", member),
            ("candidate", "quần chúng ưu tú", candidate),
            ("full_name", "họ và tên", clean(full_name)),
        )
        if value
    ]
    if len(given) > 1:  # a case is one person's: the others are refused on their field
        first = given[0][1]
        raise ServiceError(
            {
                field: [
                    f"Một hồ sơ thẩm định chỉ của một người: đã chọn {first}, bỏ trống {label}."
                ]
                for field, label in given[1:]
            }
        )
    person = cadre or member or candidate
    name = clean(person.full_name if person else full_name)
    if not name:
        raise ServiceError({"full_name": ["Chọn người được thẩm định hoặc nhập họ và tên."]})
    if len(name) > 128:
        raise ServiceError({"full_name": ["Họ và tên dài quá 128 ký tự."]})
    with transaction.atomic():
        case = PoliticalClearance.objects.create(
            organization=organization,
            purpose=purpose,
            cadre=cadre,
            member=member,
            candidate=candidate,
            full_name=name,
            birth_date=person.birth_date if person else birth_date,
            requested_on=requested_on,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor, action="clearance.open", target=case, after={"purpose": purpose.name}
        )
    return case


def clearance_conclude(
    *,
    actor,
    case: PoliticalClearance,
    result: str,
    concluded_on: date,
    conclusion: str = "",
    decision=None,
) -> PoliticalClearance:
    clearance_right(actor)
    if result not in (R.CLEAR, R.NOT_CLEAR):
        raise ServiceError({"result": ["Chọn kết luận: đủ hoặc không đủ tiêu chuẩn chính trị."]})
    with action(
        actor=actor, name="clearance.conclude", target=case, fields=("result", "concluded_on")
    ) as act:
        row: PoliticalClearance = act.row
        if row.result != R.PENDING:
            raise ServiceError({"result": [f"Hồ sơ đã kết luận ngày {row.concluded_on:%d/%m/%Y}."]})
        if concluded_on < row.requested_on:
            raise ServiceError(
                {
                    "concluded_on": [
                        f"Ngày kết luận {concluded_on:%d/%m/%Y} trước ngày đề nghị "
                        f"{row.requested_on:%d/%m/%Y}."
                    ]
                }
            )
        row.result, row.concluded_on = result, concluded_on
        row.conclusion, row.decision = (conclusion or "").strip(), decision
        row.save(update_fields=["result", "concluded_on", "conclusion", "decision"])
    return act.row
