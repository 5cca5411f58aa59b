"""The admission pipeline through the pages and the API, scoped to the subtree."""

from datetime import date

import pytest

from tochuc.members.models import Candidate

pytestmark = pytest.mark.django_db


def test_candidate_api_walk_and_scope(client, two_provinces):
    a, b = two_provinces
    client.force_login(a.staff)
    response = client.post(
        "/api/v1/candidates",
        {
            "organization_id": a.branch1.pk,
            "full_name": "Hoàng Văn Quý",
            "gender": "male",
            "birth_date": "2001-02-03",
            "listed_on": "2024-08-01",
            "mentor_id": a.members[0].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    cid = response.json()["id"]
    assert response.json()["next_step"] == "course"
    response = client.post(
        f"/api/v1/candidates/{cid}/steps",
        {"step": "application", "on": "2024-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "step" in response.json()["errors"]
    response = client.post(
        f"/api/v1/candidates/{cid}/steps",
        {"step": "course", "on": "2024-09-01"},
        content_type="application/json",
    )
    assert response.json()["step"] == "course"
    client.force_login(b.staff)
    assert client.get(f"/api/v1/candidates/{cid}").status_code == 404
    assert client.get("/api/v1/candidates").json() == []
    assert (
        client.post(
            f"/api/v1/candidates/{cid}/steps",
            {"step": "application", "on": "2024-10-01"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/candidates/{cid}/drop", {"reason": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/v1/candidates",
            {
                "organization_id": a.branch1.pk,
                "full_name": "Hoàng Văn Lạ",
                "gender": "male",
                "birth_date": "2001-02-03",
                "listed_on": "2024-08-01",
            },
            content_type="application/json",
        ).status_code
        == 404
    )
    client.force_login(a.viewer)
    assert (
        client.post(
            f"/api/v1/candidates/{cid}/steps",
            {"step": "application", "on": "2024-10-01"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_candidate_pages_and_board(client, two_provinces):
    a, b = two_provinces
    client.force_login(a.staff)
    response = client.post(
        f"/members/candidates/new/?organization={a.branch1.pk}",
        {
            "full_name": "Hoàng Văn Quý",
            "gender": "male",
            "birth_date": "03/02/2001",
            "ethnicity": "Tày",
            "religion": "Không",
            "listed_on": "01/08/2024",
            "mentor": a.members[0].pk,
        },
    )
    assert response.status_code == 302
    c = Candidate.objects.get()
    html = client.get(f"/members/candidates/?organization={a.province.pk}").content.decode()
    assert "Hoàng Văn Quý" in html and "1. Chi bộ phân công" in html
    html = client.get(f"/members/candidates/{c.pk}/").content.decode()
    assert "Bước tiếp theo: Học lớp bồi dưỡng nhận thức về Đảng" in html
    response = client.post(f"/members/candidates/{c.pk}/", {"on": "31/13/2024"})
    assert response.status_code == 400
    assert "«31/13/2024» không phải ngày có thật" in response.content.decode()
    client.post(f"/members/candidates/{c.pk}/", {"on": "10/09/2024"})
    c.refresh_from_db()
    assert c.step == "course" and c.course_date == date(2024, 9, 10)
    client.force_login(b.staff)
    assert client.get(f"/members/candidates/{c.pk}/").status_code == 404
    assert "Hoàng Văn Quý" not in client.get("/members/candidates/").content.decode()
    assert client.get(f"/members/candidates/new/?organization={a.branch1.pk}").status_code == 404
