"""The document registry: văn bản of the Party work, numbered "Số NN-TYPE/ISSUER", linked to
the documents they implement, replace, amend or report on, with their files and the reports
they ask of the organizations below (DOMAIN.md, Documents).

Types, issuers and terms are data the operator edits (admin); the sequence of numbers is a
counter per issuer, type code and numbering period (the committee's term, or the year: the
rule `document_number_restart`), taken by one atomic statement (services.numbering).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from tochuc.orgs.models import Organization


class DocumentType(models.Model):
    """Loại văn bản: its name (Nghị quyết) and the code its numbers carry (NQ). Quyết định and
    quy định share QĐ, hence one sequence: the counter is per code, not per type."""

    name = models.CharField("tên loại", max_length=64, unique=True)
    code = models.CharField("viết tắt", max_length=8)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"

    def __str__(self):
        return f"{self.name} ({self.code})"


class Issuer(models.Model):
    """Cơ quan ban hành: a committee of the tree or one of its agencies (Tỉnh ủy: TU, Ban Tổ
    chức Tỉnh ủy: BTCTU, both of the province's organization), or a body outside the tree
    (Ban Chấp hành Trung ương: TW), whose documents anyone may read."""

    code = models.CharField("ký hiệu", max_length=16)
    name = models.CharField("tên cơ quan", max_length=255)
    organization = models.ForeignKey(
        Organization,
        verbose_name="tổ chức đảng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issuers",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"],
                condition=Q(organization__isnull=False),
                name="issuer_org_code",
            ),
            models.UniqueConstraint(
                fields=["code"], condition=Q(organization__isnull=True), name="issuer_outside_code"
            ),
        ]
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"

    def __str__(self):
        return self.name


class Document(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        ISSUED = "issued", "Ban hành"
        EXPIRED = "expired", "Hết hiệu lực"
        REPLACED = "replaced", "Bị thay thế"

    organization = models.ForeignKey(
        Organization,
        verbose_name="thuộc sổ văn bản của",
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="Tổ chức giữ văn bản: thấy được ở tổ chức này, cấp dưới và cấp trên của nó.",
    )
    doc_type = models.ForeignKey(DocumentType, verbose_name="loại", on_delete=models.PROTECT)
    issuer = models.ForeignKey(Issuer, verbose_name="cơ quan ban hành", on_delete=models.PROTECT)
    # "74-NQ/TU" as written on the document; number and code when it follows the Party's
    # format (a draft has no number yet; an outside body's may follow another format).
    symbol = models.CharField("số, ký hiệu", max_length=64, blank=True)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    code = models.CharField("ký hiệu loại", max_length=8, blank=True)
    # The numbering period the number belongs to: "2020–2025" (a term) or "2026" (a year).
    sequence = models.CharField("kỳ đánh số", max_length=16, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    signer = models.CharField("người ký", max_length=128, blank=True)
    title = models.CharField("trích yếu", max_length=1000)
    period_start = models.PositiveSmallIntegerField("giai đoạn từ năm", null=True, blank=True)
    period_end = models.PositiveSmallIntegerField("giai đoạn đến năm", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.ISSUED
    )
    note = models.TextField("ghi chú", blank=True)
    search_key = models.CharField(max_length=1100, editable=False, blank=True)
    applies_to = models.ManyToManyField(
        Organization,
        verbose_name="áp dụng cho",
        blank=True,
        related_name="applicable_documents",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            # Per registry: a committee's documents are all in its own, while each province
            # registers the central resolution it implements (22-NQ/TW) in its own.
            models.UniqueConstraint(
                fields=["organization", "issuer", "code", "sequence", "number"],
                condition=Q(number__isnull=False),
                name="document_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=F("period_end")),
                name="document_period_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "issued", "expired", "replaced"]),
                name="document_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "issued_on"], name="document_org_date"),
            models.Index(fields=["symbol"], name="document_symbol"),
            models.Index(fields=["issued_on", "id"], name="document_date"),
        ]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """ "Nghị quyết số 74-NQ/TU ngày 10/5/2016": how a list names it."""
        text = self.doc_type.name if self.doc_type_id else "Văn bản"
        if self.symbol:
            text += f" số {self.symbol}"
        if self.issued_on:
            text += f" ngày {self.issued_on:%d/%m/%Y}"
        return text

    @property
    def period(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")


class DocumentCounter(models.Model):
    """The last number given for a type code by an issuer in a numbering period."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=8)
    sequence = models.CharField(max_length=16)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "code", "sequence"], name="document_counter_key"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.sequence}: {self.last}"


class LinkKind(models.TextChoices):
    IMPLEMENTS = "implements", "Thực hiện, cụ thể hóa"
    REPLACES = "replaces", "Thay thế"
    AMENDS = "amends", "Sửa đổi, bổ sung"
    REPORTS_ON = "reports_on", "Báo cáo về"


class DocumentLink(models.Model):
    """`source` implements (replaces, amends, reports on) `target`: 48-KH/TU → 22-NQ/TW."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField("quan hệ", max_length=16, choices=LinkKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="document_link_key"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="document_link_not_self"),
        ]
        indexes = [models.Index(fields=["target", "kind"], name="document_link_target")]

    def __str__(self):
        return f"{self.source_id} {self.kind} {self.target_id}"


class Attachment(models.Model):
    """A file of a document (PDF, DOCX, a scanned image): served only to those who may see
    the document (views.attachment), never as a public media URL."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="documents/%Y/", max_length=255)
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveBigIntegerField("dung lượng")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self):
        return self.name


class ReportKind(models.TextChoices):
    INTERIM = "interim", "Sơ kết"
    FINAL = "final", "Tổng kết"


class ReportRequest(models.Model):
    """A document asks the organizations below for a report (sơ kết, tổng kết) by a date."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="report_requests")
    kind = models.CharField("loại báo cáo", max_length=16, choices=ReportKind.choices)
    title = models.CharField("nội dung", max_length=255, blank=True)
    due_on = models.DateField("hạn nộp")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{ReportKind(self.kind).label} hạn {self.due_on:%d/%m/%Y}"


class Report(models.Model):
    """What one organization owes a request: its report (a document, with its file) once in."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="document_reports"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    submitted_on = models.DateField("ngày nộp", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "organization"], name="report_key"),
            models.CheckConstraint(
                condition=Q(document__isnull=True, submitted_on__isnull=True)
                | Q(document__isnull=False, submitted_on__isnull=False),
                name="report_submitted_with_document",
            ),
        ]
        indexes = [models.Index(fields=["organization", "submitted_on"], name="report_org")]

    def __str__(self):
        return f"{self.request} — {self.organization}"
