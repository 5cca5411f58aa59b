"""/api/v1/cadres: positions and who holds them (vacancies on a day), a cadre's record
(positions held, planning, timeline), appointments and their end, the moves (rotation with its
return, reassignment, secondment, concurrence) and their list of a period, the planning table
of a term with its warnings, the committee of an organization on a day, re-election by age, the
staff profile, the reappointments due, and the political-standard clearance cases and their
counts by purpose (only with the permission: without it, 404 on every one of them, not even
that a case exists). And the catalogues to choose from (an administrator edits them), and the
bodies a committee manages."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from ninja import Field, Query, Router, Schema, Status

from tochuc.cadres import selectors, services
from tochuc.cadres.models import (
    Body,
    Cadre,
    CadreEvent,
    ClearancePurpose,
    CommitteeSeat,
    Holding,
    ManagementLevel,
    Planning,
    PoliticalClearance,
    Position,
    PositionTitle,
)
from tochuc.cadres.services.clearance import clearance_right
from tochuc.core.audit import audit_read
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.scope import subtree_q
from tochuc.documents.selectors import document_get
from tochuc.members.models import Gender
from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS
from tochuc.members.selectors import candidate_get, member_get
from tochuc.orgs.models import Organization, Term
from tochuc.orgs.selectors import organization_get

router = Router(tags=["Cán bộ"])

KIND_HELP = (
    "`appointment` bổ nhiệm, `reappointment` bổ nhiệm lại, `promotion` đề bạt, `election` bầu."
)
LEAVING_HELP = "`dismissal` thôi giữ chức vụ, `retirement` nghỉ hưu."
ROLE_HELP = "`secretary` bí thư, `deputy` phó bí thư, `standing` ủy viên ban thường vụ, `member`."
RESULT_HELP = "`pending` đang thẩm định, `clear` đủ, `not_clear` không đủ tiêu chuẩn chính trị."
# The clearance operations answer 404 to a user without the permission, whatever they name.
SECRET = {
    "responses": {
        404: {
            "description": "Không tìm thấy, nằm ngoài phạm vi, hoặc tài khoản không có quyền "
            "xem hồ sơ kết luận tiêu chuẩn chính trị.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    }
}


# --- schemas ---------------------------------------------------------------------------------


class Named(Schema):
    id: int
    name: str


class TitleOut(Named):
    committee_role: str
    theory_level: str = Field(description="Trình độ lý luận chính trị chức danh yêu cầu.")
    education_level: str = Field(description="Trình độ chuyên môn chức danh yêu cầu.")


class TermOut(Named):
    start_year: int
    end_year: int
    starts_on: date


class HolderOut(Schema):
    holding_id: int
    cadre_id: int
    full_name: str
    start: date
    end: date | None
    term_end: date | None = Field(description="Hết thời hạn giữ chức vụ (đến hạn bổ nhiệm lại).")
    acting: bool


class PositionOut(Schema):
    id: int
    label: str = Field(description="«Bí thư — Đảng ủy xã Một».")
    organization_id: int
    organization_name: str
    body_id: int | None
    body_name: str
    title_id: int
    title_name: str
    management_level_id: int | None
    management_level_name: str
    seats: int
    established_on: date | None
    holders: list[HolderOut] = Field(description="Người giữ chức vụ vào ngày hỏi.")
    vacant: int = Field(description="Số chỗ còn trống vào ngày hỏi.")


class PositionPage(Schema):
    count: int = Field(description="Số chức vụ (theo bộ lọc).")
    vacant: int = Field(description="Trong đó số chức vụ còn chỗ trống vào ngày hỏi.")
    page: int
    pages: int
    results: list[PositionOut]


class PositionIn(Schema):
    organization_id: int
    title_id: int
    body_id: int | None = None
    management_level_id: int | None = None
    seats: int = 1
    established_on: date | None = Field(
        None, description="Ngày lập chức vụ (trống: đã có từ trước)."
    )


class PositionFilters(Schema):
    organization: int | None = Field(None, description="Chức vụ của tổ chức này và cấp dưới.")
    on: date | None = Field(None, description="Người giữ chức vụ vào ngày (mặc định hôm nay).")
    vacant: bool = Field(False, description="Chỉ các chức vụ còn chỗ trống.")
    page: int = 1
    page_size: int = Field(50, description="Số chức vụ một trang (tối đa 200).")


class HoldingOut(Schema):
    id: int
    position_id: int
    position_label: str
    start: date
    end: date | None
    term_end: date | None
    acting: bool
    decision_id: int | None


class PlanOut(Schema):
    id: int
    position_id: int
    position_label: str
    term_id: int
    term_name: str
    added_on: date
    removed_on: date | None
    removal_reason: str
    decision_id: int | None
    removal_decision_id: int | None = Field(description="Quyết định đưa ra khỏi quy hoạch.")


class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    effective_date: date
    position_id: int | None
    organization_id: int
    decision_id: int | None
    details: dict
    note: str


class ClearanceOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    purpose_id: int
    purpose_name: str
    cadre_id: int | None
    member_id: int | None
    candidate_id: int | None
    full_name: str
    birth_date: date | None
    requested_on: date
    concluded_on: date | None
    result: str = Field(description=RESULT_HELP)
    result_label: str
    conclusion: str
    decision_id: int | None


class CadreOut(Schema):
    id: int
    member_id: int | None = Field(description="null: cán bộ ngoài danh sách đảng viên.")
    organization_id: int = Field(description="Nơi quản lý hồ sơ.")
    organization_name: str
    full_name: str
    birth_date: date
    gender: str
    education_level: str
    theory_level: str
    management_level_id: int | None
    management_level_name: str
    holdings: list[HoldingOut] = Field(description="Các chức vụ đã và đang giữ.")
    plans: list[PlanOut] = Field(description="Quy hoạch (cả đã đưa ra, với lý do).")
    timeline: list[EventOut] = Field(description="Bổ nhiệm, luân chuyển ..., mới nhất trước.")
    clearances: list[ClearanceOut] = Field(
        description="Hồ sơ kết luận tiêu chuẩn chính trị: chỉ tài khoản có quyền mới thấy (danh "
        "sách rỗng với người khác), mỗi lần đọc được ghi nhật ký."
    )


class CadreIn(Schema):
    organization_id: int = Field(description="Cấp ủy quản lý người này.")
    full_name: str
    birth_date: date | None = None
    gender: str = Field(description="`male` nam, `female` nữ.")
    education_level: str = ""
    theory_level: str = ""


class FromMemberIn(Schema):
    member_id: int


class AppointIn(Schema):
    position_id: int
    on: date
    kind: str = Field("appointment", description=KIND_HELP)
    decision_id: int | None = Field(None, description="Quyết định (văn bản trong sổ).")
    term_end: date | None = Field(None, description="Mặc định: sau thời hạn bổ nhiệm (5 năm).")
    acting: bool = False
    note: str = ""


class HoldingEndIn(Schema):
    on: date = Field(description="Ngày cuối giữ chức vụ.")
    kind: str = Field("dismissal", description=LEAVING_HELP)
    decision_id: int | None = None
    reason: str = ""


class PlannedOut(Schema):
    planning_id: int
    cadre_id: int
    full_name: str
    birth_date: date
    age_at_start: int = Field(description="Tuổi vào ngày bắt đầu nhiệm kỳ.")
    education_level: str
    theory_level: str
    warnings: list[str]


class PlanningRowOut(Schema):
    position_id: int
    position_label: str
    holders: list[Named] = Field(description="Người đang giữ chức vụ.")
    planned: list[PlannedOut]
    warnings: list[str] = Field(description="Số người quy hoạch so với quy định.")


class PlanningFilters(Schema):
    organization: int = Field(description="Chức vụ của tổ chức này.")
    term: int = Field(description="Id nhiệm kỳ quy hoạch.")
    all: bool = Field(False, description="Cả chức vụ của các tổ chức cấp dưới.")
    on: date | None = Field(None, description="Người giữ chức vụ vào ngày (mặc định hôm nay).")


class PlanningIn(Schema):
    cadre_id: int
    position_id: int
    term_id: int
    on: date
    decision_id: int | None = None


class PlanningRemoveIn(Schema):
    on: date
    reason: str
    decision_id: int | None = None


class ReviewIn(Schema):
    year: int
    kept: bool = True
    note: str = Field("", description="Bắt buộc khi không tiếp tục quy hoạch: lý do.")
    decision_id: int | None = None


class ReviewOut(Schema):
    id: int
    planning_id: int
    year: int
    kept: bool
    note: str


class SeatOut(Schema):
    id: int
    organization_id: int
    term_id: int
    term_name: str
    cadre_id: int
    full_name: str
    role: str = Field(description=ROLE_HELP)
    role_label: str
    start: date
    end: date | None
    decision_id: int | None
    end_decision_id: int | None = Field(description="Quyết định cho thôi tham gia cấp ủy.")


class SeatFilters(Schema):
    organization: int
    on: date | None = Field(None, description="Ai ngồi trong cấp ủy ngày này (mặc định hôm nay).")


class SeatIn(Schema):
    organization_id: int
    term_id: int
    cadre_id: int
    role: str = Field(description=ROLE_HELP)
    on: date
    decision_id: int | None = None


class SeatEndIn(Schema):
    on: date
    decision_id: int | None = None


class ClearanceIn(Schema):
    organization_id: int = Field(description="Cấp ủy kết luận.")
    purpose_id: int
    requested_on: date
    cadre_id: int | None = None
    member_id: int | None = None
    candidate_id: int | None = None
    full_name: str = Field("", description="Người chưa có trong hệ thống: họ và tên.")
    birth_date: date | None = None


class ConcludeIn(Schema):
    result: str = Field(description="`clear` đủ, `not_clear` không đủ tiêu chuẩn chính trị.")
    concluded_on: date
    conclusion: str = ""
    decision_id: int | None = None


class CountFilters(Schema):
    start: date = Field(description="Kết luận từ ngày.")
    end: date = Field(description="Kết luận đến ngày.")
    organization: int | None = Field(None, description="Cấp ủy này và cấp dưới.")


class PurposeCount(Named):
    count: int


class CountsOut(Schema):
    total: int
    purposes: list[PurposeCount] = Field(description="Mọi mục đích của danh mục, cả số 0.")
    sentence: str = Field(description="«Kết luận tiêu chuẩn chính trị 278 trường hợp. ...».")


# --- lookups, each in the actor's subtree ------------------------------------------------------


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def _position(actor, pk) -> Position:
    return _get(
        Position.objects.filter(subtree_q(actor, field="organization__path")).select_related(
            "title", "organization", "body", "management_level"
        ),
        pk,
    )


def _holding(actor, pk) -> Holding:
    return _get(
        Holding.objects.filter(
            subtree_q(actor, field="position__organization__path")
        ).select_related("position__organization", "position__title", "position__body", "cadre"),
        pk,
    )


def _decision(actor, pk):
    return document_get(actor, pk) if pk is not None else None


def _org(actor, pk) -> Organization | None:
    return organization_get(actor=actor, pk=pk) if pk is not None else None


def _term(pk) -> Term:
    return _get(Term.objects.all(), pk)


# --- answers -------------------------------------------------------------------------------------


def _holder(h: Holding) -> dict:
    return {
        "holding_id": h.pk,
        "cadre_id": h.cadre_id,
        "full_name": h.cadre.full_name,
        "start": h.start,
        "end": h.end,
        "term_end": h.term_end,
        "acting": h.acting,
    }


def _position_out(p: Position, holders: list[Holding]) -> dict:
    return {
        "id": p.pk,
        "label": p.label,
        "organization_id": p.organization_id,
        "organization_name": p.organization.name,
        "body_id": p.body_id,
        "body_name": p.body.name if p.body_id else "",
        "title_id": p.title_id,
        "title_name": p.title.name,
        "management_level_id": p.management_level_id,
        "management_level_name": p.management_level.name if p.management_level_id else "",
        "seats": p.seats,
        "established_on": p.established_on,
        "holders": [_holder(h) for h in holders],
        "vacant": max(p.seats - len(holders), 0),
    }


def _holding_out(h: Holding) -> dict:
    return {
        "id": h.pk,
        "position_id": h.position_id,
        "position_label": h.position.label,
        "start": h.start,
        "end": h.end,
        "term_end": h.term_end,
        "acting": h.acting,
        "decision_id": h.decision_id,
    }


def _cadre_out(actor, cadre: Cadre) -> dict:
    """The record as far as the actor sees: positions, plans and moves recorded outside the
    actor's subtree are left out."""
    cadre = _get(
        Cadre.objects.filter(subtree_q(actor, field="organization__path")).select_related(
            "organization", "management_level"
        ),
        cadre.pk,
    )
    record = selectors.cadre_record(actor, cadre)
    return {
        "id": cadre.pk,
        "member_id": cadre.member_id,
        "organization_id": cadre.organization_id,
        "organization_name": cadre.organization.name,
        "full_name": cadre.full_name,
        "birth_date": cadre.birth_date,
        "gender": cadre.gender,
        "education_level": cadre.education_level,
        "theory_level": cadre.theory_level,
        "management_level_id": cadre.management_level_id,
        "management_level_name": cadre.management_level.name if cadre.management_level_id else "",
        "holdings": [_holding_out(h) for h in record.holdings],
        "plans": [_plan_out(p) for p in record.plans],
        "clearances": _cadre_clearances(actor, cadre),
        "timeline": [_event_out(e) for e in record.events],
    }


