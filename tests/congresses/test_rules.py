"""The election rule on its boundaries: exactly half is not elected, the base of a members'
congress leaves out those away for a reason and the absent exempted (not those present), a
delegates' congress counts its alternates, ties at the edge go to a new round, a shortfall is
said; the ballot's surplus at most 30%."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tochuc.congresses.rules import (
    DELEGATES,
    MEMBERS,
    election_outcome,
    surplus_problem,
    vote_base,
)


def test_exactly_half_is_not_elected():
    got = election_outcome({"An": 50, "Bình": 51, "Cúc": 49}, seats=2, base=100)
    assert got.elected == ["Bình"] and got.shortfall == 1 and not got.tied


def test_a_members_congress_base_leaves_out_the_absent_for_a_reason_not_the_present_exempted():
    # 120 convened: 3 on temporary transfer, 2 exempted absent (an exempted who came counts),
    # 1 suspended, 4 absent the whole congress with leave
    base = vote_base(
        MEMBERS,
        convened=120,
        transferred_away=3,
        exempted_absent=2,
        suspended=1,
        absent_with_leave=4,
    )
    assert base == 110
    assert election_outcome({"An": 55}, 1, base).elected == []  # 55 of 110: half
    assert election_outcome({"An": 56}, 1, base).elected == ["An"]


def test_a_delegates_congress_base_leaves_out_only_the_absent_without_an_alternate():
    assert (
        vote_base(DELEGATES, convened=300, absent_with_leave=7, absent_without_alternate=5) == 295
    )


def test_a_tie_at_the_edge_goes_to_a_new_round():
    got = election_outcome({"An": 80, "Bình": 70, "Cúc": 70, "Dung": 60}, seats=2, base=100)
    assert got.elected == ["An"] and got.tied == ["Bình", "Cúc"] and not got.settled
    clean = election_outcome({"An": 80, "Bình": 70, "Cúc": 70, "Dung": 60}, seats=3, base=100)
    assert clean.elected == ["An", "Bình", "Cúc"] and clean.settled


@given(
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 500), max_size=15),
    st.integers(1, 10),
    st.integers(0, 600),
)
def test_the_elected_have_more_than_half_and_never_exceed_the_seats(votes, seats, base):
    got = election_outcome(votes, seats, base)
    assert len(got.elected) <= seats
    assert all(2 * votes[n] > base for n in got.elected + got.tied)
    assert len(got.elected) + got.shortfall <= seats
    losers = set(votes) - set(got.elected) - set(got.tied)
    for name in got.elected:  # nobody left out has more votes than someone elected
        assert all(votes[o] <= votes[name] for o in losers)


def test_the_ballots_surplus():
    assert surplus_problem(33, 33, 0.3).startswith("Danh sách bầu cử phải nhiều hơn")
    assert surplus_problem(42, 33, 0.3) == ""  # 33 + 9
    said = surplus_problem(43, 33, 0.3)
    assert "tối đa 42 người cho 33 người được bầu, hiện có 43 người (bớt 1)" in said
    assert surplus_problem(4, 3, 0.3) == ""  # 30% of 3 is under one: a small list adds one
