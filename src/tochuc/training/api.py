"""/api/v1/training: the programmes to choose from, the classes the user sees (organized in
their subtree, or with a trainee of it) a page at a time, a class with the trainees the user
may read, and the writes: a class opened, a person enrolled, a completion (the theory level
it gives), a trainee leaving, a class cancelled."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from ninja import Field, Query, Router, Schema, Status

from tochuc.cadres.selectors import cadre_get
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.scope import subtree_q
from tochuc.documents.selectors import document_get
from tochuc.members.selectors import candidate_get, member_get
from tochuc.orgs.selectors import organization_get
from tochuc.training import selectors, send, services
from tochuc.training.models import Programme, School, Trainee, TrainingClass

router = Router(tags=["Đào tạo, bồi dưỡng"])

MODE_HELP = "`full_time` tập trung, `part_time` không tập trung, `online` trực tuyến."


class ProgrammeOut(Schema):
    id: int
    name: str
    kind: str = Field(description="`training` đào tạo, `fostering` bồi dưỡng.")
    theory_level: str = Field(
        description="Trình độ lý luận chính trị khi hoàn thành ('' nếu không)."
    )
    length_days: int | None
    for_candidates: bool


class TraineeOut(Schema):
    id: int
    full_name: str
    birth_date: date | None
    gender: str
    organization_id: int
    organization_name: str
    member_id: int | None
    candidate_id: int | None
    cadre_id: int | None
    enrolled_on: date
    status: str = Field(
        description="`enrolled` đang học, `completed` hoàn thành, `dropped` thôi học."
    )
    completed_on: date | None
    dropped_on: date | None
    absences: int | None
    result: str
    certificate_number: str
    certificate_date: date | None
    dropped_reason: str
    level_given: str = Field(description="Trình độ lý luận chính trị lớp đã nâng cho đảng viên.")


class ClassOut(Schema):
    id: int
    name: str
    programme_id: int
    programme_name: str
    organization_id: int
    organization_name: str
    school_id: int | None
    co_organizers: list[str] = Field(description="Tên các cơ sở đào tạo phối hợp.")
    place: str
    mode: str = Field(description=MODE_HELP)
    starts_on: date
    ends_on: date
    planned_size: int | None
    decision_id: int | None
    status: str = Field(
        description="Hôm nay: `planned` chưa khai giảng, `running` đang học, `finished` đã "
        "kết thúc, `cancelled` đã hủy."
    )


class ClassDetailOut(ClassOut):
    trainees: list[TraineeOut] = Field(description="Các học viên người dùng được xem.")


class ClassPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ClassOut]


class ClassFilters(Schema):
    organization: int | None = Field(None, description="Tổ chức ở tổ chức này và cấp dưới.")
    page: int = 1
    page_size: int = Field(50, description="Số lớp một trang (tối đa 200).")


class TraineeFilters(Schema):
    organization: int | None = Field(None, description="Người ở tổ chức này và cấp dưới.")
    programme: int | None = None
    kind: str = Field("", description="`training` đào tạo, `fostering` bồi dưỡng.")
    level: str = Field("", description="Trình độ chương trình cấp: so_cap, trung_cap, cao_cap.")
    gender: str = ""
    status: str = Field("", description="`enrolled`, `completed`, `dropped`.")
    start: date | None = Field(None, alias="from", description="Hoàn thành từ ngày.")
    end: date | None = Field(None, alias="to", description="Hoàn thành đến ngày.")
    running: bool = Field(False, description="Đang học (lớp đang diễn ra) ngày `on`.")
    on: date | None = None
    page: int = 1
    page_size: int = Field(50, description="Số học viên một trang (tối đa 200).")


class PersonTraineeOut(TraineeOut):
    class_id: int
    class_name: str
    programme_name: str


class PersonTraineePage(Schema):
    count: int
    page: int
    pages: int
    results: list[PersonTraineeOut]


class SendFilters(Schema):
    organization: int | None = None
    level: str = Field("", description="Chỉ người còn thiếu trình độ này.")
    studying: bool | None = Field(None, description="Chỉ người đang học (true) hoặc chưa (false).")
    on: date | None = None
    page: int = 1
    page_size: int = Field(50, description="Số người một trang (tối đa 200).")


class LackingPosition(Schema):
    position: str
    how: str = Field(description="«đang giữ» hoặc «quy hoạch».")
    theory_level: str = Field(description="Trình độ chức danh yêu cầu.")


class SendOut(Schema):
    cadre_id: int
    member_id: int | None
    full_name: str
    birth_date: date
    organization_id: int
    organization_name: str
    theory_level: str = Field(description="Trình độ hiện có.")
    needed: str = Field(description="Trình độ cao nhất chức vụ, quy hoạch yêu cầu.")
    positions: list[LackingPosition]
    studying_in: str | None = Field(description="Lớp đang học (cho trình độ lý luận), nếu có.")


class SendPage(Schema):
    count: int
    page: int
    pages: int
    results: list[SendOut]


class SchoolOut(Schema):
    id: int
    name: str
    kind: str = Field(
        description="`academy` học viện, `school` trường chính trị, `centre` trung tâm."
    )
    organization_id: int
    organization_name: str


class SchoolIn(Schema):
    organization_id: int = Field(description="Cấp ủy mà cơ sở đào tạo phục vụ (trong phạm vi).")
    name: str
    kind: str


class PlanOut(Schema):
    programme_id: int
    programme_name: str
    planned_classes: int | None
    planned_trainees: int | None
    classes: int = Field(
        description="Lớp đơn vị tự tổ chức khai giảng trong năm (không tính lớp hủy)."
    )
    trainees: int = Field(description="Học viên các lớp đó (không tính người thôi học).")
    note: str


class PlanIn(Schema):
    organization_id: int
    year: int
    programme_id: int
    classes: int = Field(description="Số lớp kế hoạch (0 và 0: bỏ kế hoạch).")
    trainees: int
    note: str = ""


class ClassIn(Schema):
    organization_id: int = Field(description="Đơn vị tổ chức lớp (trong phạm vi).")
    programme_id: int
    name: str
    mode: str = Field(description=MODE_HELP)
    starts_on: date
    ends_on: date
    school_id: int | None = Field(None, description="Cơ sở đào tạo của đơn vị tổ chức.")
    place: str = ""
    planned_size: int | None = None
    decision_id: int | None = Field(None, description="Quyết định mở lớp (văn bản trong sổ).")
    co_organizer_ids: list[int] = Field(
        [], description="Cơ sở đào tạo phối hợp (của đơn vị tổ chức hoặc cấp trên)."
    )


class EnrolIn(Schema):
    enrolled_on: date
    member_id: int | None = None
    candidate_id: int | None = None
    cadre_id: int | None = None
    full_name: str = Field("", description="Người chưa có trong hệ thống.")
    birth_date: date | None = None
    gender: str = ""


class CompleteIn(Schema):
    on: date = Field(description="Ngày hoàn thành.")
    absences: int | None = Field(None, description="Số buổi vắng.")
    result: str = ""
    certificate_number: str = ""
    certificate_date: date | None = None


class LeaveIn(Schema):
    on: date
    reason: str


def _class_out(k: TrainingClass) -> dict:
    return {
        "id": k.pk,
        "name": k.name,
        "programme_id": k.programme_id,
        "programme_name": k.programme.name,
        "organization_id": k.organization_id,
        "organization_name": k.organization.name,
        "school_id": k.school_id,
        "co_organizers": [s.name for s in k.co_organizers.all()],
        "place": k.place,
        "mode": k.mode,
        "starts_on": k.starts_on,
        "ends_on": k.ends_on,
        "planned_size": k.planned_size,
        "decision_id": k.decision_id,
        "status": k.state(),
    }


def _trainee_out(t: Trainee) -> dict:
    fields = ("id", "full_name", "birth_date", "gender", "organization_id", "member_id")
    more = ("candidate_id", "cadre_id", "enrolled_on", "status", "result", "certificate_number")
    last = ("certificate_date", "completed_on", "dropped_on", "absences", "dropped_reason")
    last += ("level_given",)
    return {f: getattr(t, f) for f in (*fields, *more, *last)} | {
        "organization_name": t.organization.name
    }


def _detail(actor, klass: TrainingClass) -> dict:
    return _class_out(klass) | {
        "trainees": [_trainee_out(t) for t in selectors.trainees_of(actor, klass)]
    }


def _page(rows, page: int, size: int):
    return Paginator(rows, min(max(size, 1), 200)).get_page(page)


@router.get("/programmes", response=list[ProgrammeOut], summary="Chương trình đào tạo, bồi dưỡng")
def programme_list(request):
    return list(Programme.objects.all())


@router.get("/classes", response=ClassPage, summary="Các lớp đào tạo, bồi dưỡng")
def class_list(request, filters: Query[ClassFilters]):
    """The classes organized in the subtree or with a trainee of it, the latest first."""
    actor = request.auth
    organization = (
        organization_get(actor=actor, pk=filters.organization) if filters.organization else None
    )
    found = _page(selectors.classes_of(actor, organization), filters.page, filters.page_size)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": [_class_out(k) for k in found],
    }


@router.get("/trainees", response=PersonTraineePage, summary="Học viên của một tổ chức")
def trainee_list(request, filters: Query[TraineeFilters]):
    """The people of the subtree in classes (where they are), as the report's trainee figures
    count them: by programme, kind, level, gender, status, completed in a period, studying."""
    actor = request.auth
    org = organization_get(actor=actor, pk=filters.organization) if filters.organization else None
    on = filters.on or date.today()
    rows = selectors.trainees_filtered(actor, org, filters.dict(), on)
    found = _page(rows, filters.page, filters.page_size)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": [
            _trainee_out(t)
            | {
                "class_id": t.training_class_id,
                "class_name": t.training_class.name,
                "programme_name": t.training_class.programme.name,
            }
            for t in found
        ],
    }


def _school_out(school) -> dict:
    return {
        "id": school.pk,
        "name": school.name,
        "kind": school.kind,
        "organization_id": school.organization_id,
        "organization_name": school.organization.name,
    }


@router.get("/schools", response=list[SchoolOut], summary="Cơ sở đào tạo")
def school_list(request, organization: int):
    """The schools of the organization's subtree and of the levels above it."""
    actor = request.auth
    org = organization_get(actor=actor, pk=organization)
    return [_school_out(s) for s in selectors.schools_seen(actor, org)]