def _cadre_clearances(actor, cadre: Cadre) -> list[dict]:
    """The cadre's clearance cases in the actor's subtree, for a user with the right only;
    each one read is audited."""
    if not services.may_see_clearance(actor):
        return []
    cases = list(
        cadre.clearances.filter(subtree_q(actor, field="organization__path")).select_related(
            "purpose", "organization"
        )
    )
    for case in cases:
        audit_read(actor=actor, action="clearance.view", target=case, details={"via": "cadre"})
    return [_clearance_out(c) for c in cases]


def _seat_out(s: CommitteeSeat) -> dict:
    return {
        "id": s.pk,
        "organization_id": s.organization_id,
        "term_id": s.term_id,
        "term_name": s.term.name,
        "cadre_id": s.cadre_id,
        "full_name": s.cadre.full_name,
        "role": s.role,
        "role_label": s.get_role_display(),
        "start": s.start,
        "end": s.end,
        "decision_id": s.decision_id,
        "end_decision_id": s.end_decision_id,
    }


def _clearance_out(c: PoliticalClearance) -> dict:
    return {
        "id": c.pk,
        "organization_id": c.organization_id,
        "organization_name": c.organization.name,
        "purpose_id": c.purpose_id,
        "purpose_name": c.purpose.name,
        "cadre_id": c.cadre_id,
        "member_id": c.member_id,
        "candidate_id": c.candidate_id,
        "full_name": c.full_name,
        "birth_date": c.birth_date,
        "requested_on": c.requested_on,
        "concluded_on": c.concluded_on,
        "result": c.result,
        "result_label": c.get_result_display(),
        "conclusion": c.conclusion,
        "decision_id": c.decision_id,
    }


