"""Regulation values in force on a date: the operator's rows first, then these defaults."""

from __future__ import annotations

from datetime import date

# key: (default value, the regulation it comes from). Operators override them with
# dated rows in core.Regulation (Django admin) when a regulation changes.
DEFAULTS: dict[str, tuple[object, str]] = {
    "admission_age_min": (18, "Quy định 294-QĐ/TW (2025), Điều 1"),
    "admission_age_max": (60, "Quy định 294-QĐ/TW (2025), Điều 1 (unconfirmed upper bound)"),
    "probation_months": (12, "Điều lệ Đảng, Điều 5"),
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
    "temporary_transfer_min_months": (3, "Hướng dẫn 06-HD/TW (2025)"),
    "temporary_transfer_max_months": (24, "Hướng dẫn 06-HD/TW (2025): đi học tối đa 2 năm"),
    "ceremony_deadline_working_days": (
        30,
        "Hướng dẫn 06-HD/TW (2025): tổ chức lễ kết nạp trong 30 ngày làm việc",
    ),
}


def rule_value(key: str, on: date | None = None):
    from tochuc.core.models import Regulation

    on = on or date.today()
    row = (
        Regulation.objects.filter(key=key, effective_from__lte=on)
        .order_by("-effective_from")
        .values_list("value", flat=True)
        .first()
    )
    if row is not None:
        return row
    return DEFAULTS[key][0]
