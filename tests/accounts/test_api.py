"""The JSON API at /api/v1/: who may call it (session, token, CSRF) and what each role and
scope may reach."""

from __future__ import annotations

import pytest

from tests.api import NOT_FOUND, UNAUTHENTICATED, Api, everything, member_row, new_member
from tochuc.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def endpoints(a, b):
    """Every endpoint, called on A's objects (so only authentication and scope decide)."""
    return [
        ("GET", "/organizations", {"q": "cao bang"}),
        ("GET", f"/organizations/{a.province.pk}", None),
        ("GET", f"/organizations/{a.province.pk}/children", None),
        ("GET", f"/organizations/{a.province.pk}/stats", None),
        (
            "POST",
            "/organizations",
            {"name": "Chi bộ mới", "kind": "branch", "parent_id": a.school.pk},
        ),
        ("PATCH", f"/organizations/{a.school.pk}", {"name": "Đảng bộ mới"}),
        ("GET", "/members", {"q": "an"}),
        ("GET", f"/members/{a.members[0].pk}", None),
        ("POST", "/members", new_member(a.branch1)),
        ("PATCH", f"/members/{a.members[0].pk}", {"phone": "0987654321"}),
    ]


def test_anonymous_gets_401_everywhere(world, settings):
    # Many bad tokens from one address on purpose: the lockout they would cause has its own
    # tests (tests/accounts/test_lockout.py).
    settings.AXES_FAILURE_LIMIT = 1000
    a, b = world
    before = everything()
    for method, path, body in endpoints(a, b):
        for api in (Api(), Api(token="not-a-token"), Api(token=a.token + "x")):
            response = api.call(method, path, body)
            assert response.status_code == 401, (method, path)
            assert response.json() == UNAUTHENTICATED
    assert everything() == before


def test_session_login_and_bearer_token_both_work(world):
    a, _ = world
    by_session = Api(a.staff).get(f"/organizations/{a.province.pk}")
    by_token = Api(token=a.token).get(f"/organizations/{a.province.pk}")
    assert by_session.status_code == by_token.status_code == 200
    assert by_session.json() == by_token.json()
    created = Api(token=a.token).post("/members", new_member(a.branch1))
    assert created.status_code == 201
    audit = AuditEvent.objects.get(action="member.create", target_id=created.json()["id"])
    assert audit.actor.username == "script_a"


def test_session_writes_need_the_csrf_token(world):
    a, _ = world
    api = Api(a.staff, enforce_csrf_checks=True)
    response = api.patch(f"/members/{a.members[0].pk}", {"phone": "0987654321"})
    assert response.status_code == 403
    assert member_row(a.members[0].pk)["phone"] == ""
    # scripts use a token and need no CSRF token
    api = Api(token=a.token, enforce_csrf_checks=True)
    response = api.patch(f"/members/{a.members[0].pk}", {"phone": "0987654321"})
    assert response.status_code == 200


def test_province_a_never_reaches_province_b(world):
    a, b = world
    theirs = b.members[0]
    before = everything()
    for api in (Api(a.staff), Api(token=a.token), Api(a.viewer), Api(a.secretary)):
        for method, path, body in [
            ("GET", f"/organizations/{b.province.pk}", None),
            ("GET", f"/organizations/{b.office.pk}", None),
            ("GET", f"/organizations/{b.province.pk}/children", None),
            ("GET", f"/organizations/{b.province.pk}/stats", None),
            ("GET", f"/organizations/{b.office.pk}/stats", None),
            (
                "POST",
                "/organizations",
                {"name": "Chi bộ lạ", "kind": "grassroots_branch", "parent_id": b.bloc.pk},
            ),
            ("PATCH", f"/organizations/{b.office.pk}", {"name": "Chi bộ đổi tên"}),
            ("PATCH", f"/organizations/{b.office.pk}", {"parent_id": a.bloc.pk}),
            ("PATCH", f"/organizations/{a.office.pk}", {"parent_id": b.bloc.pk}),
            ("GET", f"/members/{theirs.pk}", None),
            ("GET", "/members", {"organization": b.province.pk}),
            ("POST", "/members", new_member(b.office)),
            ("PATCH", f"/members/{theirs.pk}", {"phone": "0987654321"}),
        ]:
            response = api.call(method, path, body)
            # out of sight comes before "may not write": a viewer gets 404 here too
            assert response.status_code == 404, (method, path, response.content)
            assert response.json() == NOT_FOUND
        # nothing of B by list or by search
        for params in [{}, {"q": "lang son"}, {"q": "chi bo so noi vu"}, {"kind": "province"}]:
            listed = api.get("/organizations", params).json()
            assert all(not o["name"].endswith("Lạng Sơn") for o in listed), params
            assert b.office.pk not in {o["id"] for o in listed}
        for params in [
            {},
            {"q": "le van binh"},
            {"q": theirs.citizen_id},
            {"q": theirs.citizen_id[:4]},
            {"gender": "male"},
            {"status": "official"},
        ]:
            page = api.get("/members", params).json()
            assert theirs.pk not in {m["id"] for m in page["results"]}, params
    assert everything() == before


def test_a_viewer_reads_but_cannot_write(world):
    a, _ = world
    viewer = Api(a.viewer)
    assert viewer.get(f"/members/{a.members[0].pk}").status_code == 200
    assert viewer.get(f"/organizations/{a.province.pk}/stats").status_code == 200
    before = everything()
    for method, path, body in [
        (
            "POST",
            "/organizations",
            {"name": "Chi bộ mới", "kind": "branch", "parent_id": a.school.pk},
        ),
        ("PATCH", f"/organizations/{a.school.pk}", {"name": "Đảng bộ mới"}),
        ("PATCH", f"/organizations/{a.school.pk}", {"parent_id": a.bloc.pk}),
        ("POST", "/members", new_member(a.branch1)),
        ("PATCH", f"/members/{a.members[0].pk}", {"phone": "0987654321"}),
    ]:
        response = viewer.call(method, path, body)
        assert response.status_code == 403, (method, path)
        assert response.json() == {
            "detail": "Tài khoản chỉ có quyền xem, không được thay đổi dữ liệu."
        }
    assert everything() == before


def test_a_secretary_works_in_their_branch_only(world):
    a, _ = world
    secretary = Api(a.secretary)
    page = secretary.get("/members").json()
    assert [m["full_name"] for m in page["results"]] == ["Nguyễn Văn An"]
    response = secretary.patch(f"/members/{a.members[0].pk}", {"phone": "0987654321"})
    assert response.status_code == 200
    assert (
        secretary.patch(f"/members/{a.members[1].pk}", {"phone": "0987654321"}).status_code == 404
    )
    assert secretary.post("/members", new_member(a.branch1)).status_code == 201
    assert secretary.post("/members", new_member(a.branch2)).status_code == 404
    response = secretary.patch(f"/organizations/{a.branch1.pk}", {"name": "Chi bộ mới"})
    assert response.status_code == 403
    assert "Bí thư chi bộ" in response.json()["detail"]
    assert secretary.get(f"/organizations/{a.school.pk}").status_code == 404