# --- catalogues ----------------------------------------------------------------------------------


@router.get("/titles", response=list[TitleOut], summary="Danh mục chức danh")
def title_list(request):
    return list(PositionTitle.objects.order_by("order", "name"))


@router.get("/management-levels", response=list[Named], summary="Danh mục diện quản lý")
def management_level_list(request):
    return list(ManagementLevel.objects.order_by("order", "name"))


@router.get("/terms", response=list[TermOut], summary="Các nhiệm kỳ")
def term_list(request):
    return list(Term.objects.order_by("starts_on"))


# --- positions -----------------------------------------------------------------------------------


@router.get("/positions", response=PositionPage, summary="Chức vụ, người giữ và chỗ trống")
def position_list(request, filters: Query[PositionFilters]):
    """The positions of the subtree standing on `on`, in the tree's order, a page at a time as
    the page /cadres/positions/ lists them: each with its holders on `on` and how many seats
    are free that day; `vacant=true` those short of holders."""
    actor = request.auth
    on = filters.on or date.today()
    organization = _org(actor, filters.organization)
    found, _, vacant = selectors.position_page(
        actor,
        organization,
        on,
        vacant=filters.vacant,
        page=filters.page,
        size=min(max(filters.page_size, 1), 200),
    )
    held = Holding.objects.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)
    positions = list(found)
    prefetch_related_objects(
        positions,
        Prefetch(
            "holdings",
            queryset=held.select_related("cadre").order_by("start", "id"),
            to_attr="holders_on",
        ),
    )
    return {
        "count": found.paginator.count,
        "vacant": vacant,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": [_position_out(p, p.holders_on) for p in positions],
    }


@router.post("/positions", response={201: PositionOut}, summary="Thêm một chức vụ")
def position_create(request, payload: PositionIn):
    actor = request.auth
    organization = organization_get(actor=actor, pk=payload.organization_id)
    title = _get(PositionTitle.objects.all(), payload.title_id)
    body = (
        _get(Body.objects.filter(organization=organization), payload.body_id)
        if payload.body_id is not None
        else None
    )
    level = (
        _get(ManagementLevel.objects.all(), payload.management_level_id)
        if payload.management_level_id is not None
        else None
    )
    position = services.position_create(
        actor=actor,
        organization=organization,
        title=title,
        body=body,
        management_level=level,
        seats=payload.seats,
        established_on=payload.established_on,
    )
    return Status(201, _position_out(_position(actor, position.pk), []))


