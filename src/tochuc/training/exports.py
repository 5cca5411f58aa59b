"""The training lists as .xlsx: the classes, the trainees, who to send next, the yearly plan.
Each reads the selector its page reads with the same filters (the page's ?format=xlsx), so a
page and its file agree; each download writes its audit_read row (`core.excel`). The
trainees of a province run to hundreds of thousands over the years: that one streams."""

from __future__ import annotations

from datetime import date

from tochuc.core.excel import xlsx_response, xlsx_stream
from tochuc.members.reference import THEORY_LEVELS
from tochuc.training import send

LEVELS = dict(THEORY_LEVELS)


def _details(f: dict) -> dict:
    return {k: str(getattr(v, "pk", v)) for k, v in f.items() if v not in (None, "", False)}


def classes_xlsx(*, actor, organization, rows, f: dict):
    headers = ["STT", "Lớp", "Chương trình", "Đơn vị tổ chức", "Cơ sở đào tạo", "Phối hợp"]
    headers += ["Hình thức", "Địa điểm", "Từ ngày", "Đến ngày", "Dự kiến", "Học viên"]
    headers += ["Hoàn thành", "Quyết định mở lớp", "Tình trạng"]
    return xlsx_response(
        actor=actor,
        action="export.training_classes",
        target=organization,
        details=_details(f),
        filename="lop-dao-tao-boi-duong.xlsx",
        title=f"Lớp đào tạo, bồi dưỡng — {organization.name if organization else 'Cả nước'}",
        headers=headers,
        rows=(
            [
                i,
                k.name,
                k.programme.name,
                k.organization.name,
                k.school.name if k.school_id else "",
                ", ".join(s.name for s in k.co_organizers.all()),
                k.get_mode_display(),
                k.place,
                k.starts_on,
                k.ends_on,
                k.planned_size,
                k.n,
                k.done,
                k.decision.symbol if k.decision_id else "",
                k.state_label(),
            ]
            for i, k in enumerate(rows, start=1)
        ),
    )


def trainees_xlsx(*, actor, organization, rows, f: dict):
    """None while the same user's other download of it runs (xlsx_stream)."""
    headers = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Nơi sinh hoạt, công tác", "Lớp"]
    headers += ["Chương trình", "Từ ngày", "Đến ngày", "Tình trạng", "Ngày hoàn thành"]
    headers += ["Kết quả", "Số giấy chứng nhận", "Ngày cấp", "Trình độ được nâng"]
    headers += ["Lý do thôi học"]
    return xlsx_stream(
        actor=actor,
        action="export.training_trainees",
        target=organization,
        details=_details(f),
        filename="hoc-vien-dao-tao-boi-duong.xlsx",
        title=f"Học viên đào tạo, bồi dưỡng — {organization.name if organization else 'Cả nước'}",
        headers=headers,
        rows=(
            [
                i,
                t.full_name,
                t.birth_date,
                t.get_gender_display(),
                t.organization.name,
                t.training_class.name,
                t.training_class.programme.name,
                t.training_class.starts_on,
                t.training_class.ends_on,
                t.get_status_display(),
                t.completed_on,
                t.result,
                t.certificate_number,
                t.certificate_date,
                LEVELS.get(t.level_given, "") if t.level_given else "",
                t.dropped_reason,
            ]
            for i, t in enumerate(rows.iterator(chunk_size=2000), start=1)
        ),
        expected=rows.count,
    )


def send_next_xlsx(*, actor, organization, rows, on: date, f: dict):
    listed = list(rows)
    positions = send.positions_lacking(listed, on)
    headers = ["STT", "Họ và tên", "Ngày sinh", "Nơi quản lý", "Trình độ hiện có", "Yêu cầu"]
    headers += ["Chức vụ, quy hoạch", "Đang học"]
    return xlsx_response(
        actor=actor,
        action="export.training_send_next",
        target=organization,
        details=_details(f) | {"on": on.isoformat()},
        filename="can-bo-can-cu-di-dao-tao.xlsx",
        title=f"Cán bộ cần cử đi đào tạo ngày {on:%d/%m/%Y} — "
        f"{organization.name if organization else 'Cả nước'}",
        headers=headers,
        rows=(
            [
                i,
                c.full_name,
                c.birth_date,
                c.organization.name,
                send.level_label(c.has),
                send.level_label(c.needed),
                "; ".join(f"{p} ({how})" for p, how, _ in positions[c.pk]),
                c.studying_in or "",
            ]
            for i, c in enumerate(listed, start=1)
        ),
    )


def plan_xlsx(*, actor, organization, year: int, rows):
    headers = ["STT", "Chương trình", "Lớp kế hoạch", "Lớp thực hiện", "Đạt"]
    headers += ["Học viên kế hoạch", "Học viên thực hiện", "Đạt", "Ghi chú"]
    return xlsx_response(
        actor=actor,
        action="export.training_plan",
        target=organization,
        details={"year": year},
        filename=f"ke-hoach-dao-tao-{year}.xlsx",
        title=f"Kế hoạch đào tạo, bồi dưỡng năm {year} — {organization.name}",
        headers=headers,
        rows=(
            [
                i,
                r.programme.name,
                r.plan.classes if r.plan else None,
                r.classes,
                r.classes_percent,
                r.plan.trainees if r.plan else None,
                r.trainees,
                r.trainees_percent,
                r.plan.note if r.plan else "",
            ]
            for i, r in enumerate(rows, start=1)
        ),
    )
