"""Members' sections of the to-do screen: each list narrowed in the database, the same answer
as reading everything (the admission board, every probationer), within the user's subtree only."""

from datetime import date, timedelta

import pytest

from tests.factories import make_member
from tochuc.members.models import AdmissionStep, Candidate
from tochuc.members.selectors import admission_board
from tochuc.members.services import confirm_deadline, probation_end
from tochuc.members.todo import TODO_ROWS, candidates, probations, small_branches, transfers
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

    got = probations(a.staff, TODAY)
    assert [r.text for r in got.rows] == ["Lò Văn Quá", "Lò Văn Sắp"]
    assert got.count == 2
    first = got.rows[0]
    assert first.cells[1:] == (
        f"{probation_end(late):%d/%m/%Y}",
        f"{confirm_deadline(late):%d/%m/%Y}",
    )
    assert first.due == confirm_deadline(late)
    assert first.overdue and not got.rows[1].overdue
    assert first.url == f"/members/{late.pk}/" and first.action.text == "Công nhận"
    assert probation_end(due) <= soon


def test_only_the_first_rows_are_read_with_the_full_count(two_provinces):
    a, _ = two_provinces
    letters = "ABCDEGHKLMNOPQRSTUVXY"
    for i in range(TODO_ROWS + 3):
        name = f"Lò Văn {letters[i % 21]}{letters[i // 21].lower()}"
        _probationer(a.staff, a.branch1, name, add_months(TODAY, -13) - timedelta(i))
    got = probations(a.staff, TODAY)
    assert got.count == TODO_ROWS + 3
    assert len(got.rows) == TODO_ROWS
    assert got.more_note == f"Hiện {TODO_ROWS} người có hạn xét sớm nhất;"
    dues = [r.due for r in got.rows]
    assert dues == sorted(dues)  # the longest overdue first


def test_candidate_warnings_are_the_boards_warnings(two_provinces):
    a, b = two_provinces
    _candidate(a.branch1, "Hà Văn Lễ", AdmissionStep.DECISION, TODAY - timedelta(days=120))
    _candidate(a.branch1, "Hà Văn Kịp", AdmissionStep.DECISION, TODAY - timedelta(days=2))
    _candidate(a.branch2, "Hà Thị Chứng", AdmissionStep.COURSE, TODAY, add_months(TODAY, -59))
    _candidate(a.branch2, "Hà Thị Mới", AdmissionStep.COURSE, TODAY, add_months(TODAY, -6))
    _candidate(b.office, "Hà Văn Khác", AdmissionStep.DECISION, TODAY - timedelta(days=120))

    got = candidates(a.staff, TODAY)
    board = [
        row
        for column in admission_board(actor=a.staff, today=TODAY)
        for row in column["rows"]
        if row["warning"]
    ]
    assert [(r.text, r.warning) for r in got.rows] == [
        (r["candidate"].full_name, r["warning"]) for r in board
    ]
    assert [r["candidate"].full_name for r in board] == ["Hà Thị Chứng", "Hà Văn Lễ"]
    assert got.count == 2
    assert [r.overdue for r in got.rows] == [False, True]  # the ceremony is late, not the course


def test_small_branches_and_transfers_are_counted_in_scope(two_provinces, admin):
    from tochuc.members.models import Member
    from tochuc.members.services import member_transfer_start

    a, b = two_provinces
    got = small_branches(a.staff, TODAY)
    assert got.count == 4
    assert {r.text for r in got.rows} >= {"Chi bộ thôn Nà Cao Bằng"}
    assert all(int(r.note.split()[0]) < 3 for r in got.rows)
    assert [r.count for r in transfers(a.staff, TODAY).rows] == [0, 0]

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
    got_a, got_b = transfers(a.staff, TODAY), transfers(b.staff, TODAY)
    assert [r.count for r in got_a.rows] == [1, 0]
    assert [r.count for r in got_b.rows] == [0, 1] and got_b.rows[1].overdue