# --- planning ------------------------------------------------------------------------------------


@router.get("/planning", response=list[PlanningRowOut], summary="Bảng quy hoạch của một nhiệm kỳ")
def planning_table(request, filters: Query[PlanningFilters]):
    """Per position of the organization's subtree: its holders, the people planned for the
    term with their age at its start, and each one's warnings (the rule and its source)."""
    actor = request.auth
    organization = organization_get(actor=actor, pk=filters.organization)
    term = _term(filters.term)
    rows = selectors.planning_table(
        selectors.positions_of(actor, organization, filters.on, own=not filters.all),
        term,
        filters.on or date.today(),
    )
    return [
        {
            "position_id": row.position.pk,
            "position_label": row.position.label,
            "holders": [{"id": c.pk, "name": c.full_name} for c in row.holders],
            "planned": [
                {
                    "planning_id": p.plan.pk,
                    "cadre_id": p.plan.cadre_id,
                    "full_name": p.plan.cadre.full_name,
                    "birth_date": p.plan.cadre.birth_date,
                    "age_at_start": p.age_at_start,
                    "education_level": p.plan.cadre.education_level,
                    "theory_level": p.plan.cadre.theory_level,
                    "warnings": p.warnings,
                }
                for p in row.planned
            ],
            "warnings": row.warnings,
        }
        for row in rows
    ]


@router.post("/planning", response={201: PlanOut}, summary="Đưa một cán bộ vào quy hoạch")
def planning_add(request, payload: PlanningIn):
    actor = request.auth
    cadre = selectors.cadre_get(actor, payload.cadre_id)
    position = _position(actor, payload.position_id)
    term = _term(payload.term_id)
    decision = _decision(actor, payload.decision_id)
    plan = services.planning_add(
        actor=actor, cadre=cadre, position=position, term=term, on=payload.on, decision=decision
    )
    return Status(201, _plan_out(selectors.planning_get(actor, plan.pk)))


def _plan_out(p: Planning) -> dict:
    return {
        "id": p.pk,
        "position_id": p.position_id,
        "position_label": p.position.label,
        "term_id": p.term_id,
        "term_name": p.term.name,
        "added_on": p.added_on,
        "removed_on": p.removed_on,
        "removal_reason": p.removal_reason,
        "decision_id": p.decision_id,
        "removal_decision_id": p.removal_decision_id,
    }


@router.post(
    "/planning/{planning_id}/remove", response=PlanOut, summary="Đưa ra khỏi quy hoạch, có lý do"
)
def planning_remove(request, planning_id: int, payload: PlanningRemoveIn):
    actor = request.auth
    plan = selectors.planning_get(actor, planning_id)
    decision = _decision(actor, payload.decision_id)
    services.planning_remove(
        actor=actor, planning=plan, on=payload.on, reason=payload.reason, decision=decision
    )
    return _plan_out(selectors.planning_get(actor, planning_id))


@router.post(
    "/planning/{planning_id}/reviews",
    response={201: ReviewOut},
    summary="Rà soát quy hoạch hằng năm",
)
def planning_review(request, planning_id: int, payload: ReviewIn):
    actor = request.auth
    plan = selectors.planning_get(actor, planning_id)
    decision = _decision(actor, payload.decision_id)
    review = services.planning_review(
        actor=actor,
        planning=plan,
        year=payload.year,
        kept=payload.kept,
        note=payload.note,
        decision=decision,
    )
    return Status(
        201,
        {
            "id": review.pk,
            "planning_id": plan.pk,
            "year": review.year,
            "kept": review.kept,
            "note": review.note,
        },
    )


# --- committees ----------------------------------------------------------------------------------


@router.get("/committees", response=list[SeatOut], summary="Cấp ủy của một tổ chức vào một ngày")
def seat_list(request, filters: Query[SeatFilters]):
    actor = request.auth
    organization = organization_get(actor=actor, pk=filters.organization)
    seats = services.seats_on(organization, filters.on or date.today()).select_related(
        "cadre", "term"
    )
    rank = {role: i for i, role in enumerate(CommitteeSeat.Role.values)}  # bí thư first
    ordered = sorted(seats.order_by("start", "id"), key=lambda s: rank.get(s.role, len(rank)))
    return [_seat_out(s) for s in ordered]


@router.post("/committees/seats", response={201: SeatOut}, summary="Thêm một người vào cấp ủy")
def seat_add(request, payload: SeatIn):
    actor = request.auth
    organization = organization_get(actor=actor, pk=payload.organization_id)
    cadre = selectors.cadre_get(actor, payload.cadre_id)
    term = _term(payload.term_id)
    decision = _decision(actor, payload.decision_id)
    seat = services.seat_add(
        actor=actor,
        organization=organization,
        term=term,
        cadre=cadre,
        role=payload.role,
        on=payload.on,
        decision=decision,
    )
    return Status(201, _seat_out(selectors.seat_get(actor, seat.pk)))


@router.post(
    "/committees/seats/{seat_id}/end", response=SeatOut, summary="Một người thôi tham gia cấp ủy"
)
def seat_end(request, seat_id: int, payload: SeatEndIn):
    actor = request.auth
    seat = selectors.seat_get(actor, seat_id)
    decision = _decision(actor, payload.decision_id)
    services.seat_end(actor=actor, seat=seat, on=payload.on, decision=decision)
    return _seat_out(selectors.seat_get(actor, seat_id))


# --- political-standard clearance (only with the permission) -----------------------------------


@router.get(
    "/clearance/purposes",
    response=list[Named],
    summary="Danh mục mục đích thẩm định tiêu chuẩn chính trị",
    openapi_extra=SECRET,
)
def purpose_list(request):
    clearance_right(request.auth)
    return list(ClearancePurpose.objects.order_by("order", "name"))


