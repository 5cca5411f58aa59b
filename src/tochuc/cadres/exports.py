"""The cadre work's lists as .xlsx: positions and their holders, the planning table of a term
(the standard list), the moves of a period, re-election eligibility, the staff profile and the
clearance counts and cases. Each reads the selector its page reads, with the same arguments,
so a page and its file always agree; each download writes its audit_read row with the count
(`core.excel.xlsx_response`)."""

from __future__ import annotations

from datetime import date

from tochuc.cadres.models import Cadre
from tochuc.cadres.selectors import (
    clearance_counts,
    clearance_list,
    moves,
    planning_table,
    position_list,
    position_rows,
    positions_of,
    reelection_ineligible,
    staff_profile,
)
from tochuc.cadres.selectors.terms import AGE_BANDS
from tochuc.core.excel import xlsx_response
from tochuc.members.models import Gender
from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS
from tochuc.orgs.models import Organization, Term


def _names(cadres: list[Cadre]) -> str:
    return ", ".join(c.full_name for c in cadres)


def _span(on: date | None, start: date | None, end: date | None) -> dict:
    out = {}
    for name, day in (("on", on), ("from", start), ("to", end)):
        if day is not None:
            out[name] = day.isoformat()
    return out


# --- Positions -----------------------------------------------------------------------------


POSITION_HEADERS = [
    "STT",
    "Chức vụ",
    "Tổ chức",
    "Cơ quan, đơn vị",
    "Diện quản lý",
    "Số người đảm nhiệm",
    "Người đảm nhiệm",
    "Còn trống",
]


def positions_xlsx(
    *, actor, organization: Organization, on: date, vacant: bool = False, due: bool = False
):
    rows = [
        [
            i,
            p.label,
            p.organization.name,
            p.body.name if p.body_id else None,
            p.management_level.name if p.management_level_id else None,
            p.seats,
            _names(holders) or None,
            free or None,
        ]
        for i, (p, holders, free) in enumerate(
            position_rows(position_list(actor, organization, on, vacant=vacant, due=due), on),
            start=1,
        )
    ]
    what = "Chức vụ còn trống" if vacant else "Chức vụ và người đảm nhiệm"
    return xlsx_response(
        actor=actor,
        action="export.cadres_positions",
        target=organization,
        details={**_span(on, None, None), "vacant": vacant, "due": due},
        filename="chuc-vu.xlsx",
        title=f"{what} — {organization.name} — ngày {on:%d/%m/%Y}",
        headers=POSITION_HEADERS,
        rows=rows,
        widths=[6, 40, 30, 26, 26, 10, 40, 10],
    )


# --- Planning ------------------------------------------------------------------------------

PLANNING_HEADERS = [
    "STT",
    "Chức danh",
    "Người đang đảm nhiệm",
    "Người được quy hoạch",
    "Năm sinh",
    "Tuổi đầu nhiệm kỳ",
    "Trình độ chuyên môn",
    "Lý luận chính trị",
    "Lưu ý",
]


def planning_rows(rows) -> list[list]:
    """The planning table (selectors.planning_table) as the standard list's lines: a line per
    person planned (the position's cells on its first), a position without any on one line;
    the warnings of the position and of the person in the last column."""
    out = []
    for i, row in enumerate(rows, start=1):
        head = [i, row.position.label, _names(row.holders) or None]
        if not row.planned:
            warnings = "; ".join(row.warnings) or None
            out.append([*head, "Chưa có người quy hoạch", None, None, None, None, warnings])
        for n, planned in enumerate(row.planned):
            cadre = planned.plan.cadre
            warnings = (row.warnings if n == 0 else []) + planned.warnings
            out.append(
                [
                    *(head if n == 0 else [None, None, None]),
                    cadre.full_name,
                    cadre.birth_date.year,
                    planned.age_at_start,
                    cadre.get_education_level_display(),
                    cadre.get_theory_level_display(),
                    "; ".join(warnings) or None,
                ]
            )
    return out


def planning_xlsx(*, actor, organization: Organization, term: Term, on: date, below=False):
    rows = planning_table(positions_of(actor, organization, on, own=not below), term, on)
    return xlsx_response(
        actor=actor,
        action="export.cadres_planning",
        target=organization,
        details={**_span(on, None, None), "term": term.name},
        filename="quy-hoach.xlsx",
        title=f"Danh sách quy hoạch cán bộ nhiệm kỳ {term.name} — {organization.name}",
        headers=PLANNING_HEADERS,
        rows=planning_rows(rows),
        widths=[6, 40, 30, 28, 9, 10, 18, 18, 60],
    )


# --- Moves ---------------------------------------------------------------------------------

MOVE_HEADERS = [
    "STT",
    "Ngày hiệu lực",
    "Cán bộ",
    "Sự kiện",
    "Chức vụ",
    "Tổ chức",
    "Nơi đến, cơ quan hiệp y",
    "Quyết định",
    "Ghi chú",
]


