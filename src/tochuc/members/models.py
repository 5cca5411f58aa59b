"""Party members: the record of form 2-HSĐV and what lists, search and counts need of it."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    OFFICIAL = "official", "Chính thức"


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
    occupation = models.CharField("nghề nghiệp", max_length=128, blank=True)
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
