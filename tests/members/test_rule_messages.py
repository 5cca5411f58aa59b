"""Messages that state a regulation's number read it from the rules in force on the date
concerned: an operator's new row changes the sentence as it changes the check."""

from datetime import date

import pytest

from tochuc.core.errors import ServiceError
from tochuc.core.models import Regulation
from tochuc.members.services import member_badge_award, member_confirm
from tochuc.reports.checks import data_checks

pytestmark = pytest.mark.django_db


def test_an_early_confirmation_names_the_probation_months_in_force(probationer, two_provinces):
    a, _ = two_provinces
    Regulation.objects.create(key="probation_months", value=18, effective_from=date(2025, 1, 1))
    with pytest.raises(ServiceError) as err:
        member_confirm(
            actor=a.staff,
            member=probationer,
            effective_date=date(2026, 7, 1),
            document_symbol="15-QĐ/ĐU",
        )
    assert "Chưa hết thời gian dự bị: 18 tháng kết thúc ngày 25/09/2026." in err.value.text()


def test_a_badge_on_another_day_names_the_occasions_in_force(probationer, two_provinces):
    a, _ = two_provinces
    Regulation.objects.create(
        key="badge_occasions", value=[[3, 2], [2, 9]], effective_from=date(2020, 1, 1)
    )
    with pytest.raises(ServiceError) as err:
        member_badge_award(
            actor=a.staff,
            member=probationer,
            years=30,
            occasion=date(2026, 5, 19),
            document_symbol="1-QĐ/TU",
        )
    assert "Đợt trao phải là ngày 3/2 hoặc 2/9." in err.value.text()


def test_a_single_occasion_in_force_is_named_alone(probationer, two_provinces):
    a, _ = two_provinces
    Regulation.objects.create(
        key="badge_occasions", value=[[3, 2]], effective_from=date(2020, 1, 1)
    )
    with pytest.raises(ServiceError) as err:
        member_badge_award(
            actor=a.staff,
            member=probationer,
            years=30,
            occasion=date(2026, 5, 19),
            document_symbol="1-QĐ/TU",
        )
    assert "Đợt trao phải là ngày 3/2." in err.value.text()


def test_the_checks_and_the_member_page_state_the_values_in_force(
    probationer, two_provinces, staff_a
):
    a, _ = two_provinces
    for key, value in [("probation_months", 9), ("confirm_deadline_working_days", 20)]:
        Regulation.objects.create(key=key, value=value, effective_from=date(2020, 1, 1))
    (late,) = [c for c in data_checks(actor=a.staff) if c.key == "qua-han-du-bi"]
    assert late.rule.startswith("Hết 9 tháng dự bị, chi bộ phải xét công nhận chính thức trong 20")
    page = staff_a.get(f"/members/{probationer.pk}/").content.decode()
    assert "(20 ngày làm việc)" in page
