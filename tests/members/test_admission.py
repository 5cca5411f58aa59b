"""Phát triển đảng viên: every step in order, each refusal, and admission at the ceremony."""

from datetime import date

import pytest

from tests.factories import citizen_id_for
from tochuc.core.errors import NotFound, ServiceError
from tochuc.members.models import ADMISSION_ORDER, Member
from tochuc.members.services import candidate_create, candidate_drop, candidate_step
from tochuc.orgs.selectors import organization_stats

pytestmark = pytest.mark.django_db

STEP_DATES = {
    "course": date(2024, 9, 10),
    "application": date(2024, 10, 1),
    "history": date(2024, 10, 5),
    "verification": date(2024, 11, 20),
    "introduction": date(2024, 12, 1),
    "opinions": date(2024, 12, 10),
    "branch_resolution": date(2025, 1, 6),
    "grassroots_resolution": date(2025, 1, 20),
    "decision": date(2025, 2, 10),
    "ceremony": date(2025, 3, 3),
}
DOCS = {"branch_resolution": "5-NQ/CB", "grassroots_resolution": "12-NQ/ĐU", "decision": "45-QĐ/HU"}


def _candidate(a, born=date(2002, 5, 1), listed_on=date(2024, 8, 1)):
    return candidate_create(
        actor=a.staff,
        organization=a.branch1,
        full_name="Triệu Thị Hoa",
        gender="female",
        birth_date=born,
        listed_on=listed_on,
        mentor=a.members[0],
        ethnicity="Dao",
        citizen_id=citizen_id_for("female", born),
    )


def _walk(a, candidate, until):
    for step in ADMISSION_ORDER[1:]:
        candidate = candidate_step(
            actor=a.staff,
            candidate=candidate,
            step=step,
            on=STEP_DATES[step],
            document_symbol=DOCS.get(step, ""),
        )
        if step == until:
            return candidate
    return candidate


def test_every_step_then_admitted_as_probationary(two_provinces):
    a, _ = two_provinces
    before = organization_stats(actor=a.staff, organization=a.branch1)["members"]
    candidate = _walk(a, _candidate(a), "ceremony")
    assert candidate.status == "admitted"
    member = candidate.member
    assert (member.status, member.admission_date, member.ceremony_date) == (
        "probationary",
        date(2025, 2, 10),
        date(2025, 3, 3),
    )
    assert member.events.get(kind="admit").document_symbol == "45-QĐ/HU"
    assert [s.step for s in candidate.steps.all()] == ADMISSION_ORDER
    after = organization_stats(actor=a.staff, organization=a.branch1)["members"]
    assert after["probationary"] == before["probationary"] + 1


def test_a_step_out_of_order_is_refused(two_provinces):
    a, _ = two_provinces
    candidate = _candidate(a)
    with pytest.raises(ServiceError) as err:
        candidate_step(actor=a.staff, candidate=candidate, step="application", on=date(2024, 10, 1))
    assert "Bước tiếp theo phải là «Học lớp bồi dưỡng nhận thức về Đảng»" in err.value.text()


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        (date(2007, 1, 7), True),
        (date(2007, 1, 8), False),
        (date(1964, 1, 8), True),
        (date(1964, 1, 7), False),
    ],
)
def test_age_18_to_60_at_the_branch_vote(two_provinces, born, ok):
    a, _ = two_provinces
    candidate = _walk(a, _candidate(a, born=born), "opinions")
    vote = lambda: candidate_step(  # noqa: E731
        actor=a.staff,
        candidate=candidate,
        step="branch_resolution",
        on=date(2025, 1, 7),
        document_symbol="5-NQ/CB",
    )
    if ok:
        assert vote().step == "branch_resolution"
    else:
        with pytest.raises(ServiceError, match="phải từ 18 đến 60 tuổi"):
            vote()


def test_course_certificate_valid_five_years(two_provinces):
    a, _ = two_provinces
    candidate = _candidate(a, listed_on=date(2018, 12, 1))
    candidate = candidate_step(
        actor=a.staff, candidate=candidate, step="course", on=date(2019, 1, 1)
    )
    for step in ["application", "history", "verification", "introduction", "opinions"]:
        candidate = candidate_step(
            actor=a.staff, candidate=candidate, step=step, on=date(2024, 1, 2)
        )
    with pytest.raises(ServiceError, match="hết hạn ngày 01/01/2024"):
        candidate_step(
            actor=a.staff,
            candidate=candidate,
            step="branch_resolution",
            on=date(2024, 1, 2),
            document_symbol="5-NQ/CB",
        )


def test_dates_documents_and_scope(two_provinces):
    a, b = two_provinces
    candidate = _walk(a, _candidate(a), "opinions")
    with pytest.raises(ServiceError) as err:
        candidate_step(
            actor=a.staff, candidate=candidate, step="branch_resolution", on=date(2025, 1, 6)
        )
    assert "document_symbol" in err.value.errors
    with pytest.raises(ServiceError, match="bước trước"):
        candidate_step(
            actor=a.staff,
            candidate=candidate,
            step="branch_resolution",
            on=date(2024, 12, 1),
            document_symbol="5-NQ/CB",
        )
    with pytest.raises(NotFound):
        candidate_step(
            actor=b.staff,
            candidate=candidate,
            step="branch_resolution",
            on=date(2025, 1, 6),
            document_symbol="5-NQ/CB",
        )
    with pytest.raises(ServiceError) as err:
        candidate_create(
            actor=a.staff,
            organization=a.branch1,
            full_name="Triệu Văn Nam",
            gender="male",
            birth_date=date(2000, 1, 1),
            listed_on=date(2025, 1, 1),
            mentor=b.members[0],
        )
    assert "mentor" in err.value.errors
    dropped = candidate_drop(actor=a.staff, candidate=candidate, reason="Chuyển công tác")
    assert dropped.status == "dropped"
    with pytest.raises(ServiceError, match="Dừng xét"):
        candidate_step(
            actor=a.staff,
            candidate=dropped,
            step="branch_resolution",
            on=date(2025, 1, 6),
            document_symbol="5-NQ/CB",
        )
    assert not Member.objects.filter(full_name="Triệu Thị Hoa").exists()


def test_admissions_in_a_period_with_cuts_and_the_target(two_provinces):
    from tochuc.members.selectors import admission_stats, admission_target
    from tochuc.members.services import admission_target_set

    a, b = two_provinces
    _walk(a, _candidate(a), "ceremony")  # a Dao woman, 22 at admission, admitted 10/02/2025
    stats = admission_stats(
        actor=a.staff, organization=a.province, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert (stats["total"], stats["women"], stats["ethnic_minorities"]) == (1, 1, 1)
    assert stats["age_bands"]["18-30"] == 1 and stats["religious"] == 0
    assert (
        admission_stats(
            actor=b.staff, organization=None, start=date(2025, 1, 1), end=date(2025, 12, 31)
        )["total"]
        == 0
    )
    # Records entered from the paper file count too: Hoàng Văn Dũng, admitted 03/02/2026.
    assert (
        admission_stats(
            actor=a.staff, organization=a.province, start=date(2026, 1, 1), end=date(2026, 12, 31)
        )["total"]
        == 1
    )
    admission_target_set(actor=a.staff, organization=a.branch1, year=2025, target=3)
    assert admission_target(actor=a.staff, organization=a.branch1, year=2025) == {
        "year": 2025,
        "target": 3,
        "admitted": 1,
    }
    with pytest.raises(NotFound):
        admission_target_set(actor=b.staff, organization=a.branch1, year=2025, target=5)
