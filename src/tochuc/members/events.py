"""A member's timeline: one factory per kind of `MemberEvent`, so each kind's details are
written one way (Saleor's order/events.py) by the services, the restructuring and the demo.

`member` may be a stub (`Member(pk=..., organization_id=...)`) where rows are built in bulk.
Every factory takes the row's common fields: `organization_id` (the member's organization
by default), `document_symbol`, `document_date`, `note`, `actor` (who recorded it, None for
the command line or a load), `plan` (the restructuring that wrote it) and `save` (False
returns the row unsaved, for `bulk_create`).
"""

from __future__ import annotations

from datetime import date

from tochuc.core.audit import recorded_actor
from tochuc.members.models import Member, MemberEvent
from tochuc.members.reference import THEORY_LEVELS

K = MemberEvent.Kind

# Điều lệ Đảng, Điều 35 (a probationary member: only the first two, see lifecycle).
DISCIPLINE_FORMS = {
    "reprimand": "Khiển trách",
    "warning": "Cảnh cáo",
    "dismissal": "Cách chức",
    "expulsion": "Khai trừ",
}

REMOVAL_REASONS = {
    "absence": "Bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm không có lý do",
    "standards": "Hai năm liền không đủ tư cách đảng viên",
    "probation": "Không đủ điều kiện công nhận đảng viên chính thức",
    "other": "Lý do khác",
}


def _event(
    member: Member,
    kind: str,
    details: dict,
    *,
    on: date,
    organization_id: int | None = None,
    document_symbol: str = "",
    document_date: date | None = None,
    note: str = "",
    actor=None,
    plan=None,
    save: bool = True,
) -> MemberEvent:
    event = MemberEvent(
        member_id=member.pk,
        kind=kind,
        effective_date=on,
        organization_id=organization_id or member.organization_id,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        details=details,
        recorded_by=recorded_actor(actor),
        plan=plan,
    )
    if save:
        event.save()
    return event


def admitted(member: Member, *, ceremony: date, **row) -> MemberEvent:
    """Kết nạp, on the decision's date; the ceremony's date in the details."""
    return _event(member, K.ADMIT, {"ceremony": ceremony.isoformat()}, **row)


def confirmed(member: Member, *, official_from: date, late_working_days: int, **row) -> MemberEvent:
    """Công nhận chính thức: official from the end of probation, and how late the decision."""
    details = {"official_from": official_from.isoformat(), "late_working_days": late_working_days}
    return _event(member, K.CONFIRM, details, **row)


def exempted(member: Member, **row) -> MemberEvent:
    return _event(member, K.EXEMPT, {}, **row)


def exempt_ended(member: Member, **row) -> MemberEvent:
    return _event(member, K.EXEMPT_END, {}, **row)


def disciplined(member: Member, *, form: str, **row) -> MemberEvent:
    return _event(member, K.DISCIPLINE, {"form": form, "form_label": DISCIPLINE_FORMS[form]}, **row)


def removed(member: Member, *, reason: str, **row) -> MemberEvent:
    details = {"reason": reason, "reason_label": REMOVAL_REASONS[reason]}
    return _event(member, K.REMOVE, details, **row)


def died(member: Member, **row) -> MemberEvent:
    return _event(member, K.DEATH, {}, **row)


def lost_contact(member: Member, **row) -> MemberEvent:
    return _event(member, K.LOST_CONTACT, {}, **row)


def contact_restored(member: Member, **row) -> MemberEvent:
    return _event(member, K.CONTACT_RESTORE, {}, **row)


def readmitted(member: Member, *, previous_official_from: date | None, **row) -> MemberEvent:
    """Kết nạp lại, keeping the first membership's official date for party age."""
    previous = previous_official_from.isoformat() if previous_official_from else None
    return _event(member, K.READMIT, {"previous_official_from": previous}, **row)


def badge_awarded(
    member: Member, *, years: int, posthumous: bool = False, early: bool = False, **row
) -> MemberEvent:
    details = {"years": years, "posthumous": posthumous, "early": early}
    return _event(member, K.BADGE, details, **row)


def transferred_out(
    member: Member, *, kind: str, to: str, leaving: bool = False, **row
) -> MemberEvent:
    """The sending side's letter: to a branch (`to` its name), or out of the system
    (`leaving`, a departure)."""
    return _event(member, K.LEAVE if leaving else K.TRANSFER_OUT, {"kind": kind, "to": to}, **row)


def transferred_in(
    member: Member,
    *,
    kind: str,
    from_org_id: int,
    from_name: str,
    report_deadline: date,
    late: bool,
    **row,
) -> MemberEvent:
    """The receiving side accepted: where from, and whether the member reported late."""
    details = {
        "kind": kind,
        "from": from_name,
        "from_org_id": from_org_id,
        "late": late,
        "report_deadline": report_deadline.isoformat(),
    }
    return _event(member, K.TRANSFER_IN, details, **row)


def temporary_ended(member: Member, *, host_name: str, **row) -> MemberEvent:
    """A temporary stay is over: back with the home branch only."""
    return _event(member, K.TRANSFER_IN, {"kind": "temporary_end", "from": host_name}, **row)


def arrived(member: Member, *, origin: str, **row) -> MemberEvent:
    """Transferred in from outside the system (`origin`: where from, as written)."""
    return _event(member, K.ARRIVE, {"from": origin}, **row)


def reassigned(member: Member, *, source, target, **row) -> MemberEvent:
    """Moved by a restructuring from the branch `source` to `target` (undo reads from_org_id)."""
    details = {"from": source.name, "from_org_id": source.pk, "to": target.name}
    return _event(member, K.REASSIGN, details, organization_id=target.pk, **row)


def trained(member: Member, *, class_name: str, before: str, after: str, **row) -> MemberEvent:
    """Hoàn thành lớp: the class, and the theory level it raised (codes before and after, and
    the label the record shows)."""
    return _event(member, K.TRAINING, _level_details(class_name, before, after), **row)


def training_undone(
    member: Member, *, class_name: str, before: str, after: str, **row
) -> MemberEvent:
    """A class cancelled after its completion: the level it had given taken back."""
    return _event(member, K.TRAINING_UNDO, _level_details(class_name, before, after), **row)


def _level_details(class_name: str, before: str, after: str) -> dict:
    label = dict(THEORY_LEVELS)[after]
    return {"class": class_name, "before": before, "after": after, "level_label": label}
