"""Party members: the record of form 2-HSĐV and what lists, search and counts need of it."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from tochuc.members.reference import (
    EDUCATION_LEVELS,
    OCCUPATION_GROUP_CHOICES,
    OTHER_OCCUPATION,
    THEORY_LEVELS,
)


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    OFFICIAL = "official", "Chính thức"


class MemberState(models.TextChoices):
    """Where a member stands in the Party today (set only by the lifecycle services)."""

    ACTIVE = "active", "Đang sinh hoạt"
    EXEMPTED = "exempted", "Miễn công tác và sinh hoạt đảng"
    REMOVED = "removed", "Đã xóa tên"
    EXPELLED = "expelled", "Đã khai trừ"
    DECEASED = "deceased", "Đã từ trần"
    LEFT = "left", "Đã chuyển sinh hoạt ra ngoài hệ thống"
    LOST_CONTACT = "lost_contact", "Mất liên lạc"


# Members in these states are counted (an exempted member is counted but not evaluated;
# one who lost contact is outside the Party until contact is restored, DOMAIN.md).
COUNTED_STATES = {MemberState.ACTIVE, MemberState.EXEMPTED}
UNCOUNTED_STATES = sorted(set(MemberState) - COUNTED_STATES)


class Member(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="chi bộ",
    )
    full_name = models.CharField("họ và tên", max_length=128)
    other_names = models.CharField("tên gọi khác", max_length=128, blank=True)
    # Derived from full_name by the service; they give the order of official lists.
    family_name = models.CharField(max_length=64, editable=False)
    middle_name = models.CharField(max_length=64, blank=True, editable=False)
    given_name = models.CharField(max_length=64, editable=False)
    search_key = models.CharField(max_length=128, editable=False)
    sort_key = models.CharField(max_length=400, editable=False)
    gender = models.CharField("giới tính", max_length=8, choices=Gender.choices)
    birth_date = models.DateField("ngày sinh")
    birth_place = models.CharField("nơi sinh", max_length=255, blank=True)
    hometown = models.CharField("quê quán", max_length=255, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=32, default="Kinh")
    religion = models.CharField("tôn giáo", max_length=64, default="Không")
    citizen_id = models.CharField("số CCCD", max_length=12, null=True, blank=True, unique=True)
    party_card_number = models.CharField(
        "số thẻ đảng viên", max_length=16, null=True, blank=True, unique=True
    )
    admission_date = models.DateField("ngày vào Đảng")
    official_date = models.DateField("ngày chính thức", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=MemberStatus.choices, default=MemberStatus.PROBATIONARY
    )
    state = models.CharField(
        "tình trạng", max_length=16, choices=MemberState.choices, default=MemberState.ACTIVE
    )
    ceremony_date = models.DateField("ngày lễ kết nạp", null=True, blank=True)
    occupation = models.CharField("nghề nghiệp", max_length=128, blank=True)
    # Derived from occupation by the service: the group the statistics count.
    occupation_group = models.CharField(
        "nhóm nghề nghiệp",
        max_length=16,
        choices=OCCUPATION_GROUP_CHOICES,
        default=OTHER_OCCUPATION,
        editable=False,
    )
    education_level = models.CharField(
        "trình độ chuyên môn", max_length=16, choices=EDUCATION_LEVELS, blank=True
    )
    theory_level = models.CharField(
        "trình độ lý luận chính trị", max_length=16, choices=THEORY_LEVELS, blank=True
    )
    youth_union = models.BooleanField("đoàn viên TNCS Hồ Chí Minh", default=False)
    phone = models.CharField("điện thoại", max_length=16, blank=True)
    photo = models.FileField("ảnh", upload_to="photos/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        indexes = [
            # Lists in official order, filtered to a subtree (and the common filters):
            # scan this index in order and test them without touching the table.
            models.Index(
                fields=["sort_key", "id", "organization", "status", "gender", "birth_date"],
                name="member_order",
            ),
            # Per-organization counts and filters read only the index.
            models.Index(
                fields=["organization", "status", "gender", "birth_date"], name="member_org_dims"
            ),
            # Substring search scans this index and tests the subtree without the table.
            models.Index(fields=["search_key", "organization"], name="member_search"),
            # The admissions of a period (a year's statistics) without reading every member.
            # Covering on PostgreSQL: the year's admissions and their cuts (counters.
            # admissions_on) come off the index alone, without visiting scattered rows.
            models.Index(
                fields=["admission_date"],
                include=["organization", "gender", "ethnicity", "religion", "youth_union"],
                name="member_admitted",
            ),
            # Probations to decide on (the to-do screen): a few in every thousand members.
            models.Index(
                fields=["admission_date", "ceremony_date"],
                condition=Q(status="probationary", state="active"),
                name="member_on_probation",
            ),
            # The few members the statistics leave out (a fraction of a percent): the
            # default list excludes them by id, so its ordered walks stay on the indexes.
            models.Index(
                fields=["organization"],
                condition=Q(state__in=UNCOUNTED_STATES),
                name="member_uncounted",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(admission_date__gt=F("birth_date")), name="member_admitted_after_birth"
            ),
            models.CheckConstraint(
                condition=Q(official_date__isnull=True) | Q(official_date__gte=F("admission_date")),
                name="member_official_after_admission",
            ),
        ]

    def __str__(self):
        return self.full_name


class MemberEvent(models.Model):
    """One dated step of a member's life in the Party: the member's timeline.

    Append-only. Party age and the record as of a past date are read off these rows.
    """

    class Kind(models.TextChoices):
        ADMIT = "admit", "Kết nạp"
        CONFIRM = "confirm", "Công nhận đảng viên chính thức"
        EXEMPT = "exempt", "Miễn công tác và sinh hoạt đảng"
        EXEMPT_END = "exempt_end", "Thôi miễn công tác và sinh hoạt đảng"
        DISCIPLINE = "discipline", "Kỷ luật"
        REMOVE = "remove", "Xóa tên"
        DEATH = "death", "Từ trần"
        READMIT = "readmit", "Kết nạp lại"
        BADGE = "badge", "Tặng Huy hiệu Đảng"
        TRANSFER_OUT = "transfer_out", "Chuyển sinh hoạt đi"
        TRANSFER_IN = "transfer_in", "Tiếp nhận sinh hoạt"
        LEAVE = "leave", "Chuyển sinh hoạt ra ngoài hệ thống"
        ARRIVE = "arrive", "Tiếp nhận sinh hoạt từ ngoài hệ thống"
        LOST_CONTACT = "lost_contact", "Mất liên lạc"
        CONTACT_RESTORE = "contact_restore", "Liên lạc lại, tiếp tục sinh hoạt"
        REASSIGN = "reassign", "Chuyển chi bộ theo sắp xếp tổ chức"
        TRAINING = "training", "Hoàn thành lớp đào tạo, bồi dưỡng"
        TRAINING_UNDO = "training_undo", "Hủy kết quả lớp đào tạo, bồi dưỡng"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("sự kiện", max_length=16, choices=Kind.choices)
    effective_date = models.DateField("ngày hiệu lực")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    document_symbol = models.CharField("số, ký hiệu văn bản", max_length=64, blank=True)
    document_date = models.DateField("ngày văn bản", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The restructuring plan that wrote this event (a reassignment), so it can be undone.
    plan = models.ForeignKey(
        "orgs.RestructuringPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["effective_date", "id"]
        indexes = [models.Index(fields=["member", "effective_date"])]
        verbose_name = "sự kiện của đảng viên"
        verbose_name_plural = "sự kiện của đảng viên"

    def __str__(self):
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class Placement(models.Model):
    """A period [start, end) in which a member stood in one organization with one standing.

    Derived from the record and its timeline (members.placements) and rewritten with every
    change, so counts at any past date are a range query, not a replay.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="placements")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến trước ngày", null=True, blank=True)
    state = models.CharField("tình trạng", max_length=16, choices=MemberState.choices)
    # Official from this day within the period's membership (None: probationary throughout).
    official_from = models.DateField(null=True, blank=True)
    # Copies of what the record counts under (members.counters.placement_copy), rewritten with
    # the periods, so a count at a past date reads the placements alone, not 6 million records.
    # Codes: positions in counters.CODES (None: a value outside them, counted under none).
    birth_year = models.PositiveSmallIntegerField()
    gender_code = models.PositiveSmallIntegerField(null=True)
    majority = models.BooleanField()  # of the majority ethnicity
    religious = models.BooleanField()
    youth_union = models.BooleanField()
    education_code = models.PositiveSmallIntegerField(null=True)
    theory_code = models.PositiveSmallIntegerField(null=True)
    occupation_code = models.PositiveSmallIntegerField(null=True)
    admission_date = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["member", "start_date"]),
            # Covering on PostgreSQL: a date's counts (counters.counts_on) read this index
            # alone, in the organizations' order.
            models.Index(
                fields=["organization", "start_date", "end_date", "state"],
                include=[
                    "official_from",
                    "birth_year",
                    "gender_code",
                    "majority",
                    "religious",
                    "youth_union",
                    "education_code",
                    "theory_code",
                    "occupation_code",
                ],
                name="placement_org",
            ),
            # The admissions of a year at a past date (counters.admissions_on), off the index.
            models.Index(
                fields=["admission_date"],
                include=[
                    "organization",
                    "start_date",
                    "end_date",
                    "gender_code",
                    "majority",
                    "religious",
                    "youth_union",
                ],
                name="placement_admitted",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="placement_ends_after_start",
            )
        ]
        verbose_name = "quá trình sinh hoạt"
        verbose_name_plural = "quá trình sinh hoạt"

    def __str__(self):
        return f"{self.organization_id} {self.start_date}–{self.end_date or ''}"


