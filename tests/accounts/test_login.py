"""The login page under attack: wrong passwords lock the account and, separately, the address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tochuc.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOCKED = (
    "Tài khoản hoặc địa chỉ này đã đăng nhập sai 5 lần: thử lại sau {} phút, "
    "hoặc nhờ quản trị viên mở khóa."
)
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def log_in(username, password, ip="10.0.0.1", client=None, **headers):
    client = client or Client()
    response = client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )
    return client, response


def logged_in(client) -> bool:
    return client.get("/").status_code == 200


@pytest.fixture
def staff(two_provinces):
    return two_provinces[0].staff


def test_thirty_wrong_passwords_then_the_right_one_is_refused(staff):
    for attempt in range(30):
        _, response = log_in("staff_a", f"sai-{attempt}")
        if attempt < 4:
            assert response.status_code == 200
            assert WRONG in response.content.decode()
    client, response = log_in("staff_a", "matkhau-123")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED.format(15) in page
    assert WRONG not in page
    assert 'value="staff_a"' in page  # the name stays typed in
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert not logged_in(client)


def test_the_account_is_locked_whatever_the_address(staff):
    for n in range(5):
        log_in("staff_a", "sai", ip=f"10.0.1.{n}")
    client, response = log_in("staff_a", "matkhau-123", ip="10.0.2.1")
    assert response.status_code == 429
    assert not logged_in(client)
    # another account from those addresses is not locked by it
    client, response = log_in("staff_b", "matkhau-123", ip="10.0.2.1")
    assert response.status_code == 302
    assert logged_in(client)


def test_thirty_usernames_from_one_address_lock_the_address(staff):
    for n in range(30):
        log_in(f"khong-co-{n}", "sai", ip="10.0.0.9")
    client, response = log_in("staff_a", "matkhau-123", ip="10.0.0.9")
    assert response.status_code == 429
    assert LOCKED.format(15) in response.content.decode()
    assert not logged_in(client)
    # the account itself is fine from elsewhere
    client, response = log_in("staff_a", "matkhau-123", ip="10.0.0.10")
    assert response.status_code == 302
    assert logged_in(client)


def test_a_forwarded_for_header_does_not_make_a_new_address(staff):
    # Without a proxy configured the address is REMOTE_ADDR: a client cannot pick its own.
    for n in range(5):
        log_in(f"khong-co-{n}", "sai", ip="10.0.0.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    _, response = log_in("staff_a", "matkhau-123", ip="10.0.0.9", HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert response.status_code == 429


def test_behind_a_configured_proxy_its_header_is_the_address(staff, settings):
    # docs/operator.md: the proxy overwrites X-Real-IP with the address it saw.
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP",)
    for n in range(5):
        log_in(
            f"khong-co-{n}",
            "sai",
            ip="10.9.9.9",
            HTTP_X_REAL_IP="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    # another client behind the same proxy logs in
    _, response = log_in("staff_a", "matkhau-123", ip="10.9.9.9", HTTP_X_REAL_IP="203.0.113.6")
    assert response.status_code == 302
    # the locked one stays locked whatever it writes in X-Forwarded-For
    _, response = log_in(
        "staff_b",
        "matkhau-123",
        ip="10.9.9.9",
        HTTP_X_REAL_IP="203.0.113.5",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert response.status_code == 429


def _age_attempts(minutes: int) -> None:
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - timedelta(minutes=minutes)
        )


def test_the_lock_lifts_after_the_cool_off(staff):
    for _ in range(5):
        log_in("staff_a", "sai")
    _age_attempts(10)
    _, response = log_in("staff_a", "matkhau-123")
    assert response.status_code == 429
    assert LOCKED.format(5) in response.content.decode()
    # failures during the lockout do not push its end
    _age_attempts(6)
    client, response = log_in("staff_a", "matkhau-123")
    assert response.status_code == 302
    assert logged_in(client)


def test_the_limit_and_the_cool_off_come_from_settings(staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    for _ in range(3):
        log_in("staff_a", "sai")
    _, response = log_in("staff_a", "matkhau-123")
    assert response.status_code == 429
    assert "đã đăng nhập sai 3 lần: thử lại sau 30 phút" in response.content.decode()


def test_logging_in_forgets_only_that_accounts_failures(staff, two_provinces):
    _, b = two_provinces
    # one's own typos are forgotten once the right password is given
    for _ in range(4):
        log_in("staff_a", "sai")
    assert log_in("staff_a", "matkhau-123")[1].status_code == 302
    for _ in range(4):
        log_in("staff_a", "sai")
    assert log_in("staff_a", "matkhau-123")[1].status_code == 302
    # but someone logging in to their own account from the same address does not
    # wipe the failures against another account
    for _ in range(4):
        log_in("staff_a", "sai", ip="10.0.0.5")
    assert log_in("staff_b", "matkhau-123", ip="10.0.0.5")[1].status_code == 302
    log_in("staff_a", "sai", ip="10.0.0.5")
    assert log_in("staff_a", "matkhau-123", ip="10.0.0.6")[1].status_code == 429


def test_a_lockout_is_written_once_in_the_audit_log(staff):
    for _ in range(30):
        log_in("staff_a", "sai", ip="10.0.0.3")
    log_in("staff_a", "matkhau-123", ip="10.0.0.3")
    event = AuditEvent.objects.get(action="auth.lockout")
    assert event.actor is None
    assert (event.target_type, event.target_id) == ("user", staff.pk)
    assert event.after == {
        "username": "staff_a",
        "ip_address": "10.0.0.3",
        "path": "/login/",
        "locked": ["ip_address", "username"],
    }


def test_an_address_lockout_with_guessed_names_is_audited_too(staff):
    for n in range(5):
        log_in(f"khong-co-{n}", "sai", ip="10.0.0.4")
    event = AuditEvent.objects.get(action="auth.lockout")
    assert event.target_type == "accessattempt"
    assert event.after == {
        "username": "khong-co-4",
        "ip_address": "10.0.0.4",
        "path": "/login/",
        "locked": ["ip_address"],
    }


def test_the_django_admin_logs_in_through_the_same_page(admin):
    client = Client()
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/accounts/user/"
    # its own form does not log anyone in
    response = client.post("/admin/login/", {"username": "admin", "password": "matkhau-123"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302
    # the site's login does, and takes the administrator back to the admin
    response = client.post(
        "/login/?next=/admin/", {"username": "admin", "password": "matkhau-123", "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_django_admin_is_behind_the_lockout(admin):
    for _ in range(5):
        log_in("admin", "sai")
    client = Client()
    response = client.post(
        "/login/", {"username": "admin", "password": "matkhau-123", "next": "/admin/"}
    )
    assert response.status_code == 429
    assert 'name="next" value="/admin/"' in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_user_who_never_failed_logs_in_in_one_step(staff):
    client, response = log_in("staff_a", "matkhau-123")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in(client)