def moves_xlsx(
    *, actor, organization: Organization | None, kinds, start: date | None, end: date | None
):
    events = moves(actor, kinds=kinds, start=start, end=end, organization=organization)

    def rows():
        for i, e in enumerate(events.iterator(chunk_size=2000), start=1):
            yield [
                i,
                e.effective_date,
                e.cadre.full_name,
                e.get_kind_display(),
                e.position.title.name if e.position_id else None,
                e.organization.name,
                e.other_organization.name if e.other_organization_id else None,
                e.decision.symbol if e.decision_id else None,
                e.note or None,
            ]

    where = organization.name if organization else "toàn phạm vi"
    return xlsx_response(
        actor=actor,
        action="export.cadres_moves",
        target=organization,
        details={**_span(None, start, end), "kind": ",".join(kinds)},
        filename="bo-nhiem-dieu-dong.xlsx",
        title=f"Bổ nhiệm, điều động, luân chuyển — {where}",
        headers=MOVE_HEADERS,
        rows=rows(),
        widths=[6, 12, 28, 22, 24, 32, 32, 16, 40],
    )


# --- Re-election ---------------------------------------------------------------------------

REELECTION_HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Vai trò", "Tổ chức", "Lý do"]


def reelection_xlsx(*, actor, organization: Organization, term: Term, congress: date):
    found = reelection_ineligible(actor, term, congress, organization)
    rows = [
        [
            i,
            item.seat.cadre.full_name,
            item.seat.cadre.birth_date,
            item.seat.get_role_display(),
            item.seat.organization.name,
            item.reason,
        ]
        for i, item in enumerate(found, start=1)
    ]
    return xlsx_response(
        actor=actor,
        action="export.cadres_reelection",
        target=organization,
        details={"term": term.name, "congress": congress.isoformat()},
        filename="khong-du-dieu-kien-tai-cu.xlsx",
        title=(
            f"Cán bộ không đủ điều kiện tái cử (tuổi), nhiệm kỳ {term.name} — {organization.name}"
        ),
        headers=REELECTION_HEADERS,
        rows=rows,
        widths=[6, 28, 12, 22, 34, 70],
    )


# --- Staff profile -------------------------------------------------------------------------

PROFILE_HEADERS = ["Tiêu chí", "Nhóm", "Số người"]


def profile_rows(profile) -> list[list]:
    """staff_profile's tables, one line per group (every group of each list, 0 included), the
    total first."""
    rows: list[list] = [["Tổng số", None, profile.total]]
    tables = (
        ("Trình độ chuyên môn", profile.by_education, list(EDUCATION_LEVELS)),
        ("Lý luận chính trị", profile.by_theory, list(THEORY_LEVELS)),
        ("Đang học lý luận chính trị", profile.studying, list(THEORY_LEVELS[1:])),
        ("Giới tính", profile.by_gender, list(Gender.choices)),
        ("Độ tuổi", profile.by_age_band, [(label, label) for _, _, label in AGE_BANDS]),
    )
    for name, counts, labels in tables:
        for code, label in labels:
            rows.append([name, label, counts.get(code, 0)])
    return rows


def profile_xlsx(*, actor, organization: Organization, on: date):
    profile = staff_profile(actor, organization, on)
    return xlsx_response(
        actor=actor,
        action="export.cadres_profile",
        target=organization,
        details=_span(on, None, None),
        filename="doi-ngu-can-bo.xlsx",
        title=f"Đội ngũ cán bộ — {organization.name} — ngày {on:%d/%m/%Y}",
        headers=PROFILE_HEADERS,
        rows=profile_rows(profile),
        widths=[24, 30, 12],
    )


# --- Clearance -----------------------------------------------------------------------------

CLEARANCE_HEADERS = [
    "STT",
    "Mục đích",
    "Họ và tên",
    "Ngày sinh",
    "Ngày đề nghị",
    "Ngày kết luận",
    "Kết luận",
    "Cấp ủy kết luận",
]


def clearance_xlsx(*, actor, organization: Organization, start: date, end: date):
    """The counts by purpose (each purpose of the catalogue, its cases' count in «Kết luận»),
    the total, then the cases themselves: only with the clearance permission."""
    counts = clearance_counts(actor, start, end, organization)
    cases = list(
        clearance_list(actor, start=start, end=end, organization=organization, audited=False)
        .select_related("organization")
        .order_by("purpose__order", "purpose__name", "concluded_on", "id")
    )
    rows: list[list] = [[None, p.name, None, None, None, None, n] for p, n in counts]
    rows.append([None, "Tổng số", None, None, None, None, sum(n for _, n in counts)])
    rows.append([])
    for i, case in enumerate(cases, start=1):
        rows.append(
            [
                i,
                case.purpose.name,
                case.full_name,
                case.birth_date,
                case.requested_on,
                case.concluded_on,
                case.get_result_display(),
                case.organization.name,
            ]
        )
    return xlsx_response(
        actor=actor,
        action="export.cadres_clearance",
        target=organization,
        details={**_span(None, start, end), "cases": len(cases)},
        filename="ket-luan-tieu-chuan-chinh-tri.xlsx",
        title=(
            f"Kết luận tiêu chuẩn chính trị từ {start:%d/%m/%Y} đến {end:%d/%m/%Y} — "
            f"{organization.name}"
        ),
        headers=CLEARANCE_HEADERS,
        rows=rows,
        widths=[6, 36, 28, 12, 12, 12, 28, 34],
    )
