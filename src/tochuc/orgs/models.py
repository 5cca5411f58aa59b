"""The tree of Party organizations (materialized paths), its dated events and rolled-up counts."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

SEGMENT = 8  # digits of one path segment: the zero-padded id, so paths are ASCII digits only
# The Party's founding day: where a history that was never recorded begins (an organization
# whose founding date is unknown is taken to have always stood as first recorded).
EPOCH = date(1930, 2, 3)


class OrganizationKind(models.TextChoices):
    CENTRAL = "central", "Trung ương"
    PROVINCE = "province", "Đảng bộ tỉnh, thành phố"
    UPPER = "upper", "Đảng bộ cấp trên cơ sở"
    GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
    GRASSROOTS_BRANCH = "grassroots_branch", "Chi bộ cơ sở"
    SUB_COMMITTEE = "sub_committee", "Đảng bộ bộ phận"
    BRANCH = "branch", "Chi bộ trực thuộc"


# Which kinds may stand under which (Điều lệ Đảng, Điều 21–24). None: a root.
PARENT_KINDS: dict[str, set[str | None]] = {
    "central": {None},
    "province": {None, "central"},
    "upper": {None, "province", "upper"},
    "grassroots_committee": {"province", "upper"},
    "grassroots_branch": {"province", "upper"},
    "sub_committee": {"grassroots_committee"},
    "branch": {"grassroots_committee", "sub_committee"},
}
# Members are kept on the roll of a chi bộ: a branch or a grassroots branch.
MEMBER_KINDS = {"branch", "grassroots_branch"}
GRASSROOTS_KINDS = {"grassroots_committee", "grassroots_branch"}


class Organization(models.Model):
    code = models.CharField("mã", max_length=32, unique=True)
    name = models.CharField("tên", max_length=255)
    search_key = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField("loại tổ chức", max_length=32, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="trực thuộc",
    )
    # Ids of the ancestors and itself, SEGMENT digits each: the subtree of P is every
    # path in [P, P+1) -- a plain btree range, the same under any collation.
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    admin_unit_code = models.CharField("mã đơn vị hành chính", max_length=16, blank=True)
    established_on = models.DateField("ngày thành lập", null=True, blank=True)
    dissolved_on = models.DateField("ngày giải thể", null=True, blank=True)

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self):
        return self.name

    @property
    def kind_label(self) -> str:
        return OrganizationKind(self.kind).label

    @property
    def display_name(self) -> str:
        """The name as lists show it (select_related the parent): see named_in_lists."""
        parent = self.parent.name if self.kind in WITH_PARENT and self.parent_id else ""
        return named_in_lists(self.name, self.kind, parent)

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this organization, read off the path."""
        return [int(self.path[i : i + SEGMENT]) for i in range(0, len(self.path), SEGMENT)]


# Names that repeat from place to place ("Chi bộ Thôn 3", "Chi bộ Giáo viên"): a branch or a
# sub-committee inside a grassroots committee, a grassroots branch under a commune's or a
# bloc's committee. Committees' own names carry their place ("Đảng bộ xã Bảo Lạc").
WITH_PARENT = {
    OrganizationKind.BRANCH,
    OrganizationKind.SUB_COMMITTEE,
    OrganizationKind.GRASSROOTS_BRANCH,
}


def named_in_lists(name: str, kind: str, parent_name: str | None) -> str:
    """ "Chi bộ Đội 3 — Đảng bộ xã Bảo Lạc": an organization in a list of people, with its
    parent when its kind's names are not unique."""
    if kind in WITH_PARENT and parent_name:
        return f"{name} — {parent_name}"
    return name


def path_segment(pk: int) -> str:
    return str(pk).zfill(SEGMENT)


class OrganizationEvent(models.Model):
    """A dated change of the tree (created, renamed, moved ...): the tree's own history."""

    class Kind(models.TextChoices):
        CREATE = "create", "Thành lập"
        RENAME = "rename", "Đổi tên"
        MOVE = "move", "Chuyển trực thuộc"
        MERGE = "merge", "Hợp nhất, sáp nhập"
        SPLIT = "split", "Chia tách"
        DISSOLVE = "dissolve", "Giải thể"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    effective_date = models.DateField()
    details = models.JSONField(default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan = models.ForeignKey(
        "RestructuringPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_date", "id"]
        indexes = [models.Index(fields=["organization", "effective_date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class OrganizationVersion(models.Model):
    """The organization as it stood during [start_date, end_date): parent, path, name, kind.

    Written by every change of the tree next to its event, so the tree of any past date
    (and the subtree a past count covers) is a range query. A version written or closed by
    a restructuring plan names it, so the plan can be undone.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="versions"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    parent = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    path = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=32, choices=OrganizationKind.choices)
    plan = models.ForeignKey(
        "RestructuringPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        "RestructuringPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["organization", "start_date"]),
            models.Index(fields=["path", "start_date", "end_date"], name="org_version_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="org_version_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.name} {self.start_date}–{self.end_date or ''}"


class RestructuringPlan(models.Model):
    """Phương án sắp xếp: operations with one effective date and the decision ordering them."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        APPLIED = "applied", "Đã thực hiện"
        UNDONE = "undone", "Đã hoàn tác"

    title = models.CharField("tên phương án", max_length=255)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="cấp thực hiện"
    )
    effective_date = models.DateField("ngày hiệu lực")
    decision_symbol = models.CharField("số, ký hiệu quyết định", max_length=64)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "phương án sắp xếp"
        verbose_name_plural = "phương án sắp xếp"

    def __str__(self):
        return self.title


# A plan's steps are the tree's own changes, all but founding (which merge and split do).
OPERATION_KINDS = [
    (k.value, k.label) for k in OrganizationEvent.Kind if k != OrganizationEvent.Kind.CREATE
]


class RestructuringOperation(models.Model):
    """One step of a plan; `params` name organizations by id (see orgs.services.restructuring)."""

    plan = models.ForeignKey(RestructuringPlan, on_delete=models.CASCADE, related_name="operations")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=OPERATION_KINDS)
    params = models.JSONField(default=dict)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.position}. {self.get_kind_display()}"


class SubtreeCount(models.Model):
    """How many of a thing lie in an organization's subtree, itself included.

    Kept current in the same transaction as every change (tochuc.orgs.counters) and
    rebuilt by `tochuc stats rebuild`: headline figures never scan the members.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=32)
    value = models.CharField(max_length=64)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "dimension", "value"], name="subtree_count_key"
            )
        ]

    def __str__(self):
        return f"{self.dimension}={self.value}: {self.count}"


class Term(models.Model):
    """Nhiệm kỳ (2020–2025): the committees' term, from the day it starts. The numbering of
    documents restarts with each term (documents.services.numbering); cadres and congresses
    count by it. The start is the operator's data (*unconfirmed* default: 1 October of the
    first year, the season of the provincial congresses)."""

    name = models.CharField("nhiệm kỳ", max_length=16, unique=True)
    start_year = models.PositiveSmallIntegerField("từ năm")
    end_year = models.PositiveSmallIntegerField("đến năm")
    starts_on = models.DateField("bắt đầu từ ngày", unique=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_year__lt=models.F("end_year")), name="term_years"
            )
        ]
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ"

    def __str__(self):
        return self.name
