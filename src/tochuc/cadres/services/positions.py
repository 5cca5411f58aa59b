"""Positions and who holds them: a position of the tree or of a body a committee manages;
an appointment (bổ nhiệm, bổ nhiệm lại, đề bạt, bầu) starts a holding with its term's end and
an event on the cadre's timeline; a holding ends on a day (thôi giữ chức vụ, nghỉ hưu)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from tochuc.cadres import events
from tochuc.cadres.ages import months_left, said
from tochuc.cadres.models import (
    Body,
    Cadre,
    CadreEvent,
    Holding,
    ManagementLevel,
    Position,
    PositionTitle,
)
from tochuc.cadres.services.records import cadre_of_member
from tochuc.core.actions import action
from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.rules import DEFAULTS, rule_value
from tochuc.core.scope import check_write, in_scope
from tochuc.core.text import clean
from tochuc.members.validators import add_months
from tochuc.orgs.models import Organization

K = CadreEvent.Kind
FIRST = (K.APPOINTMENT, K.PROMOTION)  # a first appointment to the position
TAKING = (K.APPOINTMENT, K.REAPPOINTMENT, K.PROMOTION, K.ELECTION)
LEAVING = (K.DISMISSAL, K.RETIREMENT)


def position_create(
    *,
    actor,
    organization: Organization,
    title: PositionTitle,
    body: Body | None = None,
    management_level: ManagementLevel | None = None,
    seats: int = 1,
    established_on: date | None = None,
) -> Position:
    check_write(actor, organization)
    if body is not None and body.organization_id != organization.pk:
        raise ServiceError({"body": [f"{body.name} không do {organization.name} quản lý."]})
    if not 1 <= seats <= 20:
        raise ServiceError({"seats": ["Số người đảm nhiệm từ 1 đến 20."]})
    with transaction.atomic():
        position = Position.objects.create(
            organization=organization,
            body=body,
            title=title,
            management_level=management_level,
            seats=seats,
            established_on=established_on,
        )
        audit_record(actor=actor, action="position.create", target=position, after={"seats": seats})
    return position


def holders_on(position: Position, on: date):
    return position.holdings.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)


def term_end_of(on: date, years: int) -> date:
    """The last day of a term of `years` from `on`: the day before the same date `years` later
    (01/10/2021 for 5 years: 30/09/2026); from 29/02 to a year without it, 28/02 (29/02/2024:
    28/02/2029)."""
    same = add_months(on, 12 * years)
    return same if same.day != on.day else same - timedelta(days=1)


def span(row) -> str:
    """ "từ 01/06/2026" or "từ 01/06/2026 đến 31/12/2026": a holding's or a seat's days."""
    until = f" đến {row.end:%d/%m/%Y}" if row.end else ""
    return f"từ {row.start:%d/%m/%Y}{until}"


def crowded(rows, on: date, seats: int) -> list:
    """The rows (holdings or seats, each `start`/`end`) together on the first day from `on`
    when `seats` of them are held at once, else []: a new one from `on` would be one too
    many."""
    for day in sorted({on} | {r.start for r in rows if r.start > on}):
        together = [r for r in rows if r.start <= day and (r.end is None or r.end >= day)]
        if len(together) >= seats:
            return together
    return []


def cadre_appoint(
    *,
    actor,
    cadre: Cadre,
    position: Position,
    on: date,
    kind: str = K.APPOINTMENT,
    decision=None,
    term_end: date | None = None,
    acting: bool = False,
    note: str = "",
) -> Holding:
    """`cadre` takes `position` from `on`, open ended: refused when the cadre already holds it
    then, when its seats are all held on any day from `on` (a holding ending the day before is
    no matter), or (a first appointment) when the cadre has less working time left than the
    rule asks."""
    if kind not in TAKING:
        raise ServiceError({"kind": [f"«{kind}» không phải bổ nhiệm, bổ nhiệm lại, đề bạt, bầu."]})
    check_write(actor, position.organization)
    years = rule_value("appointment_term_years", on)
    if term_end is None and kind != K.ELECTION:
        term_end = term_end_of(on, years)
    if term_end is not None and term_end < on:
        raise ServiceError({"term_end": ["Thời hạn giữ chức vụ kết thúc trước ngày bổ nhiệm."]})
    with action(actor=actor, name=f"cadre.{kind}", target=cadre) as act:
        locked = Position.objects.select_for_update().select_related("title").get(pk=position.pk)
        standing = (locked.established_on is None or locked.established_on <= on) and (
            locked.abolished_on is None or locked.abolished_on > on
        )
        if not standing:
            raise ServiceError({"on": [f"Chức vụ {locked.label} không có vào ngày {on:%d/%m/%Y}."]})
        # the new holding runs from `on`, open ended: every holding overlapping it counts
        later = list(
            locked.holdings.filter(Q(end__isnull=True) | Q(end__gte=on))
            .select_related("cadre")
            .order_by("start", "cadre__sort_key")
        )
        mine = next((h for h in later if h.cadre_id == cadre.pk), None)
        if mine is not None:
            raise ServiceError(
                {"position": [f"{cadre.full_name} giữ chức vụ {locked.label} {span(mine)}."]}
            )
        full = crowded(later, on, locked.seats)
        if full:
            names = ", ".join(h.cadre.full_name for h in full)
            spans = "; ".join(f"{h.cadre.full_name} {span(h)}" for h in full)
            raise ServiceError(
                {
                    "position": [
                        f"{locked.label} đã đủ {locked.seats} người vào ngày "
                        f"{max(on, full[-1].start):%d/%m/%Y} ({names}): cho thôi giữ chức vụ "
                        f"trước khi bổ nhiệm người khác ({spans})."
                    ]
                }
            )
        if kind in FIRST:
            need = rule_value("first_appointment_years_left", on)
            left = months_left(cadre.birth_date, cadre.gender, on)
            if left < need * 12:
                raise ServiceError(
                    {
                        "on": [
                            f"{cadre.full_name} còn {said(left)} công tác vào ngày "
                            f"{on:%d/%m/%Y}, dưới {need} năm mà bổ nhiệm lần đầu yêu cầu "
                            f"({DEFAULTS['first_appointment_years_left'][1]})."
                        ]
                    }
                )
        holding = Holding.objects.create(
            position=locked,
            cadre=act.row,
            start=on,
            term_end=term_end,
            acting=acting,
            decision=decision,
        )
        events.appointed(
            act.row,
            kind=kind,
            term_end=term_end,
            on=on,
            organization=locked.organization,
            position=locked,
            decision=decision,
            note=note,
            actor=actor,
        )
        act.after["holding"] = {"position": locked.pk, "start": on.isoformat()}
    return holding


def holding_end(
    *, actor, holding: Holding, on: date, kind: str = K.DISMISSAL, decision=None, reason: str = ""
) -> Holding:
    """The holder leaves the position on `on` (the last day held). A retirement ends, that
    day, every holding and committee seat of the cadre still running, in one transaction:
    one retirement event (a person retires once: the holdings ended say the rest, the audit
    lists them), refused when one of them lies outside the actor's scope (the committee
    above records it)."""
    if kind not in LEAVING:
        raise ServiceError({"kind": [f"«{kind}» không phải thôi giữ chức vụ hay nghỉ hưu."]})
    check_write(actor, holding.position.organization)
    with action(actor=actor, name=f"cadre.{kind}", target=holding.cadre) as act:
        row = Holding.objects.select_for_update().select_related("position").get(pk=holding.pk)
        if row.end is not None:
            raise ServiceError({"on": [f"Đã thôi giữ chức vụ từ ngày {row.end:%d/%m/%Y}."]})
        if on < row.start:
            raise ServiceError(
                {"on": [f"Ngày thôi {on:%d/%m/%Y} trước ngày bắt đầu {row.start:%d/%m/%Y}."]}
            )
        rows, seats = [row], []
        if kind == K.RETIREMENT:
            rows += list(
                _running(
                    act.row.holdings.exclude(pk=row.pk),
                    on,
                    "position__title",
                    "position__organization",
                )
            )
            seats = list(_running(act.row.seats.all(), on, "organization"))
            wheres = [h.position.organization for h in rows] + [s.organization for s in seats]
            if not all(in_scope(actor, where) for where in wheres):
                raise ServiceError(
                    {
                        "kind": [
                            "Cán bộ còn giữ chức vụ, cấp ủy ngoài phạm vi của tài khoản: việc "
                            "nghỉ hưu do cấp ủy cấp trên quản lý các chức vụ đó ghi."
                        ]
                    }
                )
        for ended in rows:
            ended.end = on
            ended.save(update_fields=["end"])
        events.left(
            act.row,
            kind=kind,
            reason=reason,
            on=on,
            organization=row.position.organization,
            position=row.position,
            decision=decision,
            actor=actor,
        )
        for seat in seats:
            seat.end, seat.end_decision = on, decision
            seat.save(update_fields=["end", "end_decision"])
        act.after["holding"] = {"position": row.position_id, "end": on.isoformat()}
        if kind == K.RETIREMENT:
            act.after["ended"] = {
                "holdings": [h.pk for h in rows],
                "seats": [seat.pk for seat in seats],
            }
    return row


def _running(rows, on: date, *related: str):
    """The rows (holdings or seats) started by `on` and not ended before it, locked: a
    retirement on `on` ends them. One starting later is refused: it must be undone first."""
    rows = (
        rows.select_for_update()
        .select_related(*related)
        .filter(Q(end__isnull=True) | Q(end__gt=on))
    )
    later = [r for r in rows if r.start > on]
    if later:
        r = later[0]
        what = (
            r.position.label
            if isinstance(r, Holding)
            else f"{r.get_role_display()} cấp ủy {r.organization.name}"
        )
        raise ServiceError(
            {
                "on": [
                    f"Không ghi nghỉ hưu ngày {on:%d/%m/%Y}: {what} {span(r)} bắt đầu sau ngày "
                    "nghỉ hưu, xóa hoặc sửa trước."
                ]
            }
        )
    return [r for r in rows if r.start <= on]


def member_appoint(*, actor, member, position: Position, on: date, kind: str = K.APPOINTMENT):
    """A member appointed (or elected) to `position`: their cadre record made if need be, in
    the appointment's transaction (a refusal leaves neither)."""
    with transaction.atomic():
        cadre = cadre_of_member(actor=actor, member=member)
        return cadre_appoint(actor=actor, cadre=cadre, position=position, on=on, kind=kind)


