"""A member's life in the Party after admission: official recognition, exemption,
discipline, removal, death, readmission. Each is one dated event with its decision
document, one transaction, an audit row, and the counts kept current (core.actions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from django.db import transaction

from tochuc.core.actions import action
from tochuc.core.errors import ServiceError
from tochuc.core.rules import rule_value
from tochuc.core.text import clean
from tochuc.core.workdays import add_working_days, working_days_between
from tochuc.members import events
from tochuc.members.events import DISCIPLINE_FORMS, REMOVAL_REASONS
from tochuc.members.models import (
    COUNTED_STATES,
    Badge,
    Member,
    MemberEvent,
    MemberState,
    MemberStatus,
)
from tochuc.members.placements import PLACING_KINDS, placements_refresh
from tochuc.members.services.records import counts_follow, member_dimensions
from tochuc.members.validators import add_months

# Điều lệ Đảng, Điều 35: a probationary member only the first two of DISCIPLINE_FORMS.
PROBATIONARY_DISCIPLINE = {"reprimand", "warning"}

_STATE_FIELDS = ["status", "state", "official_date", "ceremony_date"]


def probation_end(member: Member) -> date:
    """12 months (a regulation value) from the ceremony, or from the decision if unknown."""
    start = member.ceremony_date or member.admission_date
    return add_months(start, rule_value("probation_months", start))


def confirm_deadline(member: Member) -> date:
    """The last day for the branch to decide on official recognition."""
    end = probation_end(member)
    return add_working_days(end, rule_value("confirm_deadline_working_days", end))


# What `prepare` returns: the member's changes, and the event's factory (members.events) with
# its details bound (`partial(events.confirmed, official_from=...)`).
Prepare = Callable[[Member], tuple[dict, Callable[..., MemberEvent]]]


def _event(
    *,
    actor,
    member: Member,
    kind: str,
    effective_date: date | None,
    prepare: Prepare,
    document_symbol: str = "",
    document_date: date | None = None,
    note: str = "",
    document_required: bool = True,
) -> Member:
    """One dated step of the member's life (`kind`, the audit row's name) as a core action:
    check it on the locked row (`prepare` returns the changes and the event, or raises),
    then write the member, the event, the placements and the counts."""
    symbol, note = clean(document_symbol), clean(note)
    with action(
        actor=actor,
        name=f"member.{kind}",
        target=member,
        fields=_STATE_FIELDS,
        lock=Member.objects.select_related("organization"),
    ) as act:
        member = act.row
        errors: dict[str, list[str]] = {}
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
        if document_date and document_date > date.today():
            errors["document_date"] = ["Ngày văn bản không được sau ngày hôm nay."]
        if len(note) > 500:
            errors["note"] = ["Ghi chú dài quá 500 ký tự."]
        if errors:
            raise ServiceError(errors)
        changes, record = prepare(member)
        old_dims = member_dimensions(member)
        for field, value in changes.items():
            setattr(member, field, value)
        member.save()
        counts_follow(member, old_dims)
        event = record(
            member,
            on=effective_date,
            document_symbol=symbol,
            document_date=document_date,
            note=note,
            actor=actor,
        )
        if kind in PLACING_KINDS:
            placements_refresh(member)
        act.before["event"], act.after["event"] = None, event.pk
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

    def prepare(m: Member):
        _require_state(m, {MemberState.ACTIVE}, "công nhận chính thức")
        if m.status != MemberStatus.PROBATIONARY:
            raise ServiceError("Đảng viên này đã là đảng viên chính thức.")
        end = probation_end(m)
        if effective_date < end:
            raise ServiceError(
                {
                    "effective_date": [
                        "Chưa hết thời gian dự bị: "
                        f"{rule_value('probation_months', m.ceremony_date or m.admission_date)} "
                        f"tháng kết thúc ngày {end:%d/%m/%Y}."
                    ]
                }
            )
        late = working_days_between(confirm_deadline(m), effective_date)
        return (
            {"status": MemberStatus.OFFICIAL, "official_date": end},
            partial(events.confirmed, official_from=end, late_working_days=late),
        )

    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.CONFIRM,
        effective_date=effective_date,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        prepare=prepare,
    )


def _state_action(
    kind: str,
    record: Callable[..., MemberEvent],
    allowed: set[str],
    doing: str,
    state: str,
    *,
    document_required: bool,
):
    """A lifecycle action that only moves the member from one standing to another."""

    def action(
        *,
        actor,
        member: Member,
        effective_date: date | None,
        document_symbol: str = "",
        document_date: date | None = None,
        note: str = "",
    ) -> Member:
        def prepare(m: Member):
            _require_state(m, allowed, doing)
            return {"state": state}, record

        return _event(
            actor=actor,
            member=member,
            kind=kind,
            effective_date=effective_date,
            document_symbol=document_symbol,
            document_date=document_date,
            note=note,
            document_required=document_required,
            prepare=prepare,
        )

    return action


K = MemberEvent.Kind
# Miễn công tác và sinh hoạt đảng (age, health): still counted, not evaluated.
member_exempt = _state_action(
    K.EXEMPT,
    events.exempted,
    {MemberState.ACTIVE},
    "miễn công tác và sinh hoạt đảng",
    MemberState.EXEMPTED,
    document_required=True,
)
member_exempt_end = _state_action(
    K.EXEMPT_END,
    events.exempt_ended,
    {MemberState.EXEMPTED},
    "thôi miễn sinh hoạt",
    MemberState.ACTIVE,
    document_required=False,
)
member_death = _state_action(
    K.DEATH,
    events.died,
    COUNTED_STATES,
    "ghi nhận từ trần",
    MemberState.DECEASED,
    document_required=False,
)
# Mất liên lạc: outside the Party (and the counts) until contact is restored; the time
# between is not party age.
member_lose_contact = _state_action(
    K.LOST_CONTACT,
    events.lost_contact,
    COUNTED_STATES,
    "ghi nhận mất liên lạc",
    MemberState.LOST_CONTACT,
    document_required=False,
)
member_contact_restore = _state_action(
    K.CONTACT_RESTORE,
    events.contact_restored,
    {MemberState.LOST_CONTACT},
    "ghi nhận liên lạc lại",
    MemberState.ACTIVE,
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
    if form not in DISCIPLINE_FORMS:
        raise ServiceError({"form": ["Hình thức kỷ luật không hợp lệ."]})

    def prepare(m: Member):
        _require_state(m, COUNTED_STATES, "thi hành kỷ luật")
        if m.status == MemberStatus.PROBATIONARY and form not in PROBATIONARY_DISCIPLINE:
            raise ServiceError(
                {"form": ["Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo."]}
            )
        changes = {"state": MemberState.EXPELLED} if form == "expulsion" else {}
        return changes, partial(events.disciplined, form=form)

    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.DISCIPLINE,
        effective_date=effective_date,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        prepare=prepare,
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
    if reason not in REMOVAL_REASONS:
        raise ServiceError({"reason": ["Chọn lý do xóa tên."]})

    def prepare(m: Member):
        _require_state(m, COUNTED_STATES | {MemberState.LOST_CONTACT}, "xóa tên")
        if reason == "probation" and m.status != MemberStatus.PROBATIONARY:
            raise ServiceError({"reason": ["Lý do này chỉ dành cho đảng viên dự bị."]})
        return {"state": MemberState.REMOVED}, partial(events.removed, reason=reason)

    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.REMOVE,
        effective_date=effective_date,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        prepare=prepare,
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
    if ceremony_date and effective_date and ceremony_date < effective_date:
        raise ServiceError({"ceremony_date": ["Lễ kết nạp phải sau ngày quyết định."]})

    def prepare(m: Member):
        _require_state(m, {MemberState.REMOVED, MemberState.EXPELLED}, "kết nạp lại")
        changes = {
            "state": MemberState.ACTIVE,
            "status": MemberStatus.PROBATIONARY,
            "official_date": None,
            "ceremony_date": ceremony_date or effective_date,
        }
        return changes, partial(events.readmitted, previous_official_from=m.official_date)

    return _event(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.READMIT,
        effective_date=effective_date,
        document_symbol=document_symbol,
        document_date=document_date,
        note=note,
        prepare=prepare,
    )


def member_badge_award(
    *,
    actor,
    member: Member,
    years: int,
    occasion: date,
    document_symbol: str,
    posthumous: bool = False,
    early: bool = False,
) -> Member:
    """Record a Huy hiệu N năm tuổi Đảng awarded on an occasion (one per level)."""
    from tochuc.members.badges import badge_occasions

    if years not in rule_value("badge_years", occasion):
        raise ServiceError({"years": [f"Không có Huy hiệu {years} năm tuổi Đảng."]})
    if occasion not in badge_occasions(occasion.year):
        days = [f"{d.day}/{d.month}" for d in badge_occasions(occasion.year)]
        said = f"{', '.join(days[:-1])} hoặc {days[-1]}" if len(days) > 1 else days[0]
        raise ServiceError({"occasion": [f"Đợt trao phải là ngày {said}."]})
    allowed = COUNTED_STATES | ({MemberState.DECEASED} if posthumous else set())

    def prepare(m: Member):
        _require_state(m, allowed, "tặng Huy hiệu Đảng")
        if m.badges.filter(years__gte=years).exists():
            raise ServiceError(f"{m.full_name} đã nhận Huy hiệu {years} năm (hoặc cao hơn).")
        return {}, partial(events.badge_awarded, years=years, posthumous=posthumous, early=early)

    with transaction.atomic():
        member = _event(
            actor=actor,
            member=member,
            kind=MemberEvent.Kind.BADGE,
            effective_date=occasion,
            document_symbol=document_symbol,
            prepare=prepare,
        )
        Badge.objects.create(
            member=member,
            years=years,
            occasion=occasion,
            document_symbol=clean(document_symbol),
            posthumous=posthumous,
            early=early,
            event=member.events.latest("id"),
        )
    return member


# A badge list's row: due on its occasion, early for serious illness, posthumous.
BADGE_KINDS = ("due", "early", "posthumous")


def member_badges_award(
    *, actor, awards: list[tuple[Member, int, str]], occasion: date, document_symbol: str
) -> int:
    """Award a batch from the badge list in one transaction: every (member, years, kind)
    is recorded, or none and the reason naming the member."""
    if not awards:
        raise ServiceError("Chọn ít nhất một đảng viên trong danh sách.")
    for member, _years, kind in awards:
        if kind not in BADGE_KINDS:
            raise ServiceError(
                {
                    "kind": [
                        f"{member.full_name}: diện xét «{kind}» không có (chỉ nhận "
                        f"{', '.join(BADGE_KINDS)})."
                    ]
                }
            )
    with transaction.atomic():
        for member, years, kind in awards:
            try:
                member_badge_award(
                    actor=actor,
                    member=member,
                    years=years,
                    occasion=occasion,
                    document_symbol=document_symbol,
                    posthumous=kind == "posthumous",
                    early=kind == "early",
                )
            except ServiceError as exc:
                text = exc.text()  # some refusals already start with the member's name
                named = text if text.startswith(member.full_name) else f"{member.full_name}: {text}"
                raise ServiceError(named) from None
    return len(awards)
