"""Programmes (an editable catalogue), the schools that teach them, the classes and their
trainees. A class belongs to the organization of the tree that organizes it (its scope); a
trainee to the organization where the person is (the scope of their personal data)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import F, Q

from tochuc.cadres.models import Cadre
from tochuc.documents.models import Document
from tochuc.members.models import Candidate, Gender, Member
from tochuc.members.reference import THEORY_LEVELS
from tochuc.orgs.models import Organization


class Programme(models.Model):
    """Cao cấp, trung cấp, sơ cấp lý luận chính trị; bồi dưỡng nhận thức về Đảng ...: what a
    class teaches, the theory level its completion gives (none for a bồi dưỡng)."""

    class Kind(models.TextChoices):
        TRAINING = "training", "Đào tạo"
        FOSTERING = "fostering", "Bồi dưỡng"

    name = models.CharField("tên chương trình", max_length=160, unique=True)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    theory_level = models.CharField(
        "trình độ lý luận chính trị khi hoàn thành",
        max_length=16,
        choices=THEORY_LEVELS,
        blank=True,
    )
    length_days = models.PositiveIntegerField("thời gian (ngày)", null=True, blank=True)
    for_candidates = models.BooleanField("cho quần chúng ưu tú (nhận thức về Đảng)", default=False)
    order = models.PositiveIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "chương trình đào tạo, bồi dưỡng"
        verbose_name_plural = "chương trình đào tạo, bồi dưỡng"

    def __str__(self):
        return self.name


class School(models.Model):
    """Học viện, trường chính trị tỉnh, trung tâm chính trị: an organizer or co-organizer of
    classes, belonging to the committee it serves."""

    class Kind(models.TextChoices):
        ACADEMY = "academy", "Học viện"
        SCHOOL = "school", "Trường chính trị"
        CENTRE = "centre", "Trung tâm chính trị"

    organization = models.ForeignKey(
        Organization, verbose_name="thuộc", on_delete=models.PROTECT, related_name="schools"
    )
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="school_unique_name")
        ]
        verbose_name = "cơ sở đào tạo"
        verbose_name_plural = "cơ sở đào tạo"

    def __str__(self):
        return self.name


class TrainingClass(models.Model):
    """A class of a programme, organized by an organization of the tree (its committee, or a
    school of it), opened by a decision, from a day to a day."""

    class Mode(models.TextChoices):
        FULL_TIME = "full_time", "Tập trung"
        PART_TIME = "part_time", "Không tập trung"
        ONLINE = "online", "Trực tuyến"

    class Status(models.TextChoices):
        PLANNED = "planned", "Kế hoạch"
        RUNNING = "running", "Đang diễn ra"
        FINISHED = "finished", "Đã kết thúc"
        CANCELLED = "cancelled", "Đã hủy"

    programme = models.ForeignKey(
        Programme, verbose_name="chương trình", on_delete=models.PROTECT, related_name="classes"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="đơn vị tổ chức",
        on_delete=models.PROTECT,
        related_name="training_classes",
    )
    school = models.ForeignKey(
        School,
        verbose_name="cơ sở đào tạo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="classes",
    )
    co_organizers = models.ManyToManyField(
        School, verbose_name="phối hợp", blank=True, related_name="co_organized"
    )
    name = models.CharField("tên lớp", max_length=200)
    place = models.CharField("địa điểm", max_length=200, blank=True)
    mode = models.CharField("hình thức", max_length=16, choices=Mode.choices)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    planned_size = models.PositiveIntegerField("số học viên dự kiến", null=True, blank=True)
    decision = models.ForeignKey(
        Document,
        verbose_name="quyết định mở lớp",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "tình trạng", max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="class_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["organization", "starts_on"], name="class_org_start")]
        verbose_name = "lớp đào tạo, bồi dưỡng"
        verbose_name_plural = "lớp đào tạo, bồi dưỡng"

    def __str__(self):
        return self.name

    def state(self, on: date | None = None) -> str:
        """The class's status on `on` (today): cancelled or closed as recorded, else planned
        before its first day, running to its last, finished after."""
        if self.status in (self.Status.CANCELLED, self.Status.FINISHED):
            return self.status
        on = on or date.today()
        if on < self.starts_on:
            return self.Status.PLANNED
        return self.Status.RUNNING if on <= self.ends_on else self.Status.FINISHED

    def state_label(self) -> str:
        return self.Status(self.state()).label


class Trainee(models.Model):
    """A person in a class: a member, a candidate, a cadre outside the Party's rolls, or a
    person not in the system (by name); their result and certificate. A completion that
    raised the member's theory level keeps the level before, so a cancel can undo it."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", "Đang học"
        COMPLETED = "completed", "Hoàn thành"
        DROPPED = "dropped", "Thôi học"

    training_class = models.ForeignKey(
        TrainingClass, verbose_name="lớp", on_delete=models.CASCADE, related_name="trainees"
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="trainings"
    )
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.PROTECT, related_name="trainings"
    )
    cadre = models.ForeignKey(
        Cadre, null=True, blank=True, on_delete=models.PROTECT, related_name="trainings"
    )
    # Where the person is: the scope of their personal data (the member's organization ...).
    organization = models.ForeignKey(
        Organization,
        verbose_name="nơi sinh hoạt, công tác",
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField("họ và tên", max_length=128)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    gender = models.CharField("giới tính", max_length=8, choices=Gender.choices, blank=True)
    enrolled_on = models.DateField("ngày nhập học")
    status = models.CharField(
        "tình trạng", max_length=16, choices=Status.choices, default=Status.ENROLLED
    )
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    dropped_on = models.DateField("ngày thôi học", null=True, blank=True)
    absences = models.PositiveSmallIntegerField("số buổi vắng", null=True, blank=True)
    result = models.CharField("kết quả, xếp loại", max_length=64, blank=True)
    certificate_number = models.CharField("số giấy chứng nhận, bằng", max_length=64, blank=True)
    certificate_date = models.DateField("ngày cấp", null=True, blank=True)
    dropped_reason = models.CharField("lý do thôi học", max_length=255, blank=True)
    level_before = models.CharField(max_length=16, choices=THEORY_LEVELS, blank=True)
    level_given = models.CharField(max_length=16, choices=THEORY_LEVELS, blank=True)
    course_given = models.BooleanField(default=False)  # the candidate's admission course step

    class Meta:
        ordering = ["training_class", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "member"],
                condition=Q(member__isnull=False),
                name="trainee_member_once",
            ),
            models.UniqueConstraint(
                fields=["training_class", "candidate"],
                condition=Q(candidate__isnull=False),
                name="trainee_candidate_once",
            ),
            models.UniqueConstraint(
                fields=["training_class", "cadre"],
                condition=Q(cadre__isnull=False),
                name="trainee_cadre_once",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "completed_on"], name="trainee_org_completed"),
            # the report's completions of a period (PostgreSQL reads them off the index alone)
            models.Index(
                fields=["completed_on"],
                include=["organization", "training_class", "gender", "status"],
                name="trainee_completed",
            ),
        ]
        verbose_name = "học viên"
        verbose_name_plural = "học viên"

    def __str__(self):
        return self.full_name


class TrainingPlan(models.Model):
    """Kế hoạch đào tạo, bồi dưỡng: for an organizer and a year, how many classes of a
    programme it plans to hold and how many people to train in them (against what it did)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="đơn vị tổ chức",
        on_delete=models.PROTECT,
        related_name="training_plans",
    )
    year = models.PositiveSmallIntegerField("năm")
    programme = models.ForeignKey(
        Programme, verbose_name="chương trình", on_delete=models.PROTECT, related_name="+"
    )
    classes = models.PositiveIntegerField("số lớp")
    trainees = models.PositiveIntegerField("số học viên")
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["organization", "year", "programme__order", "programme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "programme"], name="training_plan_once"
            )
        ]
        verbose_name = "kế hoạch đào tạo, bồi dưỡng"
        verbose_name_plural = "kế hoạch đào tạo, bồi dưỡng"

    def __str__(self):
        return f"{self.programme} {self.year}"
