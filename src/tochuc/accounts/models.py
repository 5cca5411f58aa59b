"""Users, their role and their scope (one organization and everything under it), API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị"
    STAFF = "staff", "Cán bộ tổ chức"
    VIEWER = "viewer", "Lãnh đạo (chỉ xem)"
    SECRETARY = "secretary", "Bí thư chi bộ"


class User(AbstractUser):
    role = models.CharField("vai trò", max_length=16, choices=Role.choices, default=Role.VIEWER)
    scope = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="phạm vi",
        help_text="Tổ chức đảng và toàn bộ cấp dưới mà người dùng được làm việc.",
    )
    full_name = models.CharField("họ và tên", max_length=128, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_write(self) -> bool:
        return self.role in (Role.ADMIN, Role.STAFF, Role.SECRETARY)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for scripts; only its hash is kept, the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"token {self.name or self.pk} của {self.user}"
