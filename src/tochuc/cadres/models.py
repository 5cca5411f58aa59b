"""Cadres (DOMAIN.md, Cadres): the positions of the tree and of the bodies its committees
manage, who holds each and from when (by which decision, a Document of the registry), the
committees of each term, planning for the next term, the dated moves of a cadre (appointment,
rotation ...) and the political-standard clearance cases, the system's most sensitive rows.

History is rows with dates, never an overwrite: a holding, a seat or a plan ends on a day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from tochuc.documents.models import Document
from tochuc.members.models import Candidate, Gender, Member
from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS
from tochuc.orgs.models import Organization, Term


class Body(models.Model):
    """A body outside the Party tree that a committee manages (HĐND, UBND, Mặt trận, a
    department of its Ban Tổ chức: "Phòng Tổ chức đảng - đảng viên")."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Hội đồng nhân dân"
        GOVERNMENT = "government", "Ủy ban nhân dân"
        FRONT = "front", "Mặt trận Tổ quốc, đoàn thể"
        AGENCY = "agency", "Cơ quan, ban của cấp ủy"
        DEPARTMENT = "department", "Phòng, đơn vị trực thuộc"
        OTHER = "other", "Cơ quan, đơn vị khác"

    organization = models.ForeignKey(
        Organization, verbose_name="cấp ủy quản lý", on_delete=models.PROTECT, related_name="bodies"
    )
    name = models.CharField("tên cơ quan, đơn vị", max_length=255)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )

    class Meta:
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="body_org_name")
        ]
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"

    def __str__(self):
        return self.name


class PositionTitle(models.Model):
    """Chức danh, from an editable catalogue: Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ ...;
    `committee_role` says which seat of a committee it is, if any."""

    class CommitteeRole(models.TextChoices):
        NONE = "", "Không phải chức danh cấp ủy"
        SECRETARY = "secretary", "Bí thư"
        DEPUTY = "deputy", "Phó Bí thư"
        STANDING = "standing", "Ủy viên Ban Thường vụ"
        MEMBER = "member", "Cấp ủy viên"

    name = models.CharField("chức danh", max_length=128, unique=True)
    committee_role = models.CharField(
        "vai trò trong cấp ủy", max_length=16, choices=CommitteeRole.choices, blank=True
    )
    theory_level = models.CharField(
        "trình độ lý luận yêu cầu", max_length=16, choices=THEORY_LEVELS, blank=True
    )
    education_level = models.CharField(
        "trình độ chuyên môn yêu cầu", max_length=16, choices=EDUCATION_LEVELS, blank=True
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "chức danh"
        verbose_name_plural = "chức danh"

    def __str__(self):
        return self.name


class ManagementLevel(models.Model):
    """Diện quản lý: "diện Bộ Chính trị quản lý", "diện Ban Thường vụ Tỉnh ủy quản lý" ..."""

    name = models.CharField("diện quản lý", max_length=128, unique=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "diện quản lý"
        verbose_name_plural = "diện quản lý"

    def __str__(self):
        return self.name


class Position(models.Model):
    """A position of an organization of the tree, or of a body it manages: "Bí thư Đảng ủy xã
    Một", "Trưởng phòng Tổ chức đảng - đảng viên". `seats`: how many may hold it at once (Phó
    Bí thư: 2)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="tổ chức đảng",
        on_delete=models.PROTECT,
        related_name="positions",
    )
    body = models.ForeignKey(
        Body,
        verbose_name="cơ quan, đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.ForeignKey(PositionTitle, verbose_name="chức danh", on_delete=models.PROTECT)
    management_level = models.ForeignKey(
        ManagementLevel,
        verbose_name="diện quản lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    seats = models.PositiveSmallIntegerField("số người đảm nhiệm", default=1)
    # From when the position exists (None: always): a report of a past day counts only the
    # positions standing that day.
    established_on = models.DateField("ngày lập chức vụ", null=True, blank=True)
    abolished_on = models.DateField("ngày bãi bỏ", null=True, blank=True)

    class Meta:
        ordering = ["organization", "body", "title__order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="position_seats"),
            models.CheckConstraint(
                condition=Q(established_on__isnull=True)
                | Q(abolished_on__isnull=True)
                | Q(abolished_on__gt=F("established_on")),
                name="position_dates",
            ),
        ]
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        where = self.body.name if self.body_id else self.organization.name
        return f"{self.title.name} — {where}"


class Cadre(models.Model):
    """A person holding or planned for a position: a member (their record holds the person's
    data) or an official outside the Party's rolls (mass organizations), recorded here."""

    member = models.OneToOneField(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="cadre"
    )
    # Where the cadre is managed (the scope of who may read the record): the member's
    # organization, or for an outside official the committee that records them.
    organization = models.ForeignKey(
        Organization, verbose_name="nơi quản lý", on_delete=models.PROTECT, related_name="cadres"
    )
    full_name = models.CharField("họ và tên", max_length=128)
    birth_date = models.DateField("ngày sinh")
    gender = models.CharField("giới tính", max_length=8, choices=Gender.choices)
    education_level = models.CharField(
        "trình độ chuyên môn", max_length=16, choices=EDUCATION_LEVELS, blank=True
    )
    theory_level = models.CharField(
        "trình độ lý luận chính trị", max_length=16, choices=THEORY_LEVELS, blank=True
    )
    management_level = models.ForeignKey(
        ManagementLevel,
        verbose_name="diện quản lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    sort_key = models.CharField(max_length=400, editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["organization", "sort_key"], name="cadre_org_order")]
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"

    def __str__(self):
        return self.full_name


class Holding(models.Model):
    """Who holds a position, from when to when (None: still), by which decision."""

    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="holdings")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="holdings")
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    # A term of office (bổ nhiệm: 5 years): when a reappointment is due.
    term_end = models.DateField("hết thời hạn giữ chức vụ", null=True, blank=True)
    acting = models.BooleanField("quyền, phụ trách", default=False)
    decision = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="holding_dates"
            )
        ]
        indexes = [
            models.Index(fields=["position", "end"], name="holding_position"),
            models.Index(fields=["cadre", "start"], name="holding_cadre"),
            models.Index(fields=["term_end"], name="holding_term_end"),
        ]

    def __str__(self):
        return f"{self.cadre} — {self.position_id} từ {self.start:%d/%m/%Y}"


