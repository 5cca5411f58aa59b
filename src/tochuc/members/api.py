"""/api/v1/members: list with search and filters, read, create, update; the transfers,
candidates and Huy hiệu Đảng lists and their writes."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.core.paginator import Paginator
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from tochuc.core.audit import audit_read
from tochuc.core.errors import ServiceError
from tochuc.members import selectors, services
from tochuc.members.actions import ACTIONS, action_run, action_schema
from tochuc.members.badges import badge_candidates, next_badge_occasion
from tochuc.orgs.selectors import organization_destination, organization_get

router = Router(tags=["Đảng viên"])


class MemberRow(Schema):
    id: int
    full_name: str
    gender: str
    birth_date: date
    organization_id: int
    organization_name: str
    status: str
    state: str
    admission_date: date


class MemberOut(MemberRow):
    other_names: str
    birth_place: str
    hometown: str
    ethnicity: str
    religion: str
    citizen_id: str | None
    party_card_number: str | None
    ceremony_date: date | None
    official_date: date | None
    occupation: str
    education_level: str
    theory_level: str
    youth_union: bool
    phone: str
    version: str = Field(
        description="Phiên bản của hồ sơ lúc đọc: gửi lại khi sửa (PATCH) để không ghi đè "
        "thay đổi của người khác. Cũng có trong tiêu đề ETag."
    )


class MemberPage(Schema):
    count: int = Field(description="Số đảng viên tìm thấy (khi `capped`: số tối đa được đếm).")
    capped: bool = Field(
        False,
        description="Tìm theo tên có hơn `count` kết quả: chỉ đếm và chia trang `count` "
        "người đầu tiên theo thứ tự danh sách; gõ thêm họ tên để thu hẹp.",
    )
    page: int
    pages: int
    results: list[MemberRow]
    suggestions: list[str] = Field(
        [],
        description="Khi tìm theo tên không thấy ai: tối đa 5 họ tên gần giống có trong "
        "danh sách (trong phạm vi của người dùng), để tìm lại.",
    )


class MemberFilters(Schema):
    q: str = ""
    organization: int | None = None
    status: str = ""
    state: str = Field(
        "",
        description="Tình trạng: để trống hoặc `counted` là những người được tính trong thống "
        "kê (đang sinh hoạt, miễn sinh hoạt); `all` là mọi tình trạng; hoặc một tình trạng "
        "(`removed`, `expelled`, `deceased`, `left`, `lost_contact` ...).",
    )
    gender: str = ""
    theory_level: str = ""
    education_level: str = ""
    age_band: str = ""
    page: int = 1
    page_size: int = 50


class MemberFields(Schema):
    full_name: str | None = None
    other_names: str | None = None
    gender: str | None = None
    birth_date: date | None = None
    birth_place: str | None = None
    hometown: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    citizen_id: str | None = None
    party_card_number: str | None = None
    admission_date: date | None = None
    ceremony_date: date | None = None
    official_date: date | None = None
    status: str | None = None
    occupation: str | None = None
    education_level: str | None = None
    theory_level: str | None = None
    youth_union: bool | None = None
    phone: str | None = None


class MemberIn(MemberFields):
    organization_id: int


class MemberPatch(MemberFields):
    version: str | None = Field(
        None,
        description="`version` của hồ sơ khi đọc (GET), hoặc gửi trong tiêu đề `If-Match`. "
        "Nếu hồ sơ đã được lưu sau đó, trả 409 và không ghi gì. Không gửi thì không kiểm tra "
        "(để script cũ vẫn chạy): script đọc rồi sửa nên luôn gửi.",
    )


def _out(member) -> dict:
    row = {f: getattr(member, f) for f in MemberOut.model_fields if hasattr(member, f)}
    row["organization_name"] = member.organization.name
    row["version"] = services.member_version(member)
    return row


@router.get("", response=MemberPage, summary="Tìm và lọc đảng viên")
def member_search(request, filters: Query[MemberFilters]):
    data = filters.dict()
    page_no, size = max(data.pop("page"), 1), min(max(data.pop("page_size"), 1), 200)
    org_id = data.pop("organization")
    org = organization_get(actor=request.auth, pk=org_id) if org_id else None
    qs = selectors.member_list(actor=request.auth, organization=org, **data)
    page = selectors.member_page(qs, page_no, size)
    suggestions = []
    if data["q"] and not page.paginator.count:
        suggestions = selectors.member_suggestions(
            actor=request.auth, q=data["q"], organization=org, state=data["state"]
        )
    return {
        "suggestions": suggestions,
        "count": page.paginator.count,
        "capped": page.paginator.capped,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_out(m) for m in page.object_list],
    }


@router.get("/{member_id}", response=MemberOut, summary="Hồ sơ đảng viên")
def member_detail(request, member_id: int, response: HttpResponse):
    member = selectors.member_get(actor=request.auth, pk=member_id)
    audit_read(actor=request.auth, action="member.view", target=member, details={"page": "api"})
    row = _out(member)
    response["ETag"] = f'"{row["version"]}"'
    return row


@router.post("", response={201: MemberOut}, summary="Thêm đảng viên")
def member_create(request, payload: MemberIn):
    data = payload.dict(exclude_unset=True)
    org = organization_get(actor=request.auth, pk=data.pop("organization_id"))
    member = services.member_create(actor=request.auth, organization=org, **data)
    return Status(201, _out(member))


@router.patch("/{member_id}", response=MemberOut, summary="Sửa hồ sơ đảng viên")
def member_update(request, member_id: int, payload: MemberPatch):
    member = selectors.member_get(actor=request.auth, pk=member_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None) or request.headers.get("If-Match", "").strip('W/"')
    member = services.member_update(
        actor=request.auth, member=member, changes=changes, version=version or None
    )
    return _out(member)


class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    effective_date: date
    document_symbol: str
    document_date: date | None
    note: str
    details: dict
    recorded_by: str | None


class TimelineOut(Schema):
    party_age_years: int
    party_age_days: int
    probation_end: date | None
    confirm_deadline: date | None
    events: list[EventOut]


@router.get("/{member_id}/events", response=TimelineOut, summary="Quá trình trong Đảng, tuổi Đảng")
def member_events(request, member_id: int):
    member = selectors.member_get(actor=request.auth, pk=member_id)
    events = selectors.member_timeline(actor=request.auth, member=member)
    age = selectors.member_party_age(member=member, events=events)
    probation = selectors.member_probation(member=member) or {}
    return {
        "party_age_years": age["years"],
        "party_age_days": age["days"],
        "probation_end": probation.get("end"),
        "confirm_deadline": probation.get("deadline"),
        "events": [
            {
                **{
                    f: getattr(e, f)
                    for f in (
                        "id",
                        "kind",
                        "effective_date",
                        "document_symbol",
                        "document_date",
                        "note",
                        "details",
                    )
                },
                "kind_label": e.get_kind_display(),
                "recorded_by": e.recorded_by.username if e.recorded_by else None,
            }
            for e in events
        ],
    }


def _action_endpoint(kind: str) -> None:
    """POST /members/{id}/<action>: the payload is built from the same table as the form."""

    def endpoint(request, member_id, payload):
        member = selectors.member_get(actor=request.auth, pk=member_id)
        member = action_run(kind, actor=request.auth, member=member, data=payload.model_dump())
        return _out(member)

    # Real types, not the strings `from __future__ import annotations` would leave.
    endpoint.__annotations__ = {"member_id": int, "payload": action_schema(kind)}
    endpoint.__name__ = f"member_{kind}"
    router.post(
        f"/{{member_id}}/{kind.replace('_', '-')}",
        response=MemberOut,
        summary=ACTIONS[kind].title,
        operation_id=f"member_{kind}",
    )(endpoint)


for _kind in ACTIONS:
    _action_endpoint(_kind)


class TransferIn(Schema):
    kind: str
    to_org_id: int | None = None
    destination: str = ""
    start_date: date | None = None
    until: date | None = None
    letter_symbol: str = ""
    dues_paid_to: date | None = None
    reason: str = ""


class TransferOut(Schema):
    id: int
    member_id: int
    member_name: str
    kind: str
    status: str
    from_org_id: int
    from_org_name: str
    to_org_id: int | None
    to_org_name: str
    start_date: date
    until: date | None
    letter_symbol: str
    dues_paid_to: date
    report_deadline: date
    accepted_on: date | None


class AcceptIn(Schema):
    accepted_on: date | None = None


def _transfer_out(t) -> dict:
    row = {f: getattr(t, f) for f in TransferOut.model_fields if hasattr(t, f)}
    row.update(
        member_name=t.member.full_name,
        from_org_name=t.from_org.name,
        to_org_name=t.to_org.name if t.to_org else t.destination,
    )
    return row


@router.post("/{member_id}/transfers", response={201: TransferOut}, summary="Chuyển sinh hoạt đảng")
def member_transfer_start(request, member_id: int, payload: TransferIn):
    member = selectors.member_get(actor=request.auth, pk=member_id)
    data = payload.model_dump()
    to_org_id = data.pop("to_org_id")
    to_org = organization_destination(ref=str(to_org_id), field="to_org_id") if to_org_id else None
    transfer = services.member_transfer_start(
        actor=request.auth, member=member, to_org=to_org, **data
    )
    return Status(201, _transfer_out(transfer))


transfers_router = Router(tags=["Chuyển sinh hoạt đảng"])


@transfers_router.get("", response=list[TransferOut], summary="Giấy giới thiệu đến / đi")
def transfer_search(request, direction: str = "in", status: str = "pending"):
    if direction not in ("in", "out"):
        raise ServiceError({"direction": ["direction là in (đến) hoặc out (đi)."]})
    return [
        _transfer_out(t)
        for t in selectors.transfer_list(actor=request.auth, direction=direction, status=status)
    ]


@transfers_router.get(
    "/{transfer_id}", response=TransferOut, summary="Một giấy giới thiệu sinh hoạt đảng"
)
def transfer_detail(request, transfer_id: int):
    return _transfer_out(selectors.transfer_get(actor=request.auth, pk=transfer_id))


@transfers_router.post("/{transfer_id}/accept", response=TransferOut, summary="Tiếp nhận sinh hoạt")
def transfer_accept(request, transfer_id: int, payload: AcceptIn):
    transfer = selectors.transfer_get(actor=request.auth, pk=transfer_id)
    return _transfer_out(
        services.member_transfer_accept(
            actor=request.auth, transfer=transfer, accepted_on=payload.accepted_on
        )
    )


@transfers_router.post("/{transfer_id}/cancel", response=TransferOut, summary="Hủy giấy giới thiệu")
def transfer_cancel(request, transfer_id: int):
    transfer = selectors.transfer_get(actor=request.auth, pk=transfer_id)
    return _transfer_out(services.member_transfer_cancel(actor=request.auth, transfer=transfer))


candidates_router = Router(tags=["Phát triển đảng viên"])


class CandidateIn(Schema):
    organization_id: int
    full_name: str
    gender: str
    birth_date: date | None = None
    listed_on: date | None = None
    mentor_id: int | None = None
    document_symbol: str = ""
    ethnicity: str = "Kinh"
    religion: str = "Không"
    citizen_id: str = ""
    occupation: str = ""
    youth_union: bool = False


class CandidateStepOut(Schema):
    step: str
    step_label: str
    date: date
    document_symbol: str
    note: str


class CandidateOut(Schema):
    id: int
    full_name: str
    gender: str
    birth_date: date
    organization_id: int
    organization_name: str
    mentor_id: int | None
    status: str
    step: str
    step_date: date
    next_step: str | None
    member_id: int | None
    steps: list[CandidateStepOut]


class CandidateStepIn(Schema):
    step: str
    on: date | None = None
    document_symbol: str = ""
    note: str = ""
    party_card_number: str = ""


class DropIn(Schema):
    reason: str = ""


def _candidate_out(c) -> dict:
    return {
        **{
            f: getattr(c, f)
            for f in (
                "id",
                "full_name",
                "gender",
                "birth_date",
                "organization_id",
                "mentor_id",
                "status",
                "step",
                "step_date",
                "member_id",
            )
        },
        "organization_name": c.organization.name,
        "next_step": services.next_step(c) if c.status == "in_progress" else None,
        "steps": [
            {
                "step": s.step,
                "step_label": s.get_step_display(),
                "date": s.date,
                "document_symbol": s.document_symbol,
                "note": s.note,
            }
            for s in c.steps.all()
        ],
    }


@candidates_router.get("", response=list[CandidateOut], summary="Quần chúng ưu tú đang xét")
def candidate_search(request, organization: int | None = None, status: str = "in_progress"):
    org = organization_get(actor=request.auth, pk=organization) if organization else None
    qs = selectors.candidate_list(actor=request.auth, organization=org, status=status)
    return [_candidate_out(c) for c in qs.prefetch_related("steps")[:1000]]


@candidates_router.post("", response={201: CandidateOut}, summary="Lập hồ sơ quần chúng ưu tú")
def candidate_create(request, payload: CandidateIn):
    data = payload.model_dump()
    org = organization_get(actor=request.auth, pk=data.pop("organization_id"))
    mentor_id = data.pop("mentor_id")
    mentor = selectors.member_get(actor=request.auth, pk=mentor_id) if mentor_id else None
    candidate = services.candidate_create(
        actor=request.auth, organization=org, mentor=mentor, **data
    )
    return Status(201, _candidate_out(candidate))


@candidates_router.get("/{candidate_id}", response=CandidateOut, summary="Hồ sơ quần chúng ưu tú")
def candidate_detail(request, candidate_id: int):
    return _candidate_out(selectors.candidate_get(actor=request.auth, pk=candidate_id))


@candidates_router.post(
    "/{candidate_id}/steps",
    response=CandidateOut,
    summary="Ghi nhận bước tiếp theo (lễ kết nạp: kết nạp thành đảng viên)",
)
def candidate_step(request, candidate_id: int, payload: CandidateStepIn):
    candidate = selectors.candidate_get(actor=request.auth, pk=candidate_id)
    candidate = services.candidate_step(
        actor=request.auth, candidate=candidate, **payload.model_dump()
    )
    return _candidate_out(candidate)


@candidates_router.post("/{candidate_id}/drop", response=CandidateOut, summary="Dừng xét kết nạp")
def candidate_drop(request, candidate_id: int, payload: DropIn):
    candidate = selectors.candidate_get(actor=request.auth, pk=candidate_id)
    return _candidate_out(
        services.candidate_drop(actor=request.auth, candidate=candidate, reason=payload.reason)
    )


class AsOfOut(Schema):
    on: date
    organization_id: int
    organization_name: str
    status: str
    state: str


@router.get("/{member_id}/as-of", response=AsOfOut, summary="Hồ sơ tại một ngày trong quá khứ")
def member_as_of(request, member_id: int, on: date):
    member = selectors.member_get(actor=request.auth, pk=member_id)
    found = selectors.member_as_of(actor=request.auth, member=member, on=on)
    if found is None:
        raise ServiceError({"on": [f"Ngày {on:%d/%m/%Y} là trước khi vào Đảng."]})
    return {
        **found,
        "organization_id": found["organization"].pk,
        "organization_name": found["organization"].name,
    }


class EndIn(Schema):
    ended_on: date | None = None


@transfers_router.post(
    "/{transfer_id}/end", response=TransferOut, summary="Kết thúc sinh hoạt tạm thời"
)
def transfer_end(request, transfer_id: int, payload: EndIn):
    transfer = selectors.transfer_get(actor=request.auth, pk=transfer_id)
    return _transfer_out(
        services.member_transfer_end(
            actor=request.auth, transfer=transfer, ended_on=payload.ended_on
        )
    )


badges_router = Router(tags=["Huy hiệu Đảng"])

BadgeKind = Literal["due", "early", "posthumous"]


class BadgeRow(Schema):
    member_id: int
    full_name: str
    birth_date: date
    organization_id: int
    organization_name: str
    admission_date: date
    years: int = Field(description="Huy hiệu bao nhiêu năm tuổi Đảng.")
    reached: date = Field(description="Ngày tuổi Đảng đủ số năm đó.")
    kind: BadgeKind = Field(
        description="`due` đủ tuổi Đảng, `early` xét sớm nếu ốm nặng, `posthumous` truy tặng."
    )
    kind_label: str


class BadgePage(Schema):
    occasion: date = Field(description="Đợt trao (mặc định: đợt sắp tới).")
    count: int
    page: int
    pages: int
    results: list[BadgeRow]


@badges_router.get("", response=BadgePage, summary="Danh sách đề nghị tặng Huy hiệu Đảng")
def badge_search(
    request,
    organization: int | None = None,
    occasion: date | None = None,
    page: int = 1,
    page_size: int = 50,
):
    """Who is due a badge on the occasion in the subtree, as the page lists them: due first,
    then posthumous, then early consideration; each by level and official order."""
    org = organization_get(actor=request.auth, pk=organization) if organization else None
    occasion = occasion or next_badge_occasion(date.today())
    rows = badge_candidates(actor=request.auth, organization=org, occasion=occasion)
    found = Paginator(rows, min(max(page_size, 1), 200)).get_page(page)
    return {
        "occasion": occasion,
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": [
            {
                "member_id": c.member.pk,
                "full_name": c.member.full_name,
                "birth_date": c.member.birth_date,
                "organization_id": c.member.organization.pk,
                "organization_name": c.member.organization.name,
                "admission_date": c.member.admission_date,
                "years": c.years,
                "reached": c.reached,
                "kind": c.kind,
                "kind_label": c.kind_label,
            }
            for c in found.object_list
        ],
    }


class BadgeAwardIn(Schema):
    member_id: int
    years: int
    kind: BadgeKind = "due"


class BadgeAwardsIn(Schema):
    occasion: date
    document_symbol: str = Field("", description="Số quyết định tặng huy hiệu.")
    awards: list[BadgeAwardIn] = Field(description="Những dòng đã chọn trong danh sách đề nghị.")


class BadgeAwardsOut(Schema):
    awarded: int


@badges_router.post(
    "/awards", response={201: BadgeAwardsOut}, summary="Ghi nhận trao Huy hiệu Đảng"
)
def badge_awards(request, payload: BadgeAwardsIn):
    """All the rows or none, as the page's form records them: a refusal names the member."""
    awards = [
        (selectors.member_get(actor=request.auth, pk=a.member_id), a.years, a.kind)
        for a in payload.awards
    ]
    awarded = services.member_badges_award(
        actor=request.auth,
        awards=awards,
        occasion=payload.occasion,
        document_symbol=payload.document_symbol,
    )
    return Status(201, {"awarded": awarded})
