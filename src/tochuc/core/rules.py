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
