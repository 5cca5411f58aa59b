"""An import of a user's Excel or CSV file (members, or the organization tree): the file, its
column mapping, its progress and result."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tochuc.orgs.models import Organization


class Import(models.Model):
    class Status(models.TextChoices):
        READING = "reading", "Đang đọc tệp"
        UPLOADED = "uploaded", "Chờ xác nhận cột"
        QUEUED = "queued", "Đang chờ xử lý"
        CHECKING = "checking", "Đang kiểm tra"
        CHECKED = "checked", "Đã kiểm tra"
        WRITING = "writing", "Đang ghi dữ liệu"
        DONE = "done", "Đã nhập xong"
        REFUSED = "refused", "Không nhập: có dòng bị từ chối"
        CANCELLED = "cancelled", "Đã hủy"
        FAILED = "failed", "Lỗi"

    class Mode(models.TextChoices):
        ALL = "all", "Tất cả hoặc không gì cả"
        VALID = "valid", "Chỉ nhập các dòng hợp lệ"

    class Kind(models.TextChoices):
        MEMBERS = "members", "Đảng viên"
        ORGANIZATIONS = "organizations", "Cây tổ chức"

    # None: the command line's operator, who is not a saved user.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # the worker's heartbeat
    # None: a tree file of an administrator whose roots become the tree's roots.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="tổ chức nhận dữ liệu",
    )
    # What the file holds, told by its headers when it is read (parsing.file_kind).
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.MEMBERS)
    file = models.FileField(upload_to="imports/")
    file_name = models.CharField("tên tệp", max_length=255)
    sheet = models.CharField("trang tính", max_length=64, blank=True)
    header_row = models.PositiveIntegerField(default=0)  # 0-based index of the header line
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)  # column index (as text) -> field of its kind
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.ALL)
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.READING)
    cancel_requested = models.BooleanField(default=False)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # [{"row": file row number, "column": header, "message": ...}], first PROBLEMS_KEPT
    problems = models.JSONField(default=list)
    error = models.TextField(blank=True)
    # The process running it (claimed by the worker or the command line): on this host, a
    # dead holder means interrupted at once; the start time tells a reused pid apart.
    holder_host = models.CharField(max_length=255, blank=True)
    holder_pid = models.PositiveIntegerField(null=True, blank=True)
    holder_started = models.BigIntegerField(null=True, blank=True)  # /proc/<pid>/stat, ticks
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "các lần nhập dữ liệu"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
