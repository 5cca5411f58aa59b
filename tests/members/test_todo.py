"""The to-do screen's selector: each list narrowed in the database, the same answer as reading
everything (the admission board, every probationer), within the user's subtree only."""

from datetime import date, timedelta

import pytest

from tests.factories import make_member
from tochuc.members.models import AdmissionStep, Candidate
from tochuc.members.selectors import TODO_ROWS, admission_board, todo
from tochuc.members.services import confirm_deadline, probation_end
from tochuc.members.validators import add_months

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def _probationer(actor, org, name, admitted, ceremony=None):
    return make_member(
        actor,
        org,
        full_name=name,
        status="probationary",
        official_date=None,
        admission_date=admitted,
        ceremony_date=ceremony,
    )


def _candidate(org, name, step, step_date, course_date=None):
    return Candidate.objects.create(
        organization=org,
        full_name=name,
        search_key=name.lower(),
        gender="male",
        birth_date=date(2000, 1, 1),
        step=step,
        step_date=step_date,
        course_date=course_date,
    )


def test_probations_ending_within_a_month_in_order_of_their_end(two_provinces):
    a, b = two_provinces
    soon = add_months(TODAY, 1)
    due = _probationer(a.staff, a.branch1, "Lò Văn Sắp", add_months(TODAY, -12) + timedelta(3))
    late = _probationer(a.staff, a.branch2, "Lò Văn Quá", add_months(TODAY, -14))
    # Admitted long ago, but the ceremony (the start of probation) was recent.
    _probationer(
        a.staff, a.branch1, "Lò Văn Lễ", add_months(TODAY, -13), ceremony=add_months(TODAY, -6)
    )
    _probationer(a.staff, a.branch1, "Lò Văn Mới", add_months(TODAY, -6))
    _probationer(b.staff, b.office, "Lò Văn Khác", add_months(TODAY, -14))

    got = todo(actor=a.staff, today=TODAY)
    assert [p["member"].full_name for p in got["probations"]] == ["Lò Văn Quá", "Lò Văn Sắp"]
    assert got["probations_count"] == 2
    first = got["probations"][0]
    assert first["end"] == probation_end(late) and first["deadline"] == confirm_deadline(late)
    assert first["overdue"] and not got["probations"][1]["overdue"]
    assert probation_end(due) <= soon


def test_only_the_first_rows_are_read_with_the_full_count(two_provinces):
    a, _ = two_provinces
    letters = "ABCDEGHKLMNOPQRSTUVXY"
    for i in range(TODO_ROWS + 3):
        name = f"Lò Văn {letters[i % 21]}{letters[i // 21].lower()}"
        _probationer(a.staff, a.branch1, name, add_months(TODAY, -13) - timedelta(i))
    got = todo(actor=a.staff, today=TODAY)
    assert got["probations_count"] == TODO_ROWS + 3
    assert len(got["probations"]) == TODO_ROWS
    ends = [p["end"] for p in got["probations"]]
    assert ends == sorted(ends)  # the longest overdue first


def test_candidate_warnings_are_the_boards_warnings(two_provinces):
    a, b = two_provinces
    _candidate(a.branch1, "Hà Văn Lễ", AdmissionStep.DECISION, TODAY - timedelta(days=120))
    _candidate(a.branch1, "Hà Văn Kịp", AdmissionStep.DECISION, TODAY - timedelta(days=2))
    _candidate(a.branch2, "Hà Thị Chứng", AdmissionStep.COURSE, TODAY, add_months(TODAY, -59))
    _candidate(a.branch2, "Hà Thị Mới", AdmissionStep.COURSE, TODAY, add_months(TODAY, -6))
    _candidate(b.office, "Hà Văn Khác", AdmissionStep.DECISION, TODAY - timedelta(days=120))

    got = todo(actor=a.staff, today=TODAY)
    board = [
        row
        for column in admission_board(actor=a.staff, today=TODAY)
        for row in column["rows"]
        if row["warning"]
    ]
    assert got["candidate_warnings"] == board
    assert [r["candidate"].full_name for r in board] == ["Hà Thị Chứng", "Hà Văn Lễ"]
    assert got["candidate_warnings_count"] == 2


def test_small_branches_and_transfers_are_counted_in_scope(two_provinces, admin):
    from tochuc.members.models import Member
    from tochuc.members.services import member_transfer_start

    a, b = two_provinces
    got = todo(actor=a.staff, today=TODAY)
    assert got["small_branches_count"] == 4
    assert {o.name for o in got["small_branches"]} >= {"Chi bộ thôn Nà Cao Bằng"}
    assert all(o.official < 3 for o in got["small_branches"])
    assert got["incoming_count"] == 0 and got["outgoing_overdue_count"] == 0

    # Bình (B) is sent to A's branch: A receives a letter, B has issued one; long ago, so
    # B's is overdue. Neither side sees the other's list.
    binh = Member.objects.get(organization__path__startswith=b.province.path)
    member_transfer_start(
        actor=admin,
        member=binh,
        kind="permanent",
        to_org=a.branch1,
        start_date=date(2026, 1, 5),
        letter_symbol="01-GGT/TU",
        dues_paid_to=date(2025, 12, 31),
    )
    got_a, got_b = todo(actor=a.staff, today=TODAY), todo(actor=b.staff, today=TODAY)
    assert (got_a["incoming_count"], got_a["outgoing_overdue_count"]) == (1, 0)
    assert (got_b["incoming_count"], got_b["outgoing_overdue_count"]) == (0, 1)