@router.post("/schools", response={201: SchoolOut}, summary="Ghi một cơ sở đào tạo")
def school_create(request, payload: SchoolIn):
    actor = request.auth
    org = organization_get(actor=actor, pk=payload.organization_id)
    school = services.school_create(
        actor=actor, organization=org, name=payload.name, kind=payload.kind
    )
    return Status(201, _school_out(school))


def _plan_out(row) -> dict:
    return {
        "programme_id": row.programme.pk,
        "programme_name": row.programme.name,
        "planned_classes": row.plan.classes if row.plan else None,
        "planned_trainees": row.plan.trainees if row.plan else None,
        "classes": row.classes,
        "trainees": row.trainees,
        "note": row.plan.note if row.plan else "",
    }


@router.get("/plans", response=list[PlanOut], summary="Kế hoạch năm và thực hiện")
def plan_list(request, organization: int, year: int):
    """The organizer's plan for the year against what it did, per programme."""
    actor = request.auth
    org = organization_get(actor=actor, pk=organization)
    return [_plan_out(r) for r in selectors.plan_table(actor, org, year)]


@router.put("/plans", response=list[PlanOut], summary="Ghi kế hoạch một chương trình")
def plan_put(request, payload: PlanIn):
    """One programme's line of the organizer's plan for the year (0 and 0 clears it); answers
    the year's plan as it stands."""
    actor = request.auth
    org = organization_get(actor=actor, pk=payload.organization_id)
    services.plan_set(
        actor=actor,
        organization=org,
        year=payload.year,
        programme=_programme(payload.programme_id),
        classes=payload.classes,
        trainees=payload.trainees,
        note=payload.note,
    )
    return [_plan_out(r) for r in selectors.plan_table(actor, org, payload.year)]