class CommitteeSeat(models.Model):
    """A seat on an organization's committee for a term: secretary, deputy, standing member,
    member; joined (elected, added by decision) and left on their days."""

    Role = PositionTitle.CommitteeRole

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="committee_seats"
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="seats")
    role = models.CharField("vai trò", max_length=16, choices=Role.choices[1:])
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    decision = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_decision = models.ForeignKey(
        Document,
        verbose_name="quyết định cho thôi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["organization", "term", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="seat_dates"
            )
        ]
        indexes = [models.Index(fields=["organization", "term"], name="seat_org_term")]

    def __str__(self):
        return f"{self.cadre} — {self.get_role_display()} {self.term}"


class Planning(models.Model):
    """Quy hoạch: a cadre in the planning list of a position for a term; added by decision,
    reviewed yearly, removed with a reason."""

    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="plans")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="plans")
    added_on = models.DateField("ngày đưa vào quy hoạch")
    decision = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_on = models.DateField("ngày đưa ra khỏi quy hoạch", null=True, blank=True)
    removal_reason = models.CharField("lý do đưa ra", max_length=255, blank=True)
    removal_decision = models.ForeignKey(
        Document,
        verbose_name="quyết định đưa ra",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "added_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "term", "cadre"],
                condition=Q(removed_on__isnull=True),
                name="planning_once",
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | ~Q(removal_reason=""),
                name="planning_removed_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["term", "position"], name="planning_term")]

    def __str__(self):
        return f"{self.cadre} — quy hoạch {self.position_id} ({self.term})"


class PlanningReview(models.Model):
    """The yearly review of a plan (rà soát, bổ sung): kept or not, and why."""

    planning = models.ForeignKey(Planning, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField("năm rà soát")
    kept = models.BooleanField("tiếp tục quy hoạch", default=True)
    note = models.CharField("nhận xét", max_length=255, blank=True)
    decision = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["planning", "year"], name="planning_review_year")
        ]

    def __str__(self):
        return f"{self.planning_id} {self.year}"


