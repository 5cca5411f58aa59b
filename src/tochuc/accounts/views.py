"""Administrators list and create users (role and scope)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from tochuc.accounts.forms import UserCreateForm
from tochuc.accounts.models import User
from tochuc.accounts.services import user_create
from tochuc.core.errors import NotFound, ServiceError
from tochuc.orgs.selectors import organization_find


def _admin_only(request):
    if not request.user.is_admin:
        raise PermissionDenied("Chỉ quản trị viên được quản lý người dùng.")


def user_list(request):
    _admin_only(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scope = None
            if data["scope"]:
                try:
                    scope = organization_find(actor=request.user, ref=data["scope"])
                except NotFound:
                    raise ServiceError(
                        {"scope": [f"Không tìm thấy tổ chức «{data['scope']}»."]}
                    ) from None
            user, _ = user_create(
                actor=request.user,
                username=data["username"],
                role=data["role"],
                scope=scope,
                password=data["password"],
                full_name=data["full_name"],
            )
            messages.success(request, f"Đã tạo người dùng «{user.username}».")
            return redirect("accounts:list")
        except ServiceError as exc:
            for field, msgs in exc.errors.items():
                for msg in msgs:
                    form.add_error(field if field in form.fields else None, msg)
    users = User.objects.select_related("scope").order_by("username")
    return render(
        request,
        "accounts/list.html",
        {"users": users, "form": form},
        status=400 if form.errors else 200,
    )