@router.get("/send-next", response=SendPage, summary="Cán bộ cần cử đi đào tạo")
def send_next(request, filters: Query[SendFilters]):
    """The cadres of the subtree short of the theory level a position of theirs asks for (held
    on the day, or planned in the term in force), with the positions and the class they
    study in now."""
    actor = request.auth
    org = organization_get(actor=actor, pk=filters.organization) if filters.organization else None
    on = filters.on or date.today()
    if filters.level and filters.level not in send.CODES[1:]:
        raise ServiceError(
            {
                "level": [
                    f"Trình độ «{filters.level}» không có: so_cap, trung_cap, cao_cap, cu_nhan."
                ]
            }
        )
    rows = send.lacking(actor, org, on, level=filters.level, studying=filters.studying)
    found = _page(rows, filters.page, filters.page_size)
    positions = send.positions_lacking(found.object_list, on)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": [
            {
                "cadre_id": c.pk,
                "member_id": c.member_id,
                "full_name": c.full_name,
                "birth_date": c.birth_date,
                "organization_id": c.organization_id,
                "organization_name": c.organization.name,
                "theory_level": c.theory_level,
                "needed": send.CODES[c.needed],
                "positions": [
                    {"position": p, "how": how, "theory_level": level}
                    for p, how, level in positions[c.pk]
                ],
                "studying_in": c.studying_in,
            }
            for c in found
        ],
    }


