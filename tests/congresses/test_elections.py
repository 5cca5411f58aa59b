"""A congress's ballots: made in the official order with the surplus checked, counted from the
counting record (exactly half is not elected; ties at the edge flagged for a new round),
approved, and changed after that only by a correction with its reason, audited; only the
congress's own subtree counts its votes."""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.congresses.models import Congress
from tochuc.congresses.services import (
    election_approve,
    election_create,
    plan_generate,
    votes_record,
)
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.models import AuditEvent
from tochuc.orgs.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(two_provinces, admin):
    a, b = two_provinces
    term = Term.objects.get(name="2025–2030")
    plan_generate(actor=admin, organization=a.province, term=term, on=date(2025, 3, 1))
    return a, b, Congress.objects.get(organization=a.commune, term=term)


def _count(actor, election, votes, **extra):
    by_name = {c.full_name: c.pk for c in election.candidates.all()}
    return votes_record(
        actor=actor,
        election=election,
        votes={by_name[n]: v for n, v in votes.items()},
        ballots_valid=extra.pop("ballots_valid", 100),
        counted_on=date(2025, 7, 20),
        base={"convened": 104, "absent_without_alternate": 4},
        **extra,
    )


def test_the_ballot_holds_more_names_than_seats_within_the_surplus(commune):
    a, _, congress = commune
    with pytest.raises(ServiceError) as refused:
        election_create(
            actor=a.staff, congress=congress, body="committee", seats=3, names=["A", "B", "C"]
        )
    assert "phải nhiều hơn số được bầu (3)" in refused.value.text()
    with pytest.raises(ServiceError) as refused:
        election_create(
            actor=a.staff, congress=congress, body="committee", seats=3, names=list("ABCDEF")
        )
    assert "tối đa 4 người cho 3 người được bầu, hiện có 6 người (bớt 2)" in refused.value.text()
    made = election_create(
        actor=a.staff,
        congress=congress,
        body="committee",
        seats=3,
        names=["An", "Bình", "Cúc", "Dung"],
    )
    assert [c.full_name for c in made.candidates.order_by("order")] == ["An", "Bình", "Cúc", "Dung"]


def test_the_count_elects_more_than_half_of_the_base_and_flags_a_tie(commune):
    a, _, congress = commune
    ballot = election_create(
        actor=a.staff,
        congress=congress,
        body="committee",
        seats=3,
        names=["An", "Bình", "Cúc", "Dung"],
    )
    # base: 104 convened less 4 absent without an alternate = 100; 50 is exactly half
    done = _count(a.staff, ballot, {"An": 90, "Bình": 50, "Cúc": 70, "Dung": 70})
    got = {c.full_name: (c.elected, c.tied) for c in done.candidates.all()}
    assert got == {
        "An": (True, False),
        "Cúc": (True, False),
        "Dung": (True, False),
        "Bình": (False, False),
    }
    tie = _count(a.staff, ballot, {"An": 90, "Bình": 80, "Cúc": 70, "Dung": 70})
    got = {c.full_name: (c.elected, c.tied) for c in tie.candidates.all()}
    assert got["Cúc"] == (False, True) and got["Dung"] == (False, True)
    with pytest.raises(ServiceError) as refused:
        _count(a.staff, ballot, {"An": 101, "Bình": 1, "Cúc": 1, "Dung": 1})
    assert "phải từ 0 đến số phiếu hợp lệ (100)" in refused.value.text()


def test_an_approved_count_changes_only_by_a_correction_with_its_reason(commune):
    a, b, congress = commune
    ballot = election_create(
        actor=a.staff, congress=congress, body="secretary", seats=1, names=["An"]
    )
    _count(a.staff, ballot, {"An": 95})
    election_approve(actor=a.staff, election=ballot)
    ballot.refresh_from_db()
    with pytest.raises(ServiceError) as refused:
        _count(a.staff, ballot, {"An": 94})
    assert "phải ghi lý do đính chính" in refused.value.text()
    _count(a.staff, ballot, {"An": 94}, reason="Biên bản ghi nhầm một phiếu")
    assert AuditEvent.objects.filter(action="election.correct").count() == 1
    with pytest.raises(NotFound):
        _count(b.staff, ballot, {"An": 1}, reason="x")