def body_create(
    *, actor, organization: Organization, name: str, kind: str, parent: Body | None = None
) -> Body:
    """A body the organization's committee manages (HĐND, UBND, a department of its Ban Tổ
    chức: `parent`, a body of the same organization), where its positions may sit."""
    check_write(actor, organization)
    name = clean(name)
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Nhập tên cơ quan, đơn vị."]
    elif len(name) > 255:
        errors["name"] = ["Tên cơ quan, đơn vị dài quá 255 ký tự."]
    elif name.casefold() in {
        n.casefold() for n in organization.bodies.values_list("name", flat=True)
    }:
        errors["name"] = [f"{organization.name} đã có cơ quan, đơn vị «{name}»."]
    if kind not in Body.Kind.values:
        kinds = ", ".join(f"«{k.value}» {k.label.lower()}" for k in Body.Kind)
        errors["kind"] = [f"«{kind}» không phải loại cơ quan, đơn vị: chọn {kinds}."]
    if parent is not None and parent.organization_id != organization.pk:
        errors["parent"] = [f"{parent.name} không do {organization.name} quản lý."]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        body = Body.objects.create(organization=organization, name=name, kind=kind, parent=parent)
        audit_record(
            actor=actor,
            action="body.create",
            target=body,
            after={"organization": organization.pk, "name": name, "kind": kind},
        )
    return body
