"""A member's life in the Party after admission: official recognition, exemption,
discipline, removal, death, readmission. Each is one dated event with its decision
document, one transaction, an audit row, and the counts kept current."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from tochuc.accounts.scope import check_write
from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.rules import rule_value
from tochuc.core.text import clean
from tochuc.core.workdays import add_working_days, working_days_between
from tochuc.members.models import Member, MemberEvent, MemberState, MemberStatus
from tochuc.members.services.records import counts_follow, member_dimensions
from tochuc.members.validators import add_months

# Điều lệ Đảng, Điều 35: official members; probationary members only the first two.
DISCIPLINE_FORMS = {
    "reprimand": "Khiển trách",
    "warning": "Cảnh cáo",
    "dismissal": "Cách chức",
    "expulsion": "Khai trừ",
}
PROBATIONARY_DISCIPLINE = {"reprimand", "warning"}

REMOVAL_REASONS = {
    "absence": "Bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm không có lý do",
    "standards": "Hai năm liền không đủ tư cách đảng viên",
    "probation": "Không đủ điều kiện công nhận đảng viên chính thức",
    "other": "Lý do khác",
}

_STATE_FIELDS = ["status", "state", "official_date", "ceremony_date"]


def probation_end(member: Member) -> date:
    """12 months (a regulation value) from the ceremony, or from the decision if unknown."""
    start = member.ceremony_date or member.admission_date
    return add_months(start, rule_value("probation_months", start))


def confirm_deadline(member: Member) -> date:
    """The last day for the branch to decide on official recognition."""
    end = probation_end(member)
    return add_working_days(end, rule_value("confirm_deadline_working_days", end))


def _event(
    *,
    actor,
    member: Member,
    kind: str,
    effective_date: date | None,
    document_symbol: str = "",
    document_date: date | None = None,
    note: str = "",
    details: dict | None = None,
    changes: dict | None = None,
    document_required: bool = True,
) -> Member:
    """Check, then apply `changes`, write the event, the audit row and the counts."""
    check_write(actor, member.organization)
    errors: dict[str, list[str]] = {}
    symbol = clean(document_symbol)
    if effective_date is None:
        errors["effective_date"] = ["Nhập ngày hiệu lực."]
    elif effective_date > date.today():
        errors["effective_date"] = ["Ngày hiệu lực không được sau ngày hôm nay."]
    elif effective_date < member.admission_date:
        errors["effective_date"] = [
            f"Ngày hiệu lực phải từ ngày vào Đảng ({member.admission_date:%d/%m/%Y}) trở đi."
        ]
    if document_required and not symbol:
        errors["document_symbol"] = ["Nhập số, ký hiệu của quyết định (vd 12-QĐ/ĐU)."]
    if len(symbol) > 64:
        errors["document_symbol"] = ["Số, ký hiệu văn bản dài quá 64 ký tự."]
    if document_date and effective_date and document_date > date.today():
        errors["document_date"] = ["Ngày văn bản không được sau ngày hôm nay."]
    if len(note) > 500:
        errors["note"] = ["Ghi chú dài quá 500 ký tự."]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
        before = {f: getattr(member, f) for f in _STATE_FIELDS}
        old_dims = member_dimensions(member)
        for field, value in (changes or {}).items():
            setattr(member, field, value)
        member.save()
        counts_follow(member, old_dims)
        event = MemberEvent.objects.create(
            member=member,
            kind=kind,
            effective_date=effective_date,
            organization=member.organization,
            document_symbol=symbol,
            document_date=document_date,
            note=clean(note),
            details=details or {},
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action=f"member.{kind}",
            target=member,
            before=before | {"event": None},
            after={f: getattr(member, f) for f in _STATE_FIELDS} | {"event": event.pk},
        )
    return member


def _require_state(member: Member, allowed: set[str], doing: str) -> None:
    if member.state not in allowed:
        raise ServiceError(
            f"Không thể {doing}: đảng viên đang ở tình trạng «{member.get_state_display()}»."
        )


def member_confirm(
    *,
    actor,
    member: Member,
    effective_date: date | None,
    document_symbol: str,
    document_date: date | None = None,
    note: str = "",
) -> Member:
    """Official recognition (công nhận đảng viên chính thức). Official status counts from the
    end of probation, even when the decision comes late; lateness is recorded."""
    _require_state(member, {MemberState.ACTIVE}, "công nhận chính thức")
    if member.status != MemberStatus.PROBATIONARY:
        raise ServiceError("Đảng viên này đã là đảng viên chính thức.")
    end = probation_end(member)
    if effective_date and effective_date < end:
        raise ServiceError(
            {
                "effective_date": [
                    f"Chưa hết thời gian dự bị: 12 tháng kết thúc ngày {end:%d/%m/%Y}."
                ]
            }
        )
    late = working_days_between(confirm_deadline(member), effective_date) if effective_date else 0
    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.CONFIRM,
        effective_date=effective_date,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        details={"official_from": end.isoformat(), "late_working_days": late},
        changes={"status": MemberStatus.OFFICIAL, "official_date": end},
    )


def member_exempt(
    *,
    actor,
    member: Member,
    effective_date: date | None,
    document_symbol: str,
    document_date: date | None = None,
    note: str = "",
) -> Member:
    """Miễn công tác và sinh hoạt đảng (age, health): still counted, not evaluated."""
    _require_state(member, {MemberState.ACTIVE}, "miễn công tác và sinh hoạt đảng")
    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.EXEMPT,
        effective_date=effective_date,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        changes={"state": MemberState.EXEMPTED},
    )


def member_exempt_end(
    *,
    actor,
    member: Member,
    effective_date: date | None,
    document_symbol: str = "",
    document_date: date | None = None,
    note: str = "",
) -> Member:
    _require_state(member, {MemberState.EXEMPTED}, "thôi miễn sinh hoạt")
    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.EXEMPT_END,
        effective_date=effective_date,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        changes={"state": MemberState.ACTIVE},
        document_required=False,
    )


def member_discipline(
    *,
    actor,
    member: Member,
    form: str,
    effective_date: date | None,
    document_symbol: str,
    document_date: date | None = None,
    note: str = "",
) -> Member:
    """Kỷ luật: expulsion takes the member out of the Party (and out of the counts)."""
    _require_state(member, {MemberState.ACTIVE, MemberState.EXEMPTED}, "thi hành kỷ luật")
    if form not in DISCIPLINE_FORMS:
        raise ServiceError({"form": ["Hình thức kỷ luật không hợp lệ."]})
    if member.status == MemberStatus.PROBATIONARY and form not in PROBATIONARY_DISCIPLINE:
        raise ServiceError({"form": ["Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo."]})
    changes = {"state": MemberState.EXPELLED} if form == "expulsion" else {}
    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.DISCIPLINE,
        effective_date=effective_date,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        details={"form": form, "form_label": DISCIPLINE_FORMS[form]},
        changes=changes,
    )


def member_remove(
    *,
    actor,
    member: Member,
    reason: str,
    effective_date: date | None,
    document_symbol: str,
    document_date: date | None = None,
    note: str = "",
) -> Member:
    """Xóa tên khỏi danh sách đảng viên."""
    _require_state(member, {MemberState.ACTIVE, MemberState.EXEMPTED}, "xóa tên")
    if reason not in REMOVAL_REASONS:
        raise ServiceError({"reason": ["Chọn lý do xóa tên."]})
    if reason == "probation" and member.status != MemberStatus.PROBATIONARY:
        raise ServiceError({"reason": ["Lý do này chỉ dành cho đảng viên dự bị."]})
    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.REMOVE,
        effective_date=effective_date,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        details={"reason": reason, "reason_label": REMOVAL_REASONS[reason]},
        changes={"state": MemberState.REMOVED},
    )


def member_death(
    *,
    actor,
    member: Member,
    effective_date: date | None,
    note: str = "",
) -> Member:
    _require_state(member, {MemberState.ACTIVE, MemberState.EXEMPTED}, "ghi nhận từ trần")
    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.DEATH,
        effective_date=effective_date,
        note=note,
        changes={"state": MemberState.DECEASED},
        document_required=False,
    )


def member_readmit(
    *,
    actor,
    member: Member,
    effective_date: date | None,
    document_symbol: str,
    ceremony_date: date | None = None,
    document_date: date | None = None,
    note: str = "",
) -> Member:
    """Kết nạp lại: probation again; party age keeps the first admission, minus the gap."""
    _require_state(member, {MemberState.REMOVED, MemberState.EXPELLED}, "kết nạp lại")
    if ceremony_date and effective_date and ceremony_date < effective_date:
        raise ServiceError({"ceremony_date": ["Lễ kết nạp phải sau ngày quyết định."]})
    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.READMIT,
        effective_date=effective_date,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        changes={
            "state": MemberState.ACTIVE,
            "status": MemberStatus.PROBATIONARY,
            "official_date": None,
            "ceremony_date": ceremony_date or effective_date,
        },
    )