class CadreEvent(models.Model):
    """A dated move of a cadre, by a decision: the cadre's timeline, and the "kiện toàn ...
    120 trường hợp" of a period (built only by cadres/events.py)."""

    class Kind(models.TextChoices):
        APPOINTMENT = "appointment", "Bổ nhiệm"
        REAPPOINTMENT = "reappointment", "Bổ nhiệm lại"
        PROMOTION = "promotion", "Đề bạt"
        ELECTION = "election", "Bầu cử"
        ROTATION = "rotation", "Luân chuyển"
        REASSIGNMENT = "reassignment", "Điều động"
        SECONDMENT = "secondment", "Biệt phái"
        RETURN = "return", "Kết thúc luân chuyển, trở về"
        DISMISSAL = "dismissal", "Thôi giữ chức vụ"
        RETIREMENT = "retirement", "Nghỉ hưu"
        CONCURRENCE_ASKED = "concurrence_asked", "Đề nghị hiệp y"
        CONCURRENCE_GIVEN = "concurrence_given", "Hiệp y"

    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    effective_date = models.DateField("ngày hiệu lực")
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Where the move is recorded (the scope of who sees it): the organization of the
    # position, or the committee that decided.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    other_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_date", "-id"]
        indexes = [
            models.Index(fields=["cadre", "effective_date"], name="cadre_event_cadre"),
            models.Index(fields=["organization", "effective_date"], name="cadre_event_org"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.cadre} {self.effective_date:%d/%m/%Y}"


class ClearancePurpose(models.Model):
    """What a clearance case is for, from an editable list (seed 001's: nhân sự đại hội, quy
    hoạch cấp ủy, bổ nhiệm cán bộ và kết nạp Đảng, thuyên chuyển, hiệp y bổ nhiệm ...)."""

    name = models.CharField("mục đích", max_length=128, unique=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "mục đích thẩm định tiêu chuẩn chính trị"
        verbose_name_plural = "mục đích thẩm định tiêu chuẩn chính trị"

    def __str__(self):
        return self.name


class PoliticalClearance(models.Model):
    """Kết luận tiêu chuẩn chính trị: a case for a person (a cadre, a member, a candidate of
    the admission pipeline, or someone not yet in the system) and a purpose, concluded by a
    committee. Read only by users given the permission, every read audited."""

    class Result(models.TextChoices):
        PENDING = "pending", "Đang thẩm định"
        CLEAR = "clear", "Đủ tiêu chuẩn chính trị"
        NOT_CLEAR = "not_clear", "Không đủ tiêu chuẩn chính trị"

    organization = models.ForeignKey(
        Organization,
        verbose_name="cấp ủy kết luận",
        on_delete=models.PROTECT,
        related_name="clearances",
    )
    purpose = models.ForeignKey(ClearancePurpose, verbose_name="mục đích", on_delete=models.PROTECT)
    cadre = models.ForeignKey(
        Cadre, null=True, blank=True, on_delete=models.PROTECT, related_name="clearances"
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField("họ và tên", max_length=128)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    requested_on = models.DateField("ngày đề nghị")
    concluded_on = models.DateField("ngày kết luận", null=True, blank=True)
    result = models.CharField(
        "kết luận", max_length=16, choices=Result.choices, default=Result.PENDING
    )
    conclusion = models.TextField("nội dung kết luận", blank=True)
    decision = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        permissions = [
            ("see_clearance", "Xem, ghi hồ sơ kết luận tiêu chuẩn chính trị"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="pending") | Q(concluded_on__isnull=False),
                name="clearance_concluded_on_a_day",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("requested_on")),
                name="clearance_dates",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "concluded_on"], name="clearance_org_date"),
        ]
        verbose_name = "hồ sơ kết luận tiêu chuẩn chính trị"
        verbose_name_plural = "hồ sơ kết luận tiêu chuẩn chính trị"

    def __str__(self):
        return f"{self.full_name} — {self.purpose}"
