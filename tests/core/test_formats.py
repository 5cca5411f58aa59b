"""Vietnamese number and date formats as they appear in reports."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tochuc.core.formats import long_date, number, percent, short_date


def parse(text: str) -> Decimal:
    """Read a Vietnamese number back: '.' groups thousands, ',' marks decimals."""
    return Decimal(text.replace(".", "").replace(",", "."))


def test_thousands_with_dots():
    assert number(74600) == "74.600"
    assert number(999) == "999"
    assert number(1000) == "1.000"
    assert number(6_000_000) == "6.000.000"
    assert number(-1234567) == "-1.234.567"
    assert number(0) == "0"
    assert number(None) == ""


def test_decimals_with_comma():
    assert number(1234.5, 1) == "1.234,5"
    assert number(Decimal("87.6543"), 2) == "87,65"
    assert number(3, 2) == "3,00"


def test_rounding_is_half_up_not_to_even():
    assert number(Decimal("2.125"), 2) == "2,13"
    assert number(Decimal("2.135"), 2) == "2,14"
    assert number(0.125, 2) == "0,13"
    assert number(2.675, 2) == "2,68"  # what was typed, not the binary float below it
    assert number(Decimal("0.5")) == "1"
    assert number(Decimal("2.5")) == "3"
    assert number(Decimal("-2.5")) == "-3"
    assert number(Decimal("-0.4")) == "0"  # no "-0"


def test_percent():
    assert percent(497, 567) == "87,65%"
    assert percent(1, 800) == "0,13%"  # 0,125 rounds half up
    assert percent(1, 8) == "12,50%"
    assert percent(567, 567) == "100,00%"
    assert percent(0, 567) == "0,00%"
    assert percent(1, 3, 0) == "33%"
    assert percent(5, 0) == ""  # nothing planned: no figure rather than a division error


def test_dates():
    assert long_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert long_date(date(2025, 12, 31)) == "ngày 31 tháng 12 năm 2025"
    assert long_date(None) == ""
    assert short_date(date(2026, 2, 5)) == "05/02/2026"
    assert short_date(None) == ""


@given(st.integers(min_value=-(10**15), max_value=10**15))
@settings(max_examples=300, deadline=None)
def test_integers_round_trip(value):
    text = number(value)
    assert parse(text) == value
    assert "," not in text
    digits = text.lstrip("-").split(".")
    assert all(len(group) == 3 for group in digits[1:])
    assert 1 <= len(digits[0]) <= 3


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=4),
    st.integers(min_value=0, max_value=3),
)
@settings(max_examples=300, deadline=None)
def test_decimals_round_trip_to_the_rounded_value(value, decimals):
    text = number(value, decimals)
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert parse(text) == expected
    if decimals:
        assert len(text.rsplit(",", 1)[1]) == decimals
    else:
        assert "," not in text


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
@settings(max_examples=300, deadline=None)
def test_floats_round_trip(value):
    text = number(value, 2)
    assert abs(parse(text) - Decimal(str(value))) <= Decimal("0.005")


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
@settings(max_examples=300, deadline=None)
def test_percent_round_trips(part, whole):
    text = percent(part, whole)
    assert text.endswith("%")
    exact = Decimal(part) * 100 / Decimal(whole)
    assert abs(parse(text[:-1]) - exact) <= Decimal("0.005")