@router.get(
    "/clearance/counts",
    response=CountsOut,
    summary="Số hồ sơ kết luận tiêu chuẩn chính trị theo mục đích",
    openapi_extra=SECRET,
)
def clearance_counts(request, filters: Query[CountFilters]):
    """The cases concluded in the period in the subtree, by purpose, and seed 001's sentence
    written from them. The count is audited."""
    actor = request.auth
    clearance_right(actor)
    organization = _org(actor, filters.organization)
    counts = selectors.clearance_counts(actor, filters.start, filters.end, organization)
    return {
        "total": sum(n for _, n in counts),
        "purposes": [{"id": p.pk, "name": p.name, "count": n} for p, n in counts],
        "sentence": selectors.clearance_sentence(counts),
    }


@router.post(
    "/clearance",
    response={201: ClearanceOut},
    summary="Mở hồ sơ kết luận tiêu chuẩn chính trị",
    openapi_extra=SECRET,
)
def clearance_open(request, payload: ClearanceIn):
    actor = request.auth
    clearance_right(actor)
    organization = organization_get(actor=actor, pk=payload.organization_id)
    purpose = _get(ClearancePurpose.objects.all(), payload.purpose_id)
    cadre = selectors.cadre_get(actor, payload.cadre_id) if payload.cadre_id else None
    member = member_get(actor=actor, pk=payload.member_id) if payload.member_id else None
    candidate = (
        candidate_get(actor=actor, pk=payload.candidate_id) if payload.candidate_id else None
    )
    case = services.clearance_open(
        actor=actor,
        organization=organization,
        purpose=purpose,
        requested_on=payload.requested_on,
        cadre=cadre,
        member=member,
        candidate=candidate,
        full_name=payload.full_name,
        birth_date=payload.birth_date,
    )
    return Status(201, _clearance_out(case))


@router.get(
    "/clearance/{case_id}",
    response=ClearanceOut,
    summary="Một hồ sơ kết luận tiêu chuẩn chính trị",
    openapi_extra=SECRET,
)
def clearance_detail(request, case_id: int):
    return _clearance_out(selectors.clearance_get(request.auth, case_id))


@router.post(
    "/clearance/{case_id}/conclude",
    response=ClearanceOut,
    summary="Kết luận tiêu chuẩn chính trị",
    openapi_extra=SECRET,
)
def clearance_conclude(request, case_id: int, payload: ConcludeIn):
    actor = request.auth
    clearance_right(actor)
    case = _get(
        PoliticalClearance.objects.filter(subtree_q(actor, field="organization__path")), case_id
    )
    decision = _decision(actor, payload.decision_id)
    case = services.clearance_conclude(
        actor=actor,
        case=case,
        result=payload.result,
        concluded_on=payload.concluded_on,
        conclusion=payload.conclusion,
        decision=decision,
    )
    case = PoliticalClearance.objects.select_related("purpose", "organization").get(pk=case.pk)
    return _clearance_out(case)


# --- holdings --------------------------------------------------------------------------------


@router.post(
    "/holdings/{holding_id}/end", response=HoldingOut, summary="Thôi giữ chức vụ, nghỉ hưu"
)
def holding_end(request, holding_id: int, payload: HoldingEndIn):
    actor = request.auth
    holding = _holding(actor, holding_id)
    decision = _decision(actor, payload.decision_id)
    services.holding_end(
        actor=actor,
        holding=holding,
        on=payload.on,
        kind=payload.kind,
        decision=decision,
        reason=payload.reason,
    )
    return _holding_out(_holding(actor, holding_id))


# --- moves: rotation, reassignment, secondment, return, concurrence (issue #19) -------------

MOVE_HELP = "`rotation` luân chuyển, `reassignment` điều động, `secondment` biệt phái."
EVENT_KINDS_HELP = (
    "Các loại, cách nhau bằng dấu phẩy: "
    + ", ".join(f"`{k.value}` {k.label.lower()}" for k in CadreEvent.Kind)
    + ". Trống: mọi loại."
)


class MoveOut(Schema):
    id: int
    cadre_id: int
    full_name: str
    kind: str
    kind_label: str
    effective_date: date
    position_id: int | None
    position_title: str = Field(description="Chức danh (bổ nhiệm, thôi giữ chức vụ ...).")
    organization_id: int = Field(description="Nơi ghi (tổ chức của chức vụ, cấp ủy quyết định).")
    organization_name: str
    other_organization_id: int | None = Field(description="Nơi đến, hoặc cấp ủy hiệp y.")
    other_organization_name: str
    decision_id: int | None
    decision_symbol: str
    details: dict
    note: str


class MovePage(Schema):
    count: int
    page: int
    pages: int
    results: list[MoveOut]


class MoveFilters(Schema):
    kind: str = Field("", description=EVENT_KINDS_HELP)
    start: date | None = Field(None, alias="from", description="Từ ngày hiệu lực.")
    end: date | None = Field(None, alias="to", description="Đến ngày hiệu lực.")
    organization: int | None = Field(None, description="Ghi ở tổ chức này và cấp dưới.")
    page: int = 1
    page_size: int = 50


class MoveIn(Schema):
    kind: str = Field(description=MOVE_HELP)
    to_id: int = Field(description="Tổ chức đến (trong phạm vi của người dùng).")
    on: date = Field(description="Ngày hiệu lực.")
    planned_return: date | None = Field(
        None, description="Thời gian dự kiến trở về: bắt buộc khi luân chuyển."
    )
    decision_id: int | None = Field(None, description="Quyết định (văn bản trong sổ).")
    note: str = ""


class ReturnIn(Schema):
    on: date = Field(description="Ngày trở về cấp ủy quản lý.")
    decision_id: int | None = None


