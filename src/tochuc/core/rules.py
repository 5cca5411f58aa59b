"""Regulation values in force on a date: the operator's rows first, then these defaults."""

from __future__ import annotations

import time
from datetime import date

# key: (default value, the regulation it comes from). Operators override them with
# dated rows in core.Regulation (Django admin) when a regulation changes.
DEFAULTS: dict[str, tuple[object, str]] = {
    # Cadres (DOMAIN.md, Cadres): every one *unconfirmed*, an operator's setting.
    "retirement_age": (
        {"male": 62, "female": 60},
        "Bộ luật Lao động 2019, Điều 169 (tuổi nghỉ hưu tăng dần; ghi theo năm có hiệu lực)",
    ),
    "planning_people_per_position": (
        [2, 4],
        "Quy định 50-QĐ/TW (2021): mỗi chức danh quy hoạch 2-4 người (chưa đối chiếu văn bản)",
    ),
    "planning_positions_per_person": (
        3,
        "Quy định 50-QĐ/TW (2021): mỗi người quy hoạch không quá 3 chức danh (chưa đối chiếu văn bản)",
    ),
    "planning_years_left_at_term_start": (
        5,
        "Quy định 50-QĐ/TW (2021): đủ tuổi công tác ít nhất một nhiệm kỳ tính từ đầu nhiệm kỳ"
        " (chưa đối chiếu văn bản)",
    ),
    "appointment_term_years": (5, "Quy định 80-QĐ/TW (2022): thời hạn giữ chức vụ 5 năm"),
    "reappointment_notice_months": (
        6,
        "Quy định 80-QĐ/TW (2022): xem xét bổ nhiệm lại trước khi hết thời hạn (chưa đối chiếu văn bản)",
    ),
    "first_appointment_years_left": (
        5,
        "Quy định 80-QĐ/TW (2022): bổ nhiệm lần đầu phải đủ tuổi công tác 5 năm (chưa đối chiếu văn bản)",
    ),
    "reelection_months_left": (
        30,
        "Tái cử: còn đủ tuổi công tác ít nhất nửa nhiệm kỳ (30 tháng) tính từ đại hội"
        " (chưa đối chiếu văn bản)",
    ),
    "document_number_restart": (
        "term",
        "Hướng dẫn 36-HD/VPTW (2018): số văn bản của mỗi loại bắt đầu từ 01 mỗi nhiệm kỳ cấp ủy"
        " («term»; «year»: mỗi năm)",
    ),
    # Congresses (DOMAIN.md, Congresses and elections): *unconfirmed*, an operator's setting.
    "congress_delegates_from": (
        100,
        "Điều lệ Đảng, Điều 12 và Quy định thi hành: đảng bộ cơ sở có từ 100 đảng viên tổ chức đại"
        " hội đại biểu; cấp trên cơ sở và tỉnh luôn đại biểu (chưa đối chiếu văn bản)",
    ),
    "congress_window_days": (
        {"branch": [240, 181], "grassroots": [180, 121], "upper": [120, 61], "province": [60, 1]},
        "Chỉ thị về đại hội đảng bộ các cấp: cấp dưới đại hội trước (số ngày trước đầu nhiệm kỳ,"
        " từ ... đến ...; chưa đối chiếu văn bản)",
    ),
    "election_surplus_max": (
        0.3,
        "Quy định 190-QĐ/TW (2024): số dư danh sách bầu cấp ủy, ban thường vụ không quá 30% số"
        " được bầu",
    ),
    "admission_age_min": (18, "Quy định 294-QĐ/TW (2025), Điều 1"),
    "admission_age_max": (
        60,
        "Quy định 294-QĐ/TW (2025), Điều 1 (giới hạn trên chưa đối chiếu văn bản)",
    ),
    "probation_months": (12, "Điều lệ Đảng, Điều 5"),
    "branch_min_official": (3, "Điều lệ Đảng, Điều 21: chi bộ có từ 3 đảng viên chính thức"),
    "grassroots_branch_max_members": (
        30,
        "Điều lệ Đảng, Điều 21: tổ chức cơ sở đảng có từ 30 đảng viên thì lập đảng bộ cơ sở",
    ),
    "confirm_deadline_working_days": (
        30,
        "Quy định 294-QĐ/TW (2025): chi bộ xét công nhận chính thức trong 30 ngày làm việc",
    ),
    "badge_years": (
        [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90],
        "Quy định về xét tặng Huy hiệu Đảng: các mốc tuổi Đảng",
    ),
    # (day, month) of the four award occasions: 3/2, 19/5, 2/9, 7/11.
    "badge_occasions": ([[3, 2], [19, 5], [2, 9], [7, 11]], "Quy định về xét tặng Huy hiệu Đảng"),
    # Months early a badge may be considered for serious illness, by the badge's years.
    "badge_early_months": (
        {
            "30": 12,
            "40": 12,
            "45": 12,
            "50": 12,
            "55": 12,
            "60": 12,
            "65": 12,
            "70": 24,
            "75": 24,
            "80": 24,
            "85": 24,
            "90": 24,
        },
        "Quy định về xét tặng Huy hiệu Đảng (ốm nặng)",
    ),
    "badge_posthumous_months": (12, "Quy định về xét tặng Huy hiệu Đảng (truy tặng)"),
    "transfer_report_working_days": (
        30,
        "Hướng dẫn 06-HD/TW (2025): báo cáo nơi đến trong 30 ngày làm việc",
    ),
    # Unconfirmed reading of "gaps between transfers": the days after the report deadline
    # until the receiving side accepted the member are outside the Party.
    "transfer_late_is_gap": (True, "Điều lệ Đảng / Hướng dẫn 06-HD/TW (chưa đối chiếu văn bản)"),
    "temporary_transfer_min_months": (3, "Hướng dẫn 06-HD/TW (2025)"),
    "temporary_transfer_max_months": (24, "Hướng dẫn 06-HD/TW (2025): đi học tối đa 2 năm"),
    "course_certificate_years": (5, "Hướng dẫn 06-HD/TW (2025): giấy chứng nhận có giá trị 5 năm"),
    "ceremony_deadline_working_days": (
        30,
        "Hướng dẫn 06-HD/TW (2025): tổ chức lễ kết nạp trong 30 ngày làm việc",
    ),
}


_CACHE_SECONDS = 60
_cache: dict = {"at": 0.0, "rows": None}


def _rows() -> dict[str, list[tuple[date, object]]]:
    """All regulation rows by key, newest first; read at most once a minute per process
    (and again at once after a change in this process: see clear_cache)."""
    from tochuc.core.models import Regulation

    now = time.monotonic()
    if _cache["rows"] is None or now - _cache["at"] > _CACHE_SECONDS:
        rows: dict[str, list[tuple[date, object]]] = {}
        for key, day, value in Regulation.objects.order_by("-effective_from").values_list(
            "key", "effective_from", "value"
        ):
            rows.setdefault(key, []).append((day, value))
        _cache.update(at=now, rows=rows)
    return _cache["rows"]


def clear_cache(**_kwargs) -> None:
    _cache["rows"] = None


def rule_value(key: str, on: date | None = None):
    on = on or date.today()
    for day, value in _rows().get(key, ()):
        if day <= on:
            return value
    return DEFAULTS[key][0]
