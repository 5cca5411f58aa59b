"""The JSON API at /api/v1/ as a whole: its OpenAPI schema, framework errors in Vietnamese."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_lists_every_path(world):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in {
        "/api/v1/organizations": {"get", "post"},
        "/api/v1/organizations/{org_id}": {"get", "patch"},
        "/api/v1/organizations/{org_id}/children": {"get"},
        "/api/v1/organizations/{org_id}/stats": {"get"},
        "/api/v1/members": {"get", "post"},
        "/api/v1/members/{member_id}": {"get", "patch"},
    }.items():
        assert methods <= set(paths[path]), path


def test_ninja_errors_are_said_in_vietnamese(two_provinces):
    from django.test import Client

    a, _ = two_provinces
    client = Client(enforce_csrf_checks=True)
    client.force_login(a.staff)
    response = client.patch(
        f"/api/v1/members/{a.members[0].pk}", "{}", content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Thiếu hoặc sai mã CSRF: tải lại trang")
    client = Client()
    client.force_login(a.staff)
    response = client.patch(
        f"/api/v1/members/{a.members[0].pk}", "{không phải json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Nội dung gửi lên không phải JSON hợp lệ."
