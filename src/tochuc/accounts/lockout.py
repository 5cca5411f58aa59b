"""The glue with django-axes: what a failure counts against, the Vietnamese lockout answer (page
and API), the audit row of a lockout, and clearing an account's failures when it logs in."""

from __future__ import annotations

import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_parameters
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max, Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from tochuc.accounts.backends import PENDING_KEY


class LockedOut(Exception):
    """The client's account or address is locked out (the API answers 429)."""


def _username(request_or_attempt, credentials) -> str | None:
    if credentials is not None:
        return credentials.get("username")
    username = getattr(request_or_attempt, "username", None)
    if username is None and hasattr(request_or_attempt, "POST"):
        username = request_or_attempt.POST.get("username")
    return username


def lockout_parameters(request_or_attempt, credentials=None) -> list[str]:
    """A login counts against its account and, separately, its address. A bearer token has no
    username: it counts against its address only, or every bad token in the country would add
    up under one "no username" and lock out every script."""
    if _username(request_or_attempt, credentials):
        return ["username", "ip_address"]
    return ["ip_address"]


def _locked_attempts(request, credentials):
    """Per lockout parameter ("username", "ip_address"), its attempts within the cool-off, for
    those that reached the limit (a combined parameter is named by its parts joined by +)."""
    handler = AxesProxyHandler.get_implementation()
    AxesProxyHandler.update_request(request)
    limit = get_failure_limit(request, credentials)
    found = {}
    params = get_lockout_parameters(request, credentials)
    for param, attempts in zip(
        params, handler.get_user_attempts(request, credentials), strict=True
    ):
        if (attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0) >= limit:
            found[param if isinstance(param, str) else "+".join(param)] = attempts
    return found


def _seconds_left(request, credentials) -> int:
    # The lock lifts when the last counted failure leaves the cool-off window (at the latest).
    latest = [
        a.aggregate(t=Max("attempt_time"))["t"]
        for a in _locked_attempts(request, credentials).values()
    ]
    latest = [t for t in latest if t]
    if not latest:
        return 60
    left = max(latest) + get_cool_off(request) - timezone.now()
    return max(60, math.ceil(left.total_seconds()))


def lockout_message(request, credentials=None) -> tuple[str, int]:
    """The sentence a locked-out client reads, and the seconds until it may try again."""
    seconds = _seconds_left(request, credentials)
    minutes = math.ceil(seconds / 60)
    limit = get_failure_limit(request, credentials)
    if _username(request, credentials):
        text = (
            f"Tài khoản hoặc địa chỉ này đã đăng nhập sai {limit} lần: thử lại sau {minutes} "
            "phút, hoặc nhờ quản trị viên mở khóa."
        )
    else:
        text = (
            f"Địa chỉ này đã gửi token sai {limit} lần: thử lại sau {minutes} phút, "
            "hoặc nhờ quản trị viên mở khóa."
        )
    return text, seconds


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page with the message (any login form, the Django
    admin's too), or the API's JSON. Status 429 and Retry-After either way."""
    if request.path.startswith("/api/"):
        if original_response is not None and original_response.status_code == 429:
            return original_response  # api.py already said it
        return api_lockout_response(request, credentials)
    text, seconds = lockout_message(request, credentials)
    if hasattr(request, "session"):
        request.session.pop(PENDING_KEY, None)
    form = AuthenticationForm(request, initial={"username": _username(request, credentials)})
    # where the user was going, for the login after the lock (LoginView checks it then)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    response = render(
        request, "login.html", {"form": form, "lockout": text, "next": next_url}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


def api_lockout_response(request, credentials=None):
    text, seconds = lockout_message(request, credentials)
    response = JsonResponse({"detail": text}, status=429, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = str(seconds)
    return response


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """axes' user_locked_out: an audit row when a lockout starts. Axes sends the signal again
    for every refused attempt during the lockout; only the failure that reached the limit
    starts one."""
    from tochuc.accounts.services import login_lockout_record

    credentials = getattr(request, "axes_credentials", None)
    if getattr(request, "axes_failures_since_start", None) != get_failure_limit(
        request, credentials
    ):
        return
    locked = _locked_attempts(request, credentials)
    login_lockout_record(
        username=username,
        ip_address=ip_address,
        path=request.path,
        locked=sorted(locked),
    )


def on_logged_in(sender, request, user, **kwargs):
    # The account proved its password: forget its own failures, not the address's others.
    AxesProxyHandler.reset_attempts(username=user.get_username())
