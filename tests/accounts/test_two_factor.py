"""Two-step login for administrators: an authenticator app's code after the password."""

from __future__ import annotations

import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import make_admin
from tochuc.accounts.backends import PENDING_KEY
from tochuc.accounts.forms import CODE_INVALID, parse_code
from tochuc.accounts.services import totp_enable, totp_setup_start
from tochuc.core.errors import Forbidden, ServiceError
from tochuc.core.models import AuditEvent

pytestmark = pytest.mark.django_db

WRONG = "Mã xác thực không đúng: nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."


def code_for(device: TOTPDevice) -> str:
    """The authenticator's code now. A code is good once: after one was used in this time step,
    the app's next one (the tolerance lets a step ahead pass), or as if a step had gone by."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    now = totp.t()
    if device.last_t >= now + 1:
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=now - 1)
    elif device.last_t >= now:
        totp.time += device.step
    return f"{totp.token():06d}"


def with_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)


def password_step(client, username="admin", next_url=None):
    data = {"username": username, "password": "matkhau-123"}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


@pytest.fixture
def admin_2fa(admin):
    return with_device(admin)


def test_an_administrator_turns_it_on_with_a_current_code(admin):
    client = Client()
    client.force_login(admin)
    page = client.get("/account/").content.decode()
    assert "Chưa bật" in page
    response = client.post("/account/", {"action": "start"})
    assert response.status_code == 302
    page = client.get("/account/").content.decode()
    assert "<svg" in page  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed
    secret = device.config_url.split("secret=")[1].split("&")[0]
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    # a wrong code does not turn it on
    response = client.post("/account/", {"action": "enable", "code": "000000"})
    assert response.status_code == 400
    assert WRONG in response.content.decode()
    assert not TOTPDevice.objects.get(user=admin).confirmed
    TOTPDevice.objects.filter(user=admin).update(throttling_failure_count=0)
    response = client.post("/account/", {"action": "enable", "code": code_for(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert "Đang bật" in client.get("/account/").content.decode()
    event = AuditEvent.objects.get(action="auth.2fa_enable")
    assert (event.actor, event.target_id) == (admin, admin.pk)
    # this session used the code: the Django admin lets it in
    assert client.get("/admin/").status_code == 200


def test_only_administrators_use_it(two_provinces):
    a, _ = two_provinces
    with pytest.raises(Forbidden):
        totp_setup_start(actor=a.staff)
    client = Client()
    client.force_login(a.staff)
    page = client.get("/account/")
    assert page.status_code == 200
    assert "Xác thực hai bước" not in page.content.decode()
    client.post("/account/", {"action": "start"})
    assert not TOTPDevice.objects.exists()


def test_enabling_without_a_started_setup_says_what_to_do(admin):
    with pytest.raises(ServiceError) as caught:
        totp_enable(actor=admin, code="123456")
    assert "Bật xác thực hai bước" in caught.value.errors["code"][0]


def test_the_password_alone_reaches_no_page(admin_2fa):
    client = Client()
    response = password_step(client)
    assert response.status_code == 302
    assert response["Location"] == "/login/code/"
    for path in ("/", "/members/", "/account/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(("/login/", "/admin/login/")), path
    assert client.get("/api/v1/organizations").status_code == 401
    page = client.get("/login/code/").content.decode()
    assert "Mã xác thực" in page and "«admin»" in page


def test_with_the_code_the_login_goes_on(admin_2fa):
    client = Client()
    password_step(client, next_url="/admin/")
    response = client.post("/login/code/", {"code": code_for(admin_2fa)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert PENDING_KEY not in client.session


def test_a_wrong_code_is_refused_and_the_next_one_must_wait(admin_2fa):
    client = Client()
    password_step(client)
    response = client.post("/login/code/", {"code": "000000"})
    assert response.status_code == 400
    assert WRONG in response.content.decode()
    # django-otp's throttling: the right code right after a wrong one waits a moment
    response = client.post("/login/code/", {"code": code_for(admin_2fa)})
    assert response.status_code == 400
    assert "Đã nhập sai mã nhiều lần: đợi 1 giây" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_malformed_code_is_named(admin_2fa):
    client = Client()
    password_step(client)
    response = client.post("/login/code/", {"code": "12a456"})
    assert response.status_code == 400
    assert CODE_INVALID in response.content.decode()


def test_wrong_codes_count_towards_the_lockout(admin_2fa, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only axes in play here
    client = Client()
    password_step(client)
    for _ in range(4):
        assert client.post("/login/code/", {"code": "000000"}).status_code == 400
    response = client.post("/login/code/", {"code": "000000"})
    assert response.status_code == 429
    assert "Tài khoản hoặc địa chỉ này đã đăng nhập sai 5 lần" in response.content.decode()
    # the password and a right code no longer help
    client = Client()
    assert password_step(client).status_code == 429
    assert client.post("/login/code/", {"code": code_for(admin_2fa)}).status_code == 302
    assert client.get("/").status_code == 302


def test_a_code_alone_logs_no_one_in(admin_2fa):
    client = Client()
    response = client.post("/login/code/", {"code": code_for(admin_2fa)})
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_the_code_step_expires(admin_2fa):
    client = Client()
    password_step(client)
    session = client.session
    session[PENDING_KEY]["at"] -= 10 * 60
    session.save()
    response = client.post("/login/code/", {"code": code_for(admin_2fa)}, follow=True)
    assert "Phiên đăng nhập đã hết hạn" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_session_from_before_the_code_does_not_open_the_django_admin(admin_2fa):
    client = Client()
    client.force_login(admin_2fa.user)
    response = client.get("/admin/")
    assert response.status_code == 302
    # another administrator without an authenticator is let in as before
    other = Client()
    other.force_login(make_admin("admin2"))
    assert other.get("/admin/").status_code == 200


def test_turning_it_off_needs_a_current_code(admin_2fa):
    client = Client()
    password_step(client)
    client.post("/login/code/", {"code": code_for(admin_2fa)})
    response = client.post("/account/", {"action": "disable", "code": "000000"})
    assert response.status_code == 400
    assert WRONG in response.content.decode()
    assert TOTPDevice.objects.filter(pk=admin_2fa.pk).exists()
    TOTPDevice.objects.filter(pk=admin_2fa.pk).update(throttling_failure_count=0)
    response = client.post("/account/", {"action": "disable", "code": code_for(admin_2fa)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    assert AuditEvent.objects.filter(action="auth.2fa_disable", target_id=admin_2fa.user_id)
    # the next login is one step again
    response = password_step(Client())
    assert response["Location"] == "/"


def test_the_operator_removes_a_lost_device(admin_2fa, capsys):
    call_command("otp_remove", "admin")
    assert not TOTPDevice.objects.exists()
    assert "Đã gỡ xác thực hai bước của «admin»" in capsys.readouterr().out
    event = AuditEvent.objects.get(action="auth.2fa_remove")
    assert event.target_id == admin_2fa.user_id
    assert password_step(Client())["Location"] == "/"
    with pytest.raises(CommandError, match="«admin» chưa bật xác thực hai bước."):
        call_command("otp_remove", "admin")
    with pytest.raises(CommandError, match="Không có người dùng «ai-do»."):
        call_command("otp_remove", "ai-do")


@given(st.lists(st.integers(0, 9), min_size=6, max_size=6), st.lists(st.sampled_from([" ", ""])))
def test_a_code_is_read_with_or_without_spaces(digits, gaps):
    code = "".join(map(str, digits))
    typed = "".join(d + (gaps[i] if i < len(gaps) else "") for i, d in enumerate(code))
    assert parse_code(f" {typed} ") == code


@given(st.text(max_size=12))
def test_anything_but_six_digits_is_refused_with_the_message(raw):
    from django.core.exceptions import ValidationError

    digits = "".join(raw.split())
    try:
        assert parse_code(raw) == digits
        assert len(digits) == 6 and digits.isascii() and digits.isdigit()
    except ValidationError as exc:
        assert exc.messages == [CODE_INVALID]
        assert not (len(digits) == 6 and digits.isascii() and digits.isdigit())
