"""Lifecycle actions through the page and the API: same rules, same messages, same scope."""

from datetime import date

import pytest

from tests.factories import make_member
from tochuc.members.actions import ACTIONS
from tochuc.members.models import MemberEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def probationer(two_provinces, admin):
    a, _ = two_provinces
    return make_member(
        admin,
        a.branch1,
        full_name="Hà Thị Mai",
        gender="female",
        status="probationary",
        official_date=None,
        admission_date=date(2025, 1, 6),
        ceremony_date=date(2025, 1, 20),
        birth_date=date(1995, 4, 4),
    )


def test_record_page_shows_probation_deadline_and_actions(client, two_provinces, probationer):
    a, _ = two_provinces
    client.force_login(a.staff)
    html = client.get(f"/members/{probationer.pk}/").content.decode()
    assert "Dự bị đến hết ngày <b>20/01/2026</b>" in html
    assert "Công nhận đảng viên chính thức" in html and "Kết nạp lại" not in html
    assert "Tuổi Đảng: <b>1 năm</b>" in html


def test_confirm_through_the_page(client, two_provinces, probationer):
    a, _ = two_provinces
    client.force_login(a.staff)
    url = f"/members/{probationer.pk}/actions/confirm/"
    response = client.post(url, {"effective_date": "10/01/2026", "document_symbol": "21-QĐ/ĐU"})
    assert response.status_code == 400
    assert (
        "Chưa hết thời gian dự bị: 12 tháng kết thúc ngày 20/01/2026." in response.content.decode()
    )
    response = client.post(url, {"effective_date": "31/02/2026", "document_symbol": "21-QĐ/ĐU"})
    assert "«31/02/2026» không phải ngày có thật" in response.content.decode()
    response = client.post(url, {"effective_date": "02/02/2026", "document_symbol": "21-QĐ/ĐU"})
    assert response.status_code == 302
    probationer.refresh_from_db()
    assert (probationer.status, probationer.official_date) == ("official", date(2026, 1, 20))
    html = client.get(f"/members/{probationer.pk}/").content.decode()
    assert "Chính thức từ 20/01/2026" in html and "21-QĐ/ĐU" in html


def test_discipline_and_readmit_through_the_api(client, two_provinces):
    a, _ = two_provinces
    member = a.members[0]
    client.force_login(a.staff)
    url = f"/api/v1/members/{member.pk}"
    response = client.post(
        f"{url}/discipline",
        {"form": "expulsion", "effective_date": "2021-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "document_symbol" in response.json()["errors"]
    response = client.post(
        f"{url}/discipline",
        {"form": "expulsion", "effective_date": "2021-03-01", "document_symbol": "4-QĐ/UBKT"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["state"] == "expelled"
    response = client.post(
        f"{url}/readmit",
        {"effective_date": "2024-03-01", "document_symbol": "8-QĐ/ĐU"},
        content_type="application/json",
    )
    assert response.json()["state"] == "active" and response.json()["status"] == "probationary"
    timeline = client.get(f"{url}/events").json()
    assert [e["kind"] for e in timeline["events"]] == ["discipline", "readmit"]
    assert timeline["events"][0]["details"]["form_label"] == "Khai trừ"
    assert timeline["probation_end"] == "2025-03-01"
    full = (date.today() - date(2010, 5, 19)).days
    assert timeline["party_age_days"] == full - (date(2024, 3, 1) - date(2021, 3, 1)).days


@pytest.mark.parametrize("kind", list(ACTIONS))
def test_every_action_endpoint_is_scoped(client, two_provinces, kind):
    a, b = two_provinces
    member = a.members[0]
    payload = {
        "effective_date": "2025-06-02",
        "document_symbol": "1-QĐ/ĐU",
        "form": "warning",
        "reason": "other",
    }
    client.force_login(b.staff)
    slug = kind.replace("_", "-")
    assert (
        client.post(
            f"/api/v1/members/{member.pk}/{slug}", payload, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.post(f"/members/{member.pk}/actions/{kind}/", {}).status_code == 404
    assert client.get(f"/api/v1/members/{member.pk}/events").status_code == 404
    client.force_login(a.viewer)
    assert client.post(
        f"/api/v1/members/{member.pk}/{slug}", payload, content_type="application/json"
    ).status_code in (403, 422)
    assert not MemberEvent.objects.exists()


def test_actions_offered_follow_the_state(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    member = a.members[0]
    client.post(f"/members/{member.pk}/actions/death/", {"effective_date": "03/03/2025"})
    html = client.get(f"/members/{member.pk}/").content.decode()
    assert "Đã từ trần" in html
    assert "/actions/" not in html  # nothing left to do for a deceased member
    assert client.get("/members/999999/actions/confirm/").status_code == 404
    assert client.get(f"/members/{member.pk}/actions/nothing/").status_code == 404


def test_lost_contact_and_back_through_the_page(client, two_provinces):
    a, _ = two_provinces
    client.force_login(a.staff)
    member = a.members[0]
    response = client.post(
        f"/members/{member.pk}/actions/lose_contact/", {"effective_date": "03/03/2025"}
    )
    assert response.status_code == 302
    html = client.get(f"/members/{member.pk}/").content.decode()
    assert "Mất liên lạc" in html and "/actions/contact_restore/" in html
    assert "/actions/confirm/" not in html
    client.post(f"/members/{member.pk}/actions/contact_restore/", {"effective_date": "01/09/2025"})
    html = client.get(f"/members/{member.pk}/").content.decode()
    assert "Liên lạc lại, tiếp tục sinh hoạt" in html  # on the timeline
    assert "/actions/lose_contact/" in html