class ConcurrenceIn(Schema):
    other_id: int = Field(description="Cấp ủy được đề nghị hiệp y, hoặc đã đề nghị (khi given).")
    on: date
    given: bool = Field(False, description="false: đề nghị hiệp y; true: cho ý kiến hiệp y.")
    organization_id: int | None = Field(
        None, description="Cấp ủy ghi việc hiệp y (mặc định: nơi quản lý cán bộ)."
    )
    decision_id: int | None = None
    note: str = ""


def _event_out(e: CadreEvent) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "effective_date": e.effective_date,
        "position_id": e.position_id,
        "organization_id": e.organization_id,
        "decision_id": e.decision_id,
        "details": e.details,
        "note": e.note,
    }


def _move_out(e: CadreEvent) -> dict:
    return {
        **_event_out(e),
        "cadre_id": e.cadre_id,
        "full_name": e.cadre.full_name,
        "position_title": e.position.title.name if e.position_id else "",
        "organization_name": e.organization.name,
        "other_organization_id": e.other_organization_id,
        "other_organization_name": e.other_organization.name if e.other_organization_id else "",
        "decision_symbol": e.decision.symbol if e.decision_id else "",
    }


def _kinds(text: str) -> list[str]:
    kinds = [k.strip() for k in text.split(",") if k.strip()]
    wrong = [k for k in kinds if k not in CadreEvent.Kind.values]
    if wrong:
        raise ServiceError(
            {
                "kind": [
                    f"«{', '.join(wrong)}» không phải loại sự kiện: chọn trong "
                    f"{', '.join(CadreEvent.Kind.values)}."
                ]
            }
        )
    return kinds


@router.get(
    "/moves",
    response=MovePage,
    summary="Bổ nhiệm, điều động, luân chuyển ... trong một thời gian",
)
def move_list(request, filters: Query[MoveFilters]):
    """The moves recorded in the subtree, the latest first, as the page /cadres/moves/ lists
    them: `kind=appointment,promotion&from=&to=` are the appointments of a period."""
    actor = request.auth
    kinds = _kinds(filters.kind)
    if filters.start and filters.end and filters.end < filters.start:
        raise ServiceError({"to": ["Ngày «đến» trước ngày «từ»."]})
    organization = _org(actor, filters.organization)
    events = selectors.moves(
        actor, kinds=kinds, start=filters.start, end=filters.end, organization=organization
    )
    found = Paginator(events, min(max(filters.page_size, 1), 200)).get_page(filters.page)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": [_move_out(e) for e in found.object_list],
    }


def _recorded(event: CadreEvent) -> dict:
    return _move_out(
        CadreEvent.objects.select_related(
            "cadre", "position__title", "organization", "other_organization", "decision"
        ).get(pk=event.pk)
    )


@router.post(
    "/{cadre_id}/moves",
    response={201: MoveOut},
    summary="Luân chuyển, điều động, biệt phái một cán bộ",
)
def cadre_move(request, cadre_id: int, payload: MoveIn):
    """To an organization of the actor's subtree, from `on`; a rotation states its planned
    return. Recorded by the committee that manages the cadre."""
    actor = request.auth
    cadre = selectors.cadre_get(actor, cadre_id)
    to = organization_get(actor=actor, pk=payload.to_id)
    decision = _decision(actor, payload.decision_id)
    event = services.cadre_move(
        actor=actor,
        cadre=cadre,
        kind=payload.kind,
        to=to,
        on=payload.on,
        planned_return=payload.planned_return,
        decision=decision,
        note=payload.note,
    )
    return Status(201, _recorded(event))


@router.post("/{cadre_id}/return", response={201: MoveOut}, summary="Kết thúc luân chuyển, trở về")
def cadre_return(request, cadre_id: int, payload: ReturnIn):
    actor = request.auth
    cadre = selectors.cadre_get(actor, cadre_id)
    decision = _decision(actor, payload.decision_id)
    event = services.cadre_return(actor=actor, cadre=cadre, on=payload.on, decision=decision)
    return Status(201, _recorded(event))


@router.post(
    "/{cadre_id}/concurrence", response={201: MoveOut}, summary="Đề nghị hiệp y, cho ý kiến hiệp y"
)
def cadre_concurrence(request, cadre_id: int, payload: ConcurrenceIn):
    actor = request.auth
    cadre = selectors.cadre_get(actor, cadre_id)
    other = organization_get(actor=actor, pk=payload.other_id)
    organization = _org(actor, payload.organization_id)
    decision = _decision(actor, payload.decision_id)
    event = services.cadre_concurrence(
        actor=actor,
        cadre=cadre,
        other=other,
        on=payload.on,
        given=payload.given,
        organization=organization,
        decision=decision,
        note=payload.note,
    )
    return Status(201, _recorded(event))


# --- re-election, staff profile, reappointments due ---------------------------------------


class IneligibleOut(Schema):
    seat_id: int
    cadre_id: int
    full_name: str
    birth_date: date
    gender: str
    organization_id: int
    organization_name: str
    role: str = Field(description=ROLE_HELP)
    role_label: str
    months_left: int = Field(description="Số tháng công tác còn lại khi bắt đầu nhiệm kỳ mới.")
    need_months: int = Field(
        description="Số tháng quy định yêu cầu, theo quy định có hiệu lực ngày đại hội `congress`."
    )
    reason: str = Field(description="«còn 4 năm 7 tháng công tác ..., dưới 5 năm (nguồn)».")


class ReelectionOut(Schema):
    term_id: int
    term_name: str
    congress: date = Field(description="Ngày bắt đầu nhiệm kỳ mới (đại hội) dùng để tính tuổi.")
    count: int
    sentence: str = Field(description="«36 cán bộ không đủ điều kiện tái cử (tuổi) ...».")
    people: list[IneligibleOut]


