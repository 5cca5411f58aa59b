"""Authentication backends beside Django's password one: API tokens, and the code of a login's
second step. Both run through django.contrib.auth.authenticate so that axes counts their
failures and refuses a locked account or address, as it does for passwords."""

from __future__ import annotations

import time

from django.contrib.auth.backends import BaseBackend, ModelBackend
from django_otp.plugins.otp_totp.models import TOTPDevice

from tochuc.accounts.models import ApiToken, token_hash

# The login whose password was right and whose code is awaited: the user and where to go next.
PENDING_KEY = "login_pending"
PENDING_SECONDS = 5 * 60


def pending_start(request, user, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "username": user.get_username(),
        "next": next_url,
        "at": time.time(),
    }


def pending_get(request) -> dict | None:
    pending = request.session.get(PENDING_KEY)
    if pending and time.time() - pending["at"] <= PENDING_SECONDS:
        return pending
    request.session.pop(PENDING_KEY, None)
    return None


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


class ApiTokenBackend(BaseBackend):
    """`authenticate(request, token=...)`: the token's user (one indexed lookup of its hash)."""

    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(key_hash=token_hash(token)).first()
        if found and found.user.is_active:
            return found.user
        return None


class TotpCodeBackend(BaseBackend):
    """`authenticate(request, username=..., otp_token=...)`: the second step of a login. Only
    for the user whose password this session has just proved, so a code alone never logs in."""

    def authenticate(self, request, username, otp_token):
        pending = pending_get(request) if request is not None else None
        if pending is None or pending["username"] != username:
            return None
        device = (
            TOTPDevice.objects.select_related("user")
            .filter(user_id=pending["user"], confirmed=True)
            .first()
        )
        if device is None or not device.user.is_active:
            return None
        allowed, throttle = device.verify_is_allowed()
        if not allowed:
            request.otp_locked_until = throttle.get("locked_until")
            return None
        if not device.verify_token(otp_token):
            return None
        # django_otp's user_logged_in receiver marks the session verified by this device.
        device.user.otp_device = device
        return device.user

    def get_user(self, user_id):
        return ModelBackend().get_user(user_id)