class Badge(models.Model):
    """A party-age badge awarded (Huy hiệu N năm tuổi Đảng): one per member and level."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="badges")
    years = models.PositiveSmallIntegerField("huy hiệu (năm tuổi Đảng)")
    occasion = models.DateField("đợt trao (3/2, 19/5, 2/9, 7/11)")
    document_symbol = models.CharField("số, ký hiệu quyết định", max_length=64)
    posthumous = models.BooleanField("truy tặng", default=False)
    early = models.BooleanField("xét sớm", default=False)
    event = models.OneToOneField(MemberEvent, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "years"], name="badge_once_per_level")
        ]
        verbose_name = "Huy hiệu Đảng"
        verbose_name_plural = "Huy hiệu Đảng"

    def __str__(self):
        return f"Huy hiệu {self.years} năm tuổi Đảng"


class Transfer(models.Model):
    """Chuyển sinh hoạt đảng: issued by the sending side, accepted by the receiving side.

    Permanent: the member moves on acceptance (until then still counted at home).
    Temporary: the member stays on the home roll; the host lists them but does not count them.
    No receiving organization: the member leaves the system at once.
    """

    class Kind(models.TextChoices):
        PERMANENT = "permanent", "Chính thức"
        TEMPORARY = "temporary", "Tạm thời"

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ tiếp nhận"
        ACCEPTED = "accepted", "Đã tiếp nhận"
        ENDED = "ended", "Đã kết thúc (tạm thời)"
        CANCELLED = "cancelled", "Đã hủy"
        LEFT = "left", "Đã chuyển ra ngoài hệ thống"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    from_org = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_org = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="transfers_in",
        null=True,
        blank=True,
    )
    destination = models.CharField("nơi chuyển đến (ngoài hệ thống)", max_length=255, blank=True)
    start_date = models.DateField("ngày giới thiệu")
    until = models.DateField("đến ngày (tạm thời)", null=True, blank=True)
    letter_symbol = models.CharField("số giấy giới thiệu", max_length=64)
    dues_paid_to = models.DateField("đã đóng đảng phí hết tháng")
    reason = models.CharField("lý do", max_length=255, blank=True)
    report_deadline = models.DateField("hạn báo cáo nơi đến")
    accepted_on = models.DateField("ngày tiếp nhận", null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["to_org", "status"]),
            models.Index(fields=["from_org", "status"]),
        ]
        verbose_name = "chuyển sinh hoạt đảng"
        verbose_name_plural = "chuyển sinh hoạt đảng"

    def __str__(self):
        return f"Chuyển sinh hoạt {self.get_kind_display().lower()} của {self.member}"


class AdmissionStep(models.TextChoices):
    """The steps of admission (Hướng dẫn 06-HD/TW 2025), in the order they must happen."""

    LISTED = "listed", "Chi bộ phân công đảng viên giúp đỡ (cảm tình Đảng)"
    COURSE = "course", "Học lớp bồi dưỡng nhận thức về Đảng"
    APPLICATION = "application", "Đơn xin vào Đảng (1-KNĐ)"
    HISTORY = "history", "Lý lịch người xin vào Đảng (2-KNĐ)"
    VERIFICATION = "verification", "Thẩm tra lý lịch"
    INTRODUCTION = "introduction", "Giới thiệu của đảng viên / Đoàn (3-KNĐ, 4-KNĐ)"
    OPINIONS = "opinions", "Ý kiến nơi cư trú và đoàn thể (5-KNĐ)"
    BRANCH_RESOLUTION = "branch_resolution", "Nghị quyết chi bộ (6-KNĐ)"
    GRASSROOTS_RESOLUTION = "grassroots_resolution", "Nghị quyết đảng ủy cơ sở (8-KNĐ)"
    DECISION = "decision", "Quyết định kết nạp (9-KNĐ)"
    CEREMONY = "ceremony", "Lễ kết nạp"


ADMISSION_ORDER = list(AdmissionStep.values)


class Candidate(models.Model):
    """Quần chúng ưu tú / cảm tình Đảng: a person in the admission pipeline of a branch."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "Đang bồi dưỡng, xét kết nạp"
        ADMITTED = "admitted", "Đã kết nạp"
        DROPPED = "dropped", "Dừng xét"

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name="chi bộ",
    )
    full_name = models.CharField("họ và tên", max_length=128)
    search_key = models.CharField(max_length=128, editable=False)
    gender = models.CharField("giới tính", max_length=8, choices=Gender.choices)
    birth_date = models.DateField("ngày sinh")
    ethnicity = models.CharField("dân tộc", max_length=32, default="Kinh")
    religion = models.CharField("tôn giáo", max_length=64, default="Không")
    citizen_id = models.CharField("số CCCD", max_length=12, null=True, blank=True)
    occupation = models.CharField("nghề nghiệp", max_length=128, blank=True)
    youth_union = models.BooleanField("đoàn viên", default=False)
    mentor = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentees",
        verbose_name="đảng viên giúp đỡ",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    step = models.CharField("bước hiện tại", max_length=32, choices=AdmissionStep.choices)
    step_date = models.DateField("ngày của bước hiện tại")
    course_date = models.DateField("ngày cấp giấy chứng nhận lớp bồi dưỡng", null=True, blank=True)
    member = models.OneToOneField(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidate"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "status", "step"])]
        verbose_name = "quần chúng ưu tú"
        verbose_name_plural = "quần chúng ưu tú"

    def __str__(self):
        return self.full_name


class CandidateStep(models.Model):
    """One step taken, with its date and document (the candidate's file)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=32, choices=AdmissionStep.choices)
    date = models.DateField("ngày")
    document_symbol = models.CharField("số, ký hiệu văn bản", max_length=64, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "step"], name="candidate_step_once")
        ]

    def __str__(self):
        return f"{self.get_step_display()} {self.date:%d/%m/%Y}"


class AdmissionTarget(models.Model):
    """Chỉ tiêu phát triển đảng viên: "phấn đấu kết nạp N đảng viên" of an organization in a year."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("năm")
    target = models.PositiveIntegerField("chỉ tiêu kết nạp")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="admission_target_once")
        ]

    def __str__(self):
        return f"{self.year}: {self.target}"
