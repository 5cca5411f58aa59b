"""Administrators list and create users (role and scope)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from tochuc.accounts.forms import UserCreateForm
from tochuc.accounts.models import User
from tochuc.accounts.services import user_create
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
