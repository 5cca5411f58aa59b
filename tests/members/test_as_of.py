"""The member's record as of a past date: placement, status, standing."""

from datetime import date

import pytest

from tests.factories import make_member
from tochuc.core.errors import NotFound
from tochuc.members.selectors import member_as_of
from tochuc.members.services import (
    member_confirm,
    member_exempt,
    member_transfer_accept,
    member_transfer_start,
)

pytestmark = pytest.mark.django_db


def test_replay_of_status_placement_and_standing(two_provinces, admin):
    a, b = two_provinces
    m = make_member(
        admin,
        a.branch1,
        full_name="Đàm Văn Lịch",
        status="probationary",
        official_date=None,
        admission_date=date(2024, 1, 10),
        ceremony_date=date(2024, 1, 25),
    )
    member_confirm(
        actor=a.staff, member=m, effective_date=date(2025, 3, 1), document_symbol="1-QĐ/ĐU"
    )
    t = member_transfer_start(
        actor=a.staff,
        member=m,
        kind="permanent",
        to_org=b.office,
        start_date=date(2025, 6, 2),
        letter_symbol="2-GGT",
        dues_paid_to=date(2025, 5, 1),
    )
    member_transfer_accept(actor=b.staff, transfer=t, accepted_on=date(2025, 6, 20))
    m.refresh_from_db()
    member_exempt(
        actor=b.staff, member=m, effective_date=date(2026, 1, 5), document_symbol="3-QĐ/ĐU"
    )

    def at(day):
        found = member_as_of(actor=b.staff, member=m, on=day)
        return found and (found["organization"].name, found["status"], found["state"])

    assert at(date(2023, 12, 31)) is None
    assert at(date(2024, 6, 1)) == ("Chi bộ Giáo viên", "probationary", "active")
    # Official from the end of probation (25/01/2025), though decided on 01/03/2025.
    assert at(date(2025, 2, 1)) == ("Chi bộ Giáo viên", "official", "active")
    assert at(date(2025, 6, 19)) == ("Chi bộ Giáo viên", "official", "active")
    assert at(date(2025, 6, 20)) == ("Chi bộ Sở Nội vụ", "official", "active")
    assert at(date(2026, 2, 1)) == ("Chi bộ Sở Nội vụ", "official", "exempted")
    with pytest.raises(NotFound):
        member_as_of(actor=a.staff, member=m, on=date(2025, 1, 1))  # no longer A's member


def test_as_of_on_the_page_and_the_api(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    m = a.members[0]
    html = client.get(f"/members/{m.pk}/?on=01/06/2010").content.decode()
    assert "Ngày 01/06/2010: đảng viên <b>dự bị</b>" in html
    html = client.get(f"/members/{m.pk}/?on=01/01/2000").content.decode()
    assert "là trước khi vào Đảng" in html
    assert client.get(f"/api/v1/members/{m.pk}/as-of?on=2012-01-01").json()["status"] == "official"
    assert client.get(f"/api/v1/members/{m.pk}/as-of?on=2001-01-01").status_code == 422