class ReelectionFilters(Schema):
    organization: int = Field(description="Cấp ủy của tổ chức này và cấp dưới.")
    term: int = Field(description="Id nhiệm kỳ đang kết thúc.")
    congress: date | None = Field(
        None,
        description="Ngày đại hội nhiệm kỳ mới (mặc định: ngày bắt đầu nhiệm kỳ sau, chưa có thì "
        "ngày sau ngày kết thúc nhiệm kỳ).",
    )


class CountOut(Schema):
    code: str
    label: str
    count: int


class ProfileOut(Schema):
    organization_id: int
    organization_name: str
    on: date
    total: int = Field(description="Số cán bộ do tổ chức và cấp dưới quản lý.")
    by_education: list[CountOut] = Field(description="Theo trình độ chuyên môn, cả số 0.")
    by_theory: list[CountOut] = Field(description="Theo trình độ lý luận chính trị, cả số 0.")
    studying: list[CountOut] = Field(
        description="Đang học (lớp đang mở vào ngày `on`) theo trình độ lý luận chính trị."
    )
    by_gender: list[CountOut]
    by_age_band: list[CountOut] = Field(description="Theo nhóm tuổi vào ngày `on`.")


class ProfileFilters(Schema):
    organization: int
    on: date | None = Field(None, description="Tuổi tính đến ngày (mặc định hôm nay).")


class DueOut(HolderOut):
    position_id: int
    position_label: str


class DueFilters(Schema):
    organization: int | None = Field(None, description="Chức vụ của tổ chức này và cấp dưới.")
    on: date | None = Field(
        None, description="Tính từ ngày (mặc định hôm nay): hết hạn trong thời gian báo trước."
    )


@router.get(
    "/reelection", response=ReelectionOut, summary="Cán bộ không đủ điều kiện tái cử (tuổi)"
)
def reelection(request, filters: Query[ReelectionFilters]):
    """The committee members of `term` sitting at its end who have less working time left at
    the new term's start than the rule asks, by organization then official order."""
    actor = request.auth
    organization = organization_get(actor=actor, pk=filters.organization)
    term = _term(filters.term)
    congress = filters.congress or selectors.congress_day(term)
    found = selectors.reelection_ineligible(actor, term, congress, organization)
    return {
        "term_id": term.pk,
        "term_name": term.name,
        "congress": congress,
        "count": len(found),
        "sentence": f"{len(found)} cán bộ không đủ điều kiện tái cử (tuổi), nhiệm kỳ {term.name}.",
        "people": [
            {
                "seat_id": i.seat.pk,
                "cadre_id": i.seat.cadre_id,
                "full_name": i.seat.cadre.full_name,
                "birth_date": i.seat.cadre.birth_date,
                "gender": i.seat.cadre.gender,
                "organization_id": i.seat.organization_id,
                "organization_name": i.seat.organization.name,
                "role": i.seat.role,
                "role_label": i.seat.get_role_display(),
                "months_left": i.months,
                "need_months": i.need,
                "reason": i.reason,
            }
            for i in found
        ],
    }


def _counts(counter, choices) -> list[dict]:
    return [
        {"code": code, "label": label, "count": counter.get(code, 0)} for code, label in choices
    ]


@router.get("/profile", response=ProfileOut, summary="Đội ngũ cán bộ theo trình độ, giới, tuổi")
def profile(request, filters: Query[ProfileFilters]):
    actor = request.auth
    organization = organization_get(actor=actor, pk=filters.organization)
    on = filters.on or date.today()
    p = selectors.staff_profile(actor, organization, on)
    return {
        "organization_id": organization.pk,
        "organization_name": organization.name,
        "on": on,
        "total": p.total,
        "by_education": _counts(p.by_education, EDUCATION_LEVELS),
        "by_theory": _counts(p.by_theory, THEORY_LEVELS),
        "studying": _counts(p.studying, THEORY_LEVELS[1:]),
        "by_gender": _counts(p.by_gender, Gender.choices),
        "by_age_band": [{"code": k, "label": k, "count": n} for k, n in p.by_age_band.items()],
    }


@router.get("/reappointments", response=list[DueOut], summary="Đến hạn xem xét bổ nhiệm lại")
def reappointments(request, filters: Query[DueFilters]):
    """The holdings still held whose term of office ends within the rule's notice (6 months)
    of `on`, the nearest first."""
    actor = request.auth
    organization = _org(actor, filters.organization)
    due = selectors.reappointments_due(actor, filters.on or date.today(), organization)
    return [
        {**_holder(h), "position_id": h.position_id, "position_label": h.position.label}
        for h in due
    ]


# --- catalogue edits (administrators only) and bodies -----------------------------------------

CATALOGUE_RULE = (
    "Danh mục dùng chung cho mọi tổ chức: chỉ quản trị viên được thêm, sửa (403 với người khác)."
)


class TitleIn(Schema):
    name: str
    committee_role: str = Field("", description="Trống, hoặc " + ROLE_HELP)
    theory_level: str = ""
    education_level: str = ""
    order: int = 0


class TitlePatch(Schema):
    name: str | None = None
    committee_role: str | None = None
    theory_level: str | None = None
    education_level: str | None = None
    order: int | None = None


class NamedIn(Schema):
    name: str
    order: int = 0


class NamedPatch(Schema):
    name: str | None = None
    order: int | None = None


class OrderedOut(Named):
    order: int


class BodyOut(Named):
    kind: str
    kind_label: str
    organization_id: int
    organization_name: str
    parent_id: int | None


class BodyIn(Schema):
    organization_id: int = Field(description="Cấp ủy quản lý cơ quan, đơn vị.")
    name: str
    kind: str = Field(description=", ".join(f"`{k.value}` {k.label.lower()}" for k in Body.Kind))
    parent_id: int | None = Field(None, description="Thuộc cơ quan (cùng cấp ủy quản lý).")


class BodyFilters(Schema):
    organization: int | None = Field(None, description="Của tổ chức này và cấp dưới.")


def _changes(payload) -> dict:
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}


