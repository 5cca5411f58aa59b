"""An administrator turns on the two-step login, then logs in with the authenticator's code;
wrong passwords lock the login page."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def code_at(key: bytes, step_offset: int = 0) -> str:
    totp = TOTP(key)
    totp.time = time.time() + 30 * step_offset
    return f"{totp.token():06d}"


def test_an_administrator_turns_on_two_step_login_and_uses_it(page, admin):
    login(page, "admin")
    page.goto("/users/")
    page.click("text=Tài khoản của tôi")
    page.click("button:has-text('Bật xác thực hai bước')")
    page.wait_for_selector(".qr svg")
    key = b32decode(page.inner_text("code.secret").replace(" ", ""))
    shot(page, "account-2fa-setup")
    page.fill("input[name=code]", code_at(key))
    page.click("button:has-text('Xác nhận và bật')")
    page.wait_for_selector("text=Đã bật xác thực hai bước.")
    page.click("header button:has-text('Đăng xuất')")

    page.goto("/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "matkhau-123")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Mã xác thực')")
    assert page.locator("header nav").count() == 0  # not logged in yet
    page.fill("input[name=code]", "000000")
    page.click("button:has-text('Xác nhận')")
    page.wait_for_selector("text=Mã xác thực không đúng")
    shot(page, "login-2fa")
    # django-otp makes the next try after a wrong code wait a second: as if it had passed
    TOTPDevice.objects.filter(user=admin).update(throttling_failure_count=0)
    page.fill("input[name=code]", code_at(key, 1))  # the setup's code is used up
    page.click("button:has-text('Xác nhận')")
    page.wait_for_selector("h1:has-text('Việc cần làm')")


def test_wrong_passwords_lock_the_login_page(page, two_provinces):
    for _ in range(5):
        page.goto("/login/")
        page.fill("input[name=username]", "staff_a")
        page.fill("input[name=password]", "sai-mat-khau")
        page.click("button[type=submit]")
    page.wait_for_selector("text=thử lại sau 15 phút")
    page.fill("input[name=username]", "staff_a")
    page.fill("input[name=password]", "matkhau-123")
    page.click("button[type=submit]")
    text = page.locator("main").inner_text()
    assert "Tài khoản hoặc địa chỉ này đã đăng nhập sai 5 lần" in text
    shot(page, "login-locked")
