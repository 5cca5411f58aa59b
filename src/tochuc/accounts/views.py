"""Administrators list and create users (role and scope); the two-step login; one's account."""

import textwrap
from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from tochuc.accounts.backends import PENDING_KEY, pending_get, pending_start, totp_device
from tochuc.accounts.forms import CodeForm, UserCreateForm
from tochuc.accounts.models import User
from tochuc.accounts.services import (
    CODE_WRONG,
    totp_disable,
    totp_enable,
    totp_setup_start,
    user_create,
)
from tochuc.core.errors import ServiceError
from tochuc.core.forms import form_submit
from tochuc.orgs.selectors import organization_pick


def _admin_only(request):
    if not request.user.is_admin:
        raise PermissionDenied("Chỉ quản trị viên được quản lý người dùng.")


def user_list(request):
    _admin_only(request)
    form = UserCreateForm(request.POST or None)

    def run(data):
        scope = None
        if data["scope"]:
            scope = organization_pick(actor=request.user, ref=data["scope"], field="scope")
        user, _ = user_create(
            actor=request.user,
            username=data["username"],
            role=data["role"],
            scope=scope,
            password=data["password"],
            full_name=data["full_name"],
        )
        return user

    if request.method == "POST":
        user = form_submit(form, run)
        if user:
            messages.success(request, f"Đã tạo người dùng «{user.username}».")
            return redirect("accounts:list")
    users = User.objects.select_related("scope").order_by("username")
    return render(
        request,
        "accounts/list.html",
        {"users": users, "form": form},
        status=400 if form.errors else 200,
    )


class PasswordLogin(LoginView):
    """The first step. A user with an authenticator is not logged in yet: the code comes next."""

    template_name = "login.html"

    def form_valid(self, form):
        user = form.get_user()
        if totp_device(user) is None:
            return super().form_valid(form)
        pending_start(self.request, user, self.get_success_url())
        return redirect("login_code")


@login_not_required
@never_cache
def login_code(request):
    pending = pending_get(request)
    if pending is None:
        messages.error(request, "Phiên đăng nhập đã hết hạn: nhập lại tên đăng nhập và mật khẩu.")
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=pending["username"], otp_token=form.cleaned_data["code"]
        )
        if user is not None:
            request.session.pop(PENDING_KEY, None)
            login(request, user)
            return redirect(pending["next"])
        form.add_error("code", _code_refused(request))
    return render(
        request,
        "accounts/login_code.html",
        {"form": form, "username": pending["username"]},
        status=400 if form.errors else 200,
    )


def _code_refused(request) -> str:
    until = getattr(request, "otp_locked_until", None)
    if until:
        seconds = max(1, round((until - timezone.now()).total_seconds()))
        return f"Đã nhập sai mã nhiều lần: đợi {seconds} giây rồi nhập mã đang hiện."
    return CODE_WRONG


@never_cache
def account(request):
    """One's account; an administrator turns the two-step login on or off here."""
    user = request.user
    action = request.POST.get("action")
    form = CodeForm(request.POST if action in ("enable", "disable") else None)
    if request.method == "POST":
        if action == "start":
            try:
                totp_setup_start(actor=user)
            except ServiceError as exc:
                messages.error(request, exc.text())
            return redirect("account")
        if action == "enable":
            device = form_submit(form, lambda data: totp_enable(actor=user, code=data["code"]))
            if device:
                otp_login(request, device)  # this session has just used it
                messages.success(request, "Đã bật xác thực hai bước.")
                return redirect("account")
        if action == "disable":

            def disable(data):
                totp_disable(actor=user, code=data["code"])
                return True

            if form_submit(form, disable):
                messages.success(request, "Đã tắt xác thực hai bước.")
                return redirect("account")
    context = {"form": form, "device": None, "setup": None}
    if user.is_admin:
        context["device"] = totp_device(user)
        setup = None if context["device"] else totp_device(user, confirmed=False)
        if setup:
            context["setup"] = {
                "qr": mark_safe(segno.make(setup.config_url, error="m").svg_inline(scale=4)),
                # in groups of four, as authenticator apps show it, easier to type by hand
                "secret": " ".join(textwrap.wrap(b32encode(setup.bin_key).decode(), 4)),
            }
    return render(request, "accounts/account.html", context, status=400 if form.errors else 200)