@router.post(
    "/titles", response={201: TitleOut}, summary="Thêm chức danh", description=CATALOGUE_RULE
)
def title_create(request, payload: TitleIn):
    return Status(
        201, services.catalogue_add(actor=request.auth, model=PositionTitle, **payload.dict())
    )


@router.patch(
    "/titles/{title_id}", response=TitleOut, summary="Sửa chức danh", description=CATALOGUE_RULE
)
def title_update(request, title_id: int, payload: TitlePatch):
    row = _get(PositionTitle.objects.all(), title_id)
    return services.catalogue_update(actor=request.auth, row=row, **_changes(payload))


@router.post(
    "/management-levels",
    response={201: OrderedOut},
    summary="Thêm diện quản lý",
    description=CATALOGUE_RULE,
)
def management_level_create(request, payload: NamedIn):
    return Status(
        201, services.catalogue_add(actor=request.auth, model=ManagementLevel, **payload.dict())
    )


@router.patch(
    "/management-levels/{level_id}",
    response=OrderedOut,
    summary="Sửa diện quản lý",
    description=CATALOGUE_RULE,
)
def management_level_update(request, level_id: int, payload: NamedPatch):
    row = _get(ManagementLevel.objects.all(), level_id)
    return services.catalogue_update(actor=request.auth, row=row, **_changes(payload))


@router.post(
    "/clearance/purposes",
    response={201: OrderedOut},
    summary="Thêm mục đích thẩm định tiêu chuẩn chính trị",
    description=CATALOGUE_RULE,
    openapi_extra=SECRET,
)
def purpose_create(request, payload: NamedIn):
    clearance_right(request.auth)
    return Status(
        201, services.catalogue_add(actor=request.auth, model=ClearancePurpose, **payload.dict())
    )


@router.patch(
    "/clearance/purposes/{purpose_id}",
    response=OrderedOut,
    summary="Sửa mục đích thẩm định tiêu chuẩn chính trị",
    description=CATALOGUE_RULE,
    openapi_extra=SECRET,
)
def purpose_update(request, purpose_id: int, payload: NamedPatch):
    clearance_right(request.auth)
    row = _get(ClearancePurpose.objects.all(), purpose_id)
    return services.catalogue_update(actor=request.auth, row=row, **_changes(payload))


def _body_out(b: Body) -> dict:
    return {
        "id": b.pk,
        "name": b.name,
        "kind": b.kind,
        "kind_label": b.get_kind_display(),
        "organization_id": b.organization_id,
        "organization_name": b.organization.name,
        "parent_id": b.parent_id,
    }


@router.get("/bodies", response=list[BodyOut], summary="Cơ quan, đơn vị do cấp ủy quản lý")
def body_list(request, filters: Query[BodyFilters]):
    """HĐND, UBND, Mặt trận, the departments of a Ban Tổ chức ... of the subtree's
    organizations, where their positions sit (`body_id` of a position)."""
    actor = request.auth
    organization = _org(actor, filters.organization)
    bodies = Body.objects.filter(subtree_q(actor, organization, "organization__path"))
    return [
        _body_out(b)
        for b in bodies.select_related("organization").order_by("organization__path", "name", "id")
    ]


@router.post("/bodies", response={201: BodyOut}, summary="Thêm cơ quan, đơn vị do cấp ủy quản lý")
def body_create(request, payload: BodyIn):
    actor = request.auth
    organization = organization_get(actor=actor, pk=payload.organization_id)
    parent = (
        _get(Body.objects.filter(subtree_q(actor, field="organization__path")), payload.parent_id)
        if payload.parent_id is not None
        else None
    )
    body = services.body_create(
        actor=actor, organization=organization, name=payload.name, kind=payload.kind, parent=parent
    )
    return Status(201, _body_out(body))


# The routes with a cadre's id last: `/{cadre_id}` would take `/moves`, `/bodies` ...
# --- cadres ----------------------------------------------------------------------------------


@router.post("", response={201: CadreOut}, summary="Ghi hồ sơ một cán bộ ngoài danh sách đảng viên")
def cadre_create(request, payload: CadreIn):
    actor = request.auth
    organization = organization_get(actor=actor, pk=payload.organization_id)
    cadre = services.cadre_create(
        actor=actor,
        organization=organization,
        full_name=payload.full_name,
        birth_date=payload.birth_date,
        gender=payload.gender,
        education_level=payload.education_level,
        theory_level=payload.theory_level,
    )
    return Status(201, _cadre_out(actor, cadre))


@router.post("/from-member", response={201: CadreOut}, summary="Lập hồ sơ cán bộ cho một đảng viên")
def cadre_of_member(request, payload: FromMemberIn):
    """The member's cadre record, made the first time (asked again: the same record)."""
    actor = request.auth
    member = member_get(actor=actor, pk=payload.member_id)
    return Status(201, _cadre_out(actor, services.cadre_of_member(actor=actor, member=member)))


@router.get("/{cadre_id}", response=CadreOut, summary="Hồ sơ cán bộ: chức vụ, quy hoạch, quá trình")
def cadre_detail(request, cadre_id: int):
    return _cadre_out(request.auth, selectors.cadre_get(request.auth, cadre_id))


@router.post(
    "/{cadre_id}/appointments",
    response={201: HoldingOut},
    summary="Bổ nhiệm, bổ nhiệm lại, đề bạt, bầu vào một chức vụ",
)
def cadre_appoint(request, cadre_id: int, payload: AppointIn):
    actor = request.auth
    cadre = selectors.cadre_get(actor, cadre_id)
    position = _position(actor, payload.position_id)
    decision = _decision(actor, payload.decision_id)
    holding = services.cadre_appoint(
        actor=actor,
        cadre=cadre,
        position=position,
        on=payload.on,
        kind=payload.kind,
        decision=decision,
        term_end=payload.term_end,
        acting=payload.acting,
        note=payload.note,
    )
    return Status(201, _holding_out(_holding(actor, holding.pk)))
