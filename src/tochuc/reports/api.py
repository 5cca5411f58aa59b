"""/api/v1/reports: the statistics of a subtree at a date (the dashboard's and the report's
figures, as JSON), the data checks, and the check of figures typed into a text."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from tochuc.orgs.selectors import organization_get
from tochuc.reports import arithmetic, checks, exports
from tochuc.reports.selectors import report_figures

router = Router(tags=["Thống kê, báo cáo"])


class TableRowOut(Schema):
    id: int
    name: str
    own: bool  # the organization's members placed in it directly, under no child
    values: list[float | int | None]


class TableOut(Schema):
    key: str
    title: str
    headers: list[str]
    rows: list[TableRowOut]
    total: list[float | int | None]
    note: str  # why a figure of the total is not the sum of the rows ("" if every one is)


class ReportOut(Schema):
    organization: dict
    on: date
    past: bool
    summary: str
    admission_target: int | None
    tables: list[TableOut]


class CheckItemOut(Schema):
    label: str
    detail: str
    url: str


class CheckOut(Schema):
    key: str
    title: str
    rule: str
    count: int
    items: list[CheckItemOut]


class TextIn(Schema):
    text: str


class FindingOut(Schema):
    start: int
    end: int
    quote: str
    stated: str
    computed: str
    message: str
    certain: bool


def _org(request, organization: int | None):
    return organization_get(actor=request.auth, pk=organization) if organization else None


@router.get(
    "", response=ReportOut, summary="Số liệu thống kê của một tổ chức, hôm nay hoặc tại một ngày"
)
def report(request, organization: int | None = None, on: date | None = None):
    """The standard tables (organizations, members, age, education, theory, occupation,
    admissions) by child organization, with the written summary. Without `organization`: the
    user's own (the whole country for an administrator); `on` (YYYY-MM-DD) a past date."""
    figures = report_figures(actor=request.auth, organization=_org(request, organization), on=on)
    return exports.report_json(figures)


@router.get("/checks", response=list[CheckOut], summary="Kiểm tra dữ liệu")
def data_checks(request, organization: int | None = None):
    return checks.data_checks(actor=request.auth, organization=_org(request, organization))


@router.post("/check-text", response=list[FindingOut], summary="Soát số liệu trong văn bản")
def check_text(request, payload: TextIn):
    """Totals that are not the sum of their parts, and percentages computed wrong."""
    return arithmetic.check_text(payload.text[:200_000])
