"""A congress: an organization's for a term (đại hội nhiệm kỳ), in the season's plan of the
level above, with its kind, its planned window, whether it is a pilot (đại hội điểm), the
approval of its plan, the day it was held; or superseded, when its organization was merged or
dissolved during the season (restructuring keeps the tree's history, the plan follows it)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import F, Q

from tochuc.documents.models import Document
from tochuc.orgs.models import Organization, Term


class Congress(models.Model):
    class Kind(models.TextChoices):
        MEMBERS = "members", "Đại hội đảng viên"
        DELEGATES = "delegates", "Đại hội đại biểu"

    class Status(models.TextChoices):
        PLANNED = "planned", "Chưa tổ chức"
        LATE = "late", "Chậm so với kế hoạch"
        HELD = "held", "Đã tổ chức"
        SUPERSEDED = "superseded", "Không tổ chức (sắp xếp tổ chức)"

    organization = models.ForeignKey(
        Organization,
        verbose_name="tổ chức đảng",
        on_delete=models.PROTECT,
        related_name="congresses",
    )
    term = models.ForeignKey(
        Term, verbose_name="nhiệm kỳ", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("hình thức", max_length=16, choices=Kind.choices)
    pilot = models.BooleanField("đại hội điểm", default=False)
    window_start = models.DateField("tổ chức từ ngày")
    window_end = models.DateField("tổ chức đến ngày")
    plan_approved_on = models.DateField("cấp trên duyệt kế hoạch ngày", null=True, blank=True)
    plan_decision = models.ForeignKey(
        Document,
        verbose_name="văn bản duyệt kế hoạch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField("ngày khai mạc", null=True, blank=True)
    held_until = models.DateField("ngày bế mạc", null=True, blank=True)
    superseded_on = models.DateField("không tổ chức từ ngày", null=True, blank=True)
    superseded_reason = models.CharField("lý do", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "term"], name="congress_once_a_term"),
            models.CheckConstraint(
                condition=Q(window_end__gte=F("window_start")), name="congress_window"
            ),
            models.CheckConstraint(
                condition=Q(held_until__isnull=True) | Q(held_until__gte=F("held_on")),
                name="congress_days",
            ),
        ]
        indexes = [models.Index(fields=["term", "held_on"], name="congress_term_held")]
        verbose_name = "đại hội"
        verbose_name_plural = "đại hội"

    def __str__(self):
        return f"Đại hội {self.organization} nhiệm kỳ {self.term}"

    def status_on(self, on: date) -> str:
        """Held by `on`, superseded by then, late (its window over) or still planned."""
        if self.held_on is not None and self.held_on <= on:
            return self.Status.HELD
        if self.superseded_on is not None and self.superseded_on <= on:
            return self.Status.SUPERSEDED
        return self.Status.LATE if self.window_end < on else self.Status.PLANNED


class DelegateQuota(models.Model):
    """Phân bổ đại biểu: how many delegates an organization sends to the congress of the level
    above (by its headcount on the day of the allocation)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="quotas")
    organization = models.ForeignKey(
        Organization,
        verbose_name="tổ chức bầu đại biểu",
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.PositiveIntegerField("số đảng viên khi phân bổ")
    seats = models.PositiveIntegerField("số đại biểu được bầu")

    class Meta:
        ordering = ["congress", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "organization"], name="quota_once")
        ]
        verbose_name = "phân bổ đại biểu"
        verbose_name_plural = "phân bổ đại biểu"

    def __str__(self):
        return f"{self.organization}: {self.seats} đại biểu"


class Election(models.Model):
    """A ballot of the congress (the committee, its standing committee, the secretary, the
    inspection committee, the delegates to the level above), round by round: the seats, the
    count's base as the counting record states it, the valid ballots; counted, then approved
    (after which only a correction, with its reason, changes it)."""

    class Body(models.TextChoices):
        COMMITTEE = "committee", "Ban Chấp hành"
        STANDING = "standing", "Ban Thường vụ"
        SECRETARY = "secretary", "Bí thư"
        DEPUTY = "deputy", "Phó Bí thư"
        INSPECTION = "inspection", "Ủy ban Kiểm tra"
        DELEGATES = "delegates", "Đại biểu đi dự đại hội cấp trên"

    class Status(models.TextChoices):
        DRAFT = "draft", "Chưa kiểm phiếu"
        COUNTED = "counted", "Đã kiểm phiếu"
        APPROVED = "approved", "Đã thông qua biên bản"

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="elections")
    body = models.CharField("bầu", max_length=16, choices=Body.choices)
    round = models.PositiveSmallIntegerField("lần bầu", default=1)
    seats = models.PositiveSmallIntegerField("số được bầu")
    convened = models.PositiveIntegerField("số được triệu tập", null=True, blank=True)
    transferred_away = models.PositiveIntegerField(default=0)
    exempted_absent = models.PositiveIntegerField(default=0)
    suspended = models.PositiveIntegerField(default=0)
    absent_with_leave = models.PositiveIntegerField(default=0)
    absent_without_alternate = models.PositiveIntegerField(default=0)
    ballots_valid = models.PositiveIntegerField("số phiếu hợp lệ", null=True, blank=True)
    counted_on = models.DateField("ngày kiểm phiếu", null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["congress", "body", "round"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "body", "round"], name="election_round")
        ]
        verbose_name = "cuộc bầu cử"
        verbose_name_plural = "cuộc bầu cử"

    def __str__(self):
        return f"Bầu {self.get_body_display()} lần {self.round}"


class ElectionCandidate(models.Model):
    """A name on the ballot, in the official order, with the votes the count gave it."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    order = models.PositiveSmallIntegerField("thứ tự")
    full_name = models.CharField("họ và tên", max_length=128)
    votes = models.PositiveIntegerField("số phiếu bầu", null=True, blank=True)
    elected = models.BooleanField("trúng cử", default=False)
    tied = models.BooleanField("bằng phiếu, bầu lại", default=False)

    class Meta:
        ordering = ["election", "order"]
        constraints = [
            models.UniqueConstraint(fields=["election", "order"], name="candidate_order")
        ]

    def __str__(self):
        return self.full_name
