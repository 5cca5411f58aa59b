"""Party age: from the first admission, minus every period outside the Party."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tochuc.members.party_age import Timeline, timeline_of

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))


def test_no_gaps_is_calendar_years():
    t = Timeline(admitted=date(1996, 2, 3))
    assert t.reached(30) == date(2026, 2, 3)
    assert t.years(date(2026, 2, 2)) == 29 and t.years(date(2026, 2, 3)) == 30


def test_readmission_pushes_the_anniversary_by_the_gap():
    t = timeline_of(
        date(1990, 5, 19),
        [
            ("remove", date(2000, 1, 1), {}),
            ("readmit", date(2002, 1, 1), {}),
        ],
    )
    assert t.gaps == ((date(2000, 1, 1), date(2002, 1, 1)),)
    assert t.reached(30) == date(2020, 5, 19) + timedelta(days=731)
    assert t.days(date(2001, 1, 1)) == (date(2000, 1, 1) - date(1990, 5, 19)).days


def test_expulsion_is_a_gap_and_death_stops_the_clock():
    t = timeline_of(
        date(1980, 1, 1),
        [
            ("discipline", date(1990, 1, 1), {"form": "warning"}),
            ("discipline", date(1995, 1, 1), {"form": "expulsion"}),
        ],
    )
    assert t.gaps == ((date(1995, 1, 1), None),) and t.reached(30) is None
    t = timeline_of(date(1980, 1, 1), [("death", date(2005, 6, 1), {})])
    assert t.years(date(2026, 1, 1)) == 25 and t.reached(30) is None


gaps_strategy = st.lists(st.tuples(days, st.integers(1, 4000)), max_size=4)


def _timeline(admitted, raw_gaps):
    gaps, cursor = [], admitted
    for start, length in sorted(raw_gaps):
        start = max(start, cursor + timedelta(days=1))
        gaps.append((start, start + timedelta(days=length)))
        cursor = start + timedelta(days=length)
    return Timeline(admitted=admitted, gaps=tuple(gaps))


@settings(max_examples=200, deadline=None)
@given(days, gaps_strategy, days)
def test_gaps_never_increase_party_age(admitted, raw_gaps, on):
    with_gaps = _timeline(admitted, raw_gaps)
    without = Timeline(admitted=admitted)
    assert with_gaps.days(on) <= without.days(on)
    assert with_gaps.years(on) <= without.years(on)


@settings(max_examples=200, deadline=None)
@given(days, gaps_strategy, days, st.integers(0, 4000))
def test_party_age_never_goes_down_with_time(admitted, raw_gaps, on, later):
    t = _timeline(admitted, raw_gaps)
    assert t.days(on + timedelta(days=later)) >= t.days(on)


@settings(max_examples=200, deadline=None)
@given(days, gaps_strategy, st.sampled_from([30, 40, 45, 50, 55, 60]))
def test_reached_is_the_first_day_with_those_years(admitted, raw_gaps, years):
    t = _timeline(admitted, raw_gaps)
    day = t.reached(years)
    assert day is not None
    assert t.years(day) >= years
    assert t.years(day - timedelta(days=1)) < years


def test_a_late_transfer_is_a_gap_unless_the_rule_says_otherwise():
    events = [
        ("transfer_out", date(2020, 3, 2), {}),
        (
            "transfer_in",
            date(2020, 6, 1),
            {"kind": "permanent", "late": True, "report_deadline": "2020-04-14"},
        ),
    ]
    t = timeline_of(date(2000, 1, 1), events)
    assert t.gaps == ((date(2020, 4, 14), date(2020, 6, 1)),)
    assert t.reached(30) == date(2030, 1, 1) + timedelta(days=48)
    assert timeline_of(date(2000, 1, 1), events, late_transfer_gaps=False).gaps == ()
    on_time = [
        (
            "transfer_in",
            date(2020, 4, 1),
            {"kind": "permanent", "late": False, "report_deadline": "2020-04-14"},
        )
    ]
    assert timeline_of(date(2000, 1, 1), on_time).gaps == ()
