"""Vietnamese number and date formats: 74.600, 87,65%, ngày 05 tháng 02 năm 2026."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """Thousands with '.', decimals with ',', rounded half up."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if rounded < 0 else "") + text


def percent(part: int, whole: int, decimals: int = 2) -> str:
    """497 of 567 -> '87,65%'."""
    if not whole:
        return ""
    return number(Decimal(part) * 100 / Decimal(whole), decimals) + "%"


def long_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def short_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
