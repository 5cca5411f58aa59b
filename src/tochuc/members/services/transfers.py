"""Chuyển sinh hoạt đảng: the sending side issues, the receiving side accepts.

A permanent transfer moves the member (and their share of the counts) on acceptance; a
temporary one leaves them on the home roll; one to outside the system is a departure.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from django.db import transaction

from tochuc.core.audit import audit_record, recorded_actor
from tochuc.core.errors import Forbidden, NotFound, ServiceError
from tochuc.core.rules import rule_value
from tochuc.core.scope import check_write
from tochuc.core.text import clean
from tochuc.core.workdays import add_working_days
from tochuc.members import events
from tochuc.members.changes import members_changed
from tochuc.members.models import COUNTED_STATES, Member, MemberEvent, MemberState, Transfer
from tochuc.members.placements import placements_refresh
from tochuc.members.services.lifecycle import _event, _require_state
from tochuc.members.services.records import member_dimensions
from tochuc.members.validators import add_months
from tochuc.orgs.counters import counts_apply
from tochuc.orgs.models import MEMBER_KINDS, Organization


def member_transfer_start(
    *,
    actor,
    member: Member,
    kind: str,
    to_org: Organization | None,
    start_date: date | None,
    letter_symbol: str,
    dues_paid_to: date | None,
    destination: str = "",
    until: date | None = None,
    reason: str = "",
) -> Transfer:
    errors: dict[str, list[str]] = {}
    destination = clean(destination)
    if kind not in Transfer.Kind.values:
        errors["kind"] = ["Chọn chuyển sinh hoạt chính thức hoặc tạm thời."]
    if to_org is None and not destination:
        errors["to_org"] = ["Chọn tổ chức nơi đến, hoặc ghi nơi đến nếu ở ngoài hệ thống."]
    if to_org is not None:
        if to_org.kind not in MEMBER_KINDS:
            errors["to_org"] = [f"«{to_org.name}» không phải chi bộ: chọn chi bộ nơi đến."]
        elif to_org.pk == member.organization_id:
            errors["to_org"] = ["Nơi đến trùng chi bộ hiện tại."]
    if dues_paid_to is None:
        errors["dues_paid_to"] = ["Nhập tháng đã đóng đảng phí đến (vd 10/2026)."]
    if kind == Transfer.Kind.TEMPORARY:
        low = rule_value("temporary_transfer_min_months")
        high = rule_value("temporary_transfer_max_months")
        if until is None or start_date is None:
            errors["until"] = ["Chuyển sinh hoạt tạm thời phải có thời hạn (đến ngày)."]
        elif not add_months(start_date, low) <= until <= add_months(start_date, high):
            errors["until"] = [f"Sinh hoạt tạm thời từ {low} tháng đến {high} tháng."]
    if errors:
        raise ServiceError(errors)
    leaving = to_org is None and kind == Transfer.Kind.PERMANENT
    with transaction.atomic():
        if Transfer.objects.filter(member=member, status=Transfer.Status.PENDING).exists():
            raise ServiceError("Đảng viên đang có một giấy giới thiệu chờ tiếp nhận.")

        def prepare(m: Member):
            _require_state(m, COUNTED_STATES, "chuyển sinh hoạt")
            return ({"state": MemberState.LEFT} if leaving else {}), partial(
                events.transferred_out,
                kind=kind,
                to=to_org.name if to_org else destination,
                leaving=leaving,
            )

        member = _event(
            actor=actor,
            member=member,
            kind=MemberEvent.Kind.LEAVE if leaving else MemberEvent.Kind.TRANSFER_OUT,
            effective_date=start_date,
            document_symbol=letter_symbol,
            note=reason,
            prepare=prepare,
        )
        transfer = Transfer.objects.create(
            member=member,
            kind=kind,
            from_org=member.organization,
            to_org=to_org,
            destination=destination,
            start_date=start_date,
            until=until,
            letter_symbol=clean(letter_symbol),
            dues_paid_to=dues_paid_to.replace(day=1),
            reason=clean(reason),
            report_deadline=add_working_days(
                start_date, rule_value("transfer_report_working_days")
            ),
            status=Transfer.Status.LEFT if leaving else Transfer.Status.PENDING,
            created_by=recorded_actor(actor),
        )
    return transfer


def member_transfer_accept(*, actor, transfer: Transfer, accepted_on: date | None) -> Transfer:
    """The receiving side records that the member reported (tiếp nhận sinh hoạt)."""
    if transfer.to_org is None:
        raise ServiceError("Giấy giới thiệu này chuyển ra ngoài hệ thống.")
    check_write(actor, transfer.to_org)
    with transaction.atomic():
        transfer = (
            Transfer.objects.select_for_update(of=("self",))
            .select_related("member__organization", "to_org", "from_org")
            .get(pk=transfer.pk)
        )
        if transfer.status != Transfer.Status.PENDING:
            raise ServiceError(
                f"Giấy giới thiệu đang ở trạng thái «{transfer.get_status_display()}»."
            )
        if accepted_on is None or accepted_on > date.today() or accepted_on < transfer.start_date:
            raise ServiceError(
                {
                    "accepted_on": [
                        f"Ngày tiếp nhận phải từ {transfer.start_date:%d/%m/%Y} đến hôm nay."
                    ]
                }
            )
        member = (
            Member.objects.select_for_update()
            .select_related("organization")
            .get(pk=transfer.member_id)
        )
        if transfer.kind == Transfer.Kind.PERMANENT:
            dims = member_dimensions(member)
            counts_apply(
                ancestor_ids=member.organization.ancestor_ids(), deltas=dict.fromkeys(dims, -1)
            )
            counts_apply(ancestor_ids=transfer.to_org.ancestor_ids(), deltas=dict.fromkeys(dims, 1))
            member.organization = transfer.to_org
            member.save(update_fields=["organization", "updated_at"])
            members_changed([member.pk])
        transfer.status = Transfer.Status.ACCEPTED
        transfer.accepted_on = accepted_on
        transfer.accepted_by = recorded_actor(actor)
        transfer.save(update_fields=["status", "accepted_on", "accepted_by"])
        events.transferred_in(
            member,
            kind=transfer.kind,
            from_org_id=transfer.from_org_id,
            from_name=transfer.from_org.name,
            report_deadline=transfer.report_deadline,
            late=accepted_on > transfer.report_deadline,
            on=accepted_on,
            organization_id=transfer.to_org_id,
            document_symbol=transfer.letter_symbol,
            actor=actor,
        )
        placements_refresh(member)
        audit_record(
            actor=actor,
            action="member.transfer_in",
            target=member,
            before={"organization": transfer.from_org.name},
            after={"organization": member.organization.name, "transfer": transfer.pk},
        )
    return transfer


def member_transfer_cancel(*, actor, transfer: Transfer) -> Transfer:
    """The sending side withdraws a letter that has not been accepted."""
    check_write(actor, transfer.from_org)
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != Transfer.Status.PENDING:
            raise ServiceError("Chỉ hủy được giấy giới thiệu đang chờ tiếp nhận.")
        transfer.status = Transfer.Status.CANCELLED
        transfer.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="member.transfer_cancel",
            target=transfer.member,
            after={"transfer": transfer.pk},
        )
    return transfer


def member_transfer_end(*, actor, transfer: Transfer, ended_on: date | None) -> Transfer:
    """A temporary stay is over: the member is back with the home branch only.
    Either side may record it."""
    try:
        check_write(actor, transfer.from_org)
    except (NotFound, Forbidden):  # the host may record it too
        check_write(actor, transfer.to_org)
    with transaction.atomic():
        transfer = (
            Transfer.objects.select_for_update(of=("self",))
            .select_related("member", "to_org")
            .get(pk=transfer.pk)
        )
        if transfer.kind != Transfer.Kind.TEMPORARY or transfer.status != Transfer.Status.ACCEPTED:
            raise ServiceError("Chỉ kết thúc được sinh hoạt tạm thời đã được tiếp nhận.")
        if ended_on is None or ended_on > date.today() or ended_on < transfer.accepted_on:
            raise ServiceError(
                {
                    "ended_on": [
                        f"Ngày kết thúc phải từ {transfer.accepted_on:%d/%m/%Y} đến hôm nay."
                    ]
                }
            )
        transfer.status = Transfer.Status.ENDED
        transfer.save(update_fields=["status"])
        events.temporary_ended(
            transfer.member,
            host_name=transfer.to_org.name,
            on=ended_on,
            organization_id=transfer.from_org_id,
            document_symbol=transfer.letter_symbol,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="member.transfer_end",
            target=transfer.member,
            after={"transfer": transfer.pk, "ended_on": ended_on},
        )
    return transfer


def member_arrive(
    *,
    actor,
    organization: Organization,
    arrived_on: date | None,
    letter_symbol: str,
    origin: str,
    **fields,
) -> Member:
    """A member transferred in from outside the system (another province's software, the
    army, abroad): the record is created here, with the letter that brought them."""
    from tochuc.members.services.records import member_create

    errors: dict[str, list[str]] = {}
    if arrived_on is None or arrived_on > date.today():
        errors["arrived_on"] = ["Nhập ngày tiếp nhận (không sau hôm nay)."]
    if not clean(letter_symbol):
        errors["letter_symbol"] = ["Nhập số giấy giới thiệu sinh hoạt đảng."]
    if not clean(origin):
        errors["origin"] = ["Ghi nơi chuyển đến từ."]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        member = member_create(actor=actor, organization=organization, **fields)
        if arrived_on < member.admission_date:
            raise ServiceError({"arrived_on": ["Ngày tiếp nhận phải sau ngày vào Đảng."]})
        events.arrived(
            member,
            origin=clean(origin),
            on=arrived_on,
            organization_id=organization.pk,
            document_symbol=clean(letter_symbol),
            actor=actor,
        )
        placements_refresh(member)
    return member
