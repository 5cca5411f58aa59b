"""Creating users and API tokens (administrators only); lockouts and two-step login."""

from __future__ import annotations

import secrets

from axes.models import AccessAttempt
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from tochuc.accounts.backends import totp_device
from tochuc.accounts.models import ApiToken, Role, User, token_hash
from tochuc.core.audit import audit_record
from tochuc.core.errors import Forbidden, ServiceError


def system_actor() -> User:
    """The operator of the command line and of work it queues: an administrator who sees
    everything, not a saved user (rows they write record no author)."""
    return User(username="cli", role=Role.ADMIN, is_active=True)


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


def login_lockout_record(*, username: str | None, ip_address: str, path: str, locked: list[str]):
    """The audit row of a lockout (axes keeps the failures themselves). Its target is the
    account when the account is what got locked; otherwise, a guessed name or a bad token,
    axes' row of the attempts that reached the limit."""
    with transaction.atomic():
        target = None
        if username and "username" in locked:
            target = User.objects.filter(username=username).first()
        if target is None:
            target = (
                AccessAttempt.objects.filter(username=username, ip_address=ip_address)
                .order_by("-attempt_time")
                .first()
            )
        if target is None:  # the attempts were cleared meanwhile: nothing left to point at
            return None
        return audit_record(
            actor=None,
            action="auth.lockout",
            target=target,
            after={"username": username, "ip_address": ip_address, "path": path, "locked": locked},
        )


CODE_WRONG = "Mã xác thực không đúng: nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."


def _two_factor_actor(actor) -> None:
    if not (actor and actor.is_authenticated and actor.is_admin):
        raise Forbidden("Chỉ quản trị viên dùng được xác thực hai bước.")


def totp_setup_start(*, actor) -> TOTPDevice:
    """A new secret, not yet in force: it is, once a code from it is confirmed."""
    _two_factor_actor(actor)
    with transaction.atomic():
        if totp_device(actor):
            raise ServiceError(
                "Xác thực hai bước đã bật: muốn đổi thiết bị thì tắt trước rồi bật lại."
            )
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        return TOTPDevice.objects.create(user=actor, name="Ứng dụng xác thực", confirmed=False)


def _verified(device: TOTPDevice, code: str) -> None:
    # Outside the write's transaction: a wrong code's throttling must be kept, not rolled back.
    if not device.verify_token(code):
        raise ServiceError({"code": [CODE_WRONG]})


def totp_enable(*, actor, code: str) -> TOTPDevice:
    _two_factor_actor(actor)
    device = totp_device(actor, confirmed=False)
    if device is None:
        raise ServiceError(
            {"code": ["Chưa có mã bí mật: bấm «Bật xác thực hai bước» để tạo mã mới."]}
        )
    _verified(device, code)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=actor, action="auth.2fa_enable", target=actor, after={"device": device.name}
        )
    return device


def totp_disable(*, actor, code: str) -> None:
    _two_factor_actor(actor)
    device = totp_device(actor)
    if device is None:
        raise ServiceError("Xác thực hai bước chưa bật: không có gì để tắt.")
    _verified(device, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        audit_record(
            actor=actor, action="auth.2fa_disable", target=actor, before={"device": device.name}
        )


def totp_remove(*, actor, username: str) -> User:
    """The operator removes a lost authenticator: the user then logs in with the password alone."""
    if not (actor and actor.is_admin):
        raise Forbidden("Chỉ quản trị viên được gỡ thiết bị xác thực của người khác.")
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            raise ServiceError({"username": [f"Không có người dùng «{username}»."]})
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if not removed:
            raise ServiceError({"username": [f"«{username}» chưa bật xác thực hai bước."]})
        audit_record(
            actor=actor, action="auth.2fa_remove", target=user, before={"devices": removed}
        )
    return user
