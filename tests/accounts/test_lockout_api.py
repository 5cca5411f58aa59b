"""Bad bearer tokens lock out their address (not the token's user, not other addresses)."""

from __future__ import annotations

import pytest
from django.test import Client

from tochuc.accounts.services import api_token_create
from tochuc.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOCKED = "Địa chỉ này đã gửi token sai 5 lần: thử lại sau 15 phút, hoặc nhờ quản trị viên mở khóa."


def call(token, ip, client=None):
    client = client or Client()
    return client.get("/api/v1/organizations", HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=ip)


@pytest.fixture
def token(two_provinces, admin):
    return api_token_create(actor=admin, user=two_provinces[0].staff)


def test_bad_tokens_from_one_address_lock_it_out(token):
    for n in range(4):
        assert call(f"doan-{n}", "10.0.0.1").status_code == 401
    response = call("doan-4", "10.0.0.1")
    assert response.status_code == 429
    # now even the right token is refused from there
    response = call(token, "10.0.0.1")
    assert response.status_code == 429
    assert response.json() == {"detail": LOCKED}
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    # and works from another address
    assert call(token, "10.0.0.2").status_code == 200


def test_bad_tokens_from_many_addresses_do_not_add_up(token):
    # A token has no username: the failures must not all count under "no username".
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        for n in range(4):
            assert call(f"doan-{n}", ip).status_code == 401
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        assert call(token, ip).status_code == 200


def test_a_locked_address_keeps_its_browser_sessions(token, two_provinces):
    client = Client()
    client.force_login(two_provinces[0].staff)
    for n in range(5):
        call(f"doan-{n}", "10.0.0.1")
    response = client.get("/api/v1/organizations", REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200


def test_a_token_lockout_is_audited_once(token):
    for n in range(12):
        call(f"doan-{n}", "10.0.0.7")
    event = AuditEvent.objects.get(action="auth.lockout")
    assert event.target_type == "accessattempt"
    assert event.after == {
        "username": None,
        "ip_address": "10.0.0.7",
        "path": "/api/v1/organizations",
        "locked": ["ip_address"],
    }


def test_bad_tokens_also_lock_the_login_page_of_that_address(token, two_provinces):
    for n in range(5):
        call(f"doan-{n}", "10.0.0.8")
    response = Client().post(
        "/login/", {"username": "staff_a", "password": "matkhau-123"}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 429
