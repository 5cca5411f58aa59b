"""Creating users and API tokens (administrators only)."""

from __future__ import annotations

import secrets

from django.db import transaction

from tochuc.accounts.models import ApiToken, Role, User, token_hash
from tochuc.core.audit import audit_record
from tochuc.core.errors import Forbidden, ServiceError


def user_create(
    *,
    actor,
    username: str,
    role: str,
    scope=None,
    password: str | None = None,
    full_name: str = "",
    with_token: bool = False,
) -> tuple[User, str | None]:
    """Returns the user and, if asked, the API token (shown this once, only its hash is kept)."""
    if not (actor and actor.is_admin):
        raise Forbidden("Chỉ quản trị viên được tạo người dùng.")
    username = (username or "").strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = ["Tên đăng nhập không được để trống."]
    elif User.objects.filter(username=username).exists():
        errors["username"] = [f"Tên đăng nhập «{username}» đã có."]
    if role not in Role.values:
        errors["role"] = ["Vai trò phải là một trong: admin, staff, viewer, secretary."]
    elif role != Role.ADMIN and scope is None:
        errors["scope"] = ["Người dùng không phải quản trị phải có phạm vi (một tổ chức đảng)."]
    if (
        role == Role.SECRETARY
        and scope is not None
        and scope.kind not in ("branch", "grassroots_branch")
    ):
        errors["scope"] = ["Bí thư chi bộ phải có phạm vi là một chi bộ."]
    if password is not None and len(password) < 8:
        errors["password"] = ["Mật khẩu phải có ít nhất 8 ký tự."]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        user = User(
            username=username,
            role=role,
            scope=scope if role != Role.ADMIN else None,
            full_name=full_name,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        token = api_token_create(actor=actor, user=user) if with_token else None
        audit_record(
            actor=actor,
            action="user.create",
            target=user,
            after={"username": username, "role": role, "scope": scope.pk if scope else None},
        )
    return user, token


def api_token_create(*, actor, user: User, name: str = "") -> str:
    if not (actor and (actor.is_admin or actor.pk == user.pk)):
        raise Forbidden("Không có quyền tạo token cho người dùng này.")
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=token_hash(token), name=name)
    return token