def _programme(pk: int) -> Programme:
    try:
        return Programme.objects.get(pk=pk)
    except Programme.DoesNotExist:
        raise ServiceError(
            {
                "programme_id": [
                    f"Không có chương trình số {pk}: chọn một chương trình trong "
                    "/api/v1/training/programmes."
                ]
            }
        ) from None


@router.post("/classes", response={201: ClassDetailOut}, summary="Mở một lớp")
def class_create(request, payload: ClassIn):
    actor = request.auth
    organization = organization_get(actor=actor, pk=payload.organization_id)
    programme = _programme(payload.programme_id)
    school = None
    if payload.school_id is not None:
        try:
            school = School.objects.filter(subtree_q(actor, field="organization__path")).get(
                pk=payload.school_id
            )
        except School.DoesNotExist:
            raise NotFound from None
    klass = services.class_create(
        actor=actor,
        organization=organization,
        programme=programme,
        name=payload.name,
        mode=payload.mode,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        school=school,
        place=payload.place,
        planned_size=payload.planned_size,
        decision=document_get(actor, payload.decision_id) if payload.decision_id else None,
        co_organizers=_co_organizers(organization, payload.co_organizer_ids),
    )
    return Status(201, _detail(actor, selectors.class_get(actor, klass.pk)))


def _co_organizers(organization, ids: list[int]) -> list[School]:
    found = {s.pk: s for s in selectors.schools_for(organization).filter(pk__in=ids)}
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise ServiceError(
            {
                "co_organizer_ids": [
                    f"Không có cơ sở đào tạo số {', '.join(unknown)} của {organization.name} "
                    "hoặc cấp trên."
                ]
            }
        )
    return list(found.values())


@router.get("/classes/{class_id}", response=ClassDetailOut, summary="Một lớp và học viên")
def class_detail(request, class_id: int):
    actor = request.auth
    return _detail(actor, selectors.class_get(actor, class_id))


@router.post("/classes/{class_id}/trainees", response={201: TraineeOut}, summary="Ghi học viên")
def trainee_enrol(request, class_id: int, payload: EnrolIn):
    """A member, a candidate, a cadre (by id, in the user's scope) or a person not in the
    system (by name) enrolled in the class."""
    actor = request.auth
    klass = selectors.class_get(actor, class_id)
    trainee = services.trainee_enrol(
        actor=actor,
        training_class=klass,
        on=payload.enrolled_on,
        member=member_get(actor=actor, pk=payload.member_id) if payload.member_id else None,
        candidate=candidate_get(actor=actor, pk=payload.candidate_id)
        if payload.candidate_id
        else None,
        cadre=cadre_get(actor, payload.cadre_id) if payload.cadre_id else None,
        full_name=payload.full_name,
        birth_date=payload.birth_date,
        gender=payload.gender,
    )
    return Status(201, _trainee_out(selectors.trainee_get(actor, trainee.pk)))


@router.post("/trainees/{trainee_id}/complete", response=TraineeOut, summary="Ghi hoàn thành")
def trainee_complete(request, trainee_id: int, payload: CompleteIn):
    """The trainee completed the class: the theory level its programme gives raises the
    member's (never lowers it), with the event on the member's record."""
    actor = request.auth
    trainee = services.trainee_complete(
        actor=actor,
        trainee=selectors.trainee_get(actor, trainee_id),
        on=payload.on,
        result=payload.result,
        certificate_number=payload.certificate_number,
        certificate_date=payload.certificate_date,
        absences=payload.absences,
    )
    return _trainee_out(selectors.trainee_get(actor, trainee.pk))


@router.post("/trainees/{trainee_id}/drop", response=TraineeOut, summary="Ghi thôi học")
def trainee_drop(request, trainee_id: int, payload: LeaveIn):
    actor = request.auth
    trainee = services.trainee_drop(
        actor=actor,
        trainee=selectors.trainee_get(actor, trainee_id),
        on=payload.on,
        reason=payload.reason,
    )
    return _trainee_out(selectors.trainee_get(actor, trainee.pk))


@router.post("/classes/{class_id}/cancel", response=ClassDetailOut, summary="Hủy lớp")
def class_cancel(request, class_id: int, payload: LeaveIn):
    """The class cancelled: the theory levels its completions gave are taken back."""
    actor = request.auth
    klass = services.class_cancel(
        actor=actor,
        training_class=selectors.class_get(actor, class_id),
        on=payload.on,
        reason=payload.reason,
    )
    return _detail(actor, selectors.class_get(actor, klass.pk))
