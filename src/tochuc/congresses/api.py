"""/api/v1/congresses: a subtree's plan for a term a page at a time, its progress at a date
(per level, with the reports' sentence), and the writes: the plan made from the tree of a day,
a congress held, a plan line changed."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from ninja import Field, Router, Schema

from tochuc.congresses import selectors, services
from tochuc.congresses.models import Congress, DelegateQuota
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.scope import subtree_q
from tochuc.orgs.models import Term
from tochuc.orgs.selectors import organization_get

router = Router(tags=["Đại hội"])


class CongressOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    term: str
    kind: str = Field(description="`members` đại hội đảng viên, `delegates` đại hội đại biểu.")
    pilot: bool
    window_start: date
    window_end: date
    plan_approved_on: date | None
    held_on: date | None
    held_until: date | None
    superseded_on: date | None
    status: str = Field(description="Hôm nay: `planned`, `late`, `held`, `superseded`.")


class CongressPage(Schema):
    count: int
    page: int
    pages: int
    results: list[CongressOut]


class LevelOut(Schema):
    level: str
    label: str
    total: int
    held: int
    late: int
    percent: str


class ProgressOut(Schema):
    on: date
    levels: list[LevelOut]
    sentence: str


class PlanIn(Schema):
    organization_id: int
    term_id: int
    on: date = Field(description="Ngày của cây tổ chức làm căn cứ.")


class PlanOut(Schema):
    added: int
    superseded: int
    kept: int


class HeldIn(Schema):
    held_on: date
    held_until: date | None = None


class QuotaOut(Schema):
    organization_id: int
    organization_name: str
    members: int = Field(description="Số đảng viên khi phân bổ.")
    seats: int = Field(description="Số đại biểu được bầu.")


class AllocateIn(Schema):
    seats: int = Field(description="Tổng số đại biểu chính thức được bầu.")


class CongressIn(Schema):
    kind: str
    pilot: bool = False
    window_start: date
    window_end: date
    plan_approved_on: date | None = None


def _term(pk: int) -> Term:
    try:
        return Term.objects.get(pk=pk)
    except Term.DoesNotExist:
        raise ServiceError(
            {"term": [f"Không có nhiệm kỳ số {pk}: xem /api/v1/cadres/terms."]}
        ) from None


def _get(actor, pk) -> Congress:
    try:
        return Congress.objects.select_related("organization", "term").get(
            subtree_q(actor, field="organization__path"), pk=pk
        )
    except Congress.DoesNotExist:
        raise NotFound from None


def _out(c: Congress) -> dict:
    fields = ("id", "organization_id", "kind", "pilot", "window_start", "window_end")
    more = ("plan_approved_on", "held_on", "held_until", "superseded_on")
    return {f: getattr(c, f) for f in (*fields, *more)} | {
        "organization_name": c.organization.name,
        "term": c.term.name,
        "status": c.status_on(date.today()),
    }


@router.get("", response=CongressPage, summary="Kế hoạch đại hội của một tổ chức")
def congress_list(request, organization: int, term: int, page: int = 1, page_size: int = 100):
    actor = request.auth
    org = organization_get(actor=actor, pk=organization)
    rows = selectors.congresses_of(actor, org, _term(term)).select_related("term")
    found = Paginator(rows, min(max(page_size, 1), 500)).get_page(page)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "results": [_out(c) for c in found],
    }


@router.get("/progress", response=ProgressOut, summary="Tiến độ đại hội đến một ngày")
def congress_progress(request, organization: int, term: int, on: date | None = None):
    """Per level of the subtree as it stood on the day, how many held their congress (the
    reports' sentence: «... 497/567 tổ chức cơ sở đảng đã tổ chức đại hội (đạt 87,65%)»)."""
    actor = request.auth
    org = organization_get(actor=actor, pk=organization)
    on = on or date.today()
    rows = selectors.progress(actor, org, _term(term), on)
    return {
        "on": on,
        "levels": [r.__dict__ | {"percent": r.percent} for r in rows],
        "sentence": selectors.progress_sentence(org, on, rows),
    }


@router.post("/plan", response=PlanOut, summary="Lập kế hoạch đại hội theo cây tổ chức")
def plan_generate(request, payload: PlanIn):
    """Every organization of the subtree standing on the day gets its congress of the term;
    those merged or dissolved since are superseded. Run again after a restructuring."""
    actor = request.auth
    org = organization_get(actor=actor, pk=payload.organization_id)
    return services.plan_generate(
        actor=actor, organization=org, term=_term(payload.term_id), on=payload.on
    )


@router.post("/{congress_id}/held", response=CongressOut, summary="Ghi đại hội đã tổ chức")
def congress_held(request, congress_id: int, payload: HeldIn):
    actor = request.auth
    done = services.congress_held(
        actor=actor,
        congress=_get(actor, congress_id),
        held_on=payload.held_on,
        held_until=payload.held_until,
    )
    return _out(_get(actor, done.pk))


@router.patch("/{congress_id}", response=CongressOut, summary="Sửa một dòng kế hoạch")
def congress_update(request, congress_id: int, payload: CongressIn):
    actor = request.auth
    done = services.congress_update(
        actor=actor,
        congress=_get(actor, congress_id),
        kind=payload.kind,
        pilot=payload.pilot,
        window_start=payload.window_start,
        window_end=payload.window_end,
        plan_approved_on=payload.plan_approved_on,
    )
    return _out(_get(actor, done.pk))


def _quotas(congress) -> list[dict]:
    rows = DelegateQuota.objects.filter(congress=congress).select_related("organization")
    return [
        {
            "organization_id": q.organization_id,
            "organization_name": q.organization.name,
            "members": q.members,
            "seats": q.seats,
        }
        for q in rows.order_by("organization__path")
    ]


@router.get("/{congress_id}/delegates", response=list[QuotaOut], summary="Phân bổ đại biểu")
def quota_list(request, congress_id: int):
    return _quotas(_get(request.auth, congress_id))


@router.post(
    "/{congress_id}/delegates",
    response=list[QuotaOut],
    summary="Phân bổ đại biểu theo số đảng viên",
)
def quota_allocate(request, congress_id: int, payload: AllocateIn):
    """The congress's delegates shared among the organizations directly under it by their
    members (largest remainders, at least one each); a new allocation replaces the last."""
    actor = request.auth
    congress = _get(actor, congress_id)
    services.delegates_allocate(actor=actor, congress=congress, seats=payload.seats)
    return _quotas(congress)
