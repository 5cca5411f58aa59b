"""Ages that decide planning, appointment and re-election: the day a cadre reaches the
retirement age in force (a rule with its effective date), and the working time left from a
day, in months."""

from __future__ import annotations

from datetime import date

from tochuc.core.rules import rule_value
from tochuc.members.validators import add_months


def retirement_day(birth_date: date, gender: str, on: date) -> date:
    """The day the person reaches the retirement age the rule sets on `on`."""
    ages = rule_value("retirement_age", on)
    return add_months(birth_date, 12 * int(ages["female" if gender == "female" else "male"]))


def months_left(birth_date: date, gender: str, on: date) -> int:
    """Whole months of work left from `on` to the retirement day (0 when past it)."""
    end = retirement_day(birth_date, gender, on)
    if end <= on:
        return 0
    months = (end.year - on.year) * 12 + end.month - on.month
    return months - (1 if end.day < on.day else 0)


def said(months: int) -> str:
    """ "4 năm 7 tháng", "8 tháng", "0 tháng"."""
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years} năm {rest} tháng"
    return f"{years} năm" if years else f"{rest} tháng"
