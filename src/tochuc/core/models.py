"""Shared models: the append-only audit trail and the regulation values the operator edits."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who changed what and when: one row per write, written in the write's transaction."""

    time = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=32)
    target_id = models.BigIntegerField()
    target_label = models.CharField(max_length=255, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id", "time"])]
        ordering = ["-time", "-id"]
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"

    def __str__(self):
        return f"{self.time:%d/%m/%Y %H:%M} {self.action} {self.target_label}"


class Regulation(models.Model):
    """A number a regulation sets (age at admission, months of probation ...), with its date.

    Regulations change; the value in force on a date is the latest row whose
    effective_from is on or before it, else the default in tochuc.core.rules.
    """

    key = models.CharField("khóa", max_length=64)
    value = models.JSONField("giá trị")
    effective_from = models.DateField("hiệu lực từ")
    source = models.CharField("căn cứ", max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="regulation_key_date")
        ]
        verbose_name = "quy định (tham số)"
        verbose_name_plural = "quy định (tham số)"

    def __str__(self):
        return f"{self.key} = {self.value} (từ {self.effective_from:%d/%m/%Y})"


class Lease(models.Model):
    """A short claim on a key across every worker process (one download at a time per user):
    held until dropped or until `expires`, so a process killed mid-way frees it soon."""

    key = models.CharField(max_length=128, unique=True)
    expires = models.DateTimeField()

    def __str__(self):
        return f"{self.key} (đến {self.expires:%H:%M:%S})"
