"""The registry's forms: the record, its filters, links, files and follow-up. Parsing only; the
services validate and their errors land on the fields (core.forms.form_submit)."""

from __future__ import annotations

from django import forms

from tochuc.core.forms import date_field
from tochuc.documents.models import Document, DocumentType, Issuer, LinkKind, ReportKind
from tochuc.documents.selectors import REPORT_STATES

BLANK = [("", "Tất cả")]


def _year_field(label: str) -> forms.IntegerField:
    field = forms.IntegerField(label=label, required=False)
    field.error_messages["invalid"] = f"{label}: nhập một năm, ví dụ 2021."
    field.widget.attrs.update({"inputmode": "numeric", "placeholder": "yyyy"})
    return field


def type_choices() -> list[tuple]:
    return [(t.pk, t.name) for t in DocumentType.objects.all()]


def issuer_choices(issuers) -> list[tuple]:
    """The organization's own issuers first, then the bodies outside the tree."""
    outside = Issuer.objects.filter(organization__isnull=True)
    own = [(i.pk, f"{i.name} ({i.code})") for i in issuers]
    return own + [(i.pk, f"{i.name} ({i.code})") for i in outside]


class DocumentFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm",
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": "Số, ký hiệu (74-NQ/TU) hoặc từ trong trích yếu",
                "type": "search",
            }
        ),
    )
    # More than one type: ?type=1&type=9 (đề án and nghị quyết of a period).
    type = forms.TypedMultipleChoiceField(
        label="Loại", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    issuer = forms.TypedChoiceField(label="Cơ quan ban hành", required=False, coerce=int)
    year = _year_field("Năm ban hành")
    period = _year_field("Giai đoạn có năm")
    status = forms.ChoiceField(
        label="Trạng thái", choices=BLANK + Document.Status.choices, required=False
    )
    issued_from = forms.DateField(
        label="Ban hành từ ngày",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    issued_to = forms.DateField(
        label="đến ngày",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    without_drafts = forms.BooleanField(label="Không kể dự thảo", required=False)
    organization = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, issuers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = type_choices()
        self.fields["issuer"].choices = BLANK + [(i.pk, i.name) for i in issuers]

    def types_label(self) -> str:
        """The types chosen, as the filter's summary says them ("Đề án, Nghị quyết")."""
        picked = set(getattr(self, "cleaned_data", {}).get("type") or ())
        names = [name for pk, name in self.fields["type"].choices if pk in picked]
        return ", ".join(names) or "Tất cả"


class DocumentForm(forms.Form):
    """The record. `organization` drives the issuers and the organizations it applies to
    (the page reloads them when it changes)."""

    organization = forms.TypedChoiceField(label="Thuộc sổ văn bản của", coerce=int)
    doc_type = forms.TypedChoiceField(label="Loại văn bản", coerce=int)
    issuer = forms.TypedChoiceField(label="Cơ quan ban hành", coerce=int)
    symbol = forms.CharField(
        label="Số, ký hiệu",
        required=False,
        max_length=200,
        help_text="Ví dụ 74-NQ/TU. Để trống và bấm «Lấy số» để phần mềm cấp số tiếp theo.",
    )
    issued_on = date_field("Ngày ban hành")
    signer = forms.CharField(label="Người ký", required=False, max_length=200)
    title = forms.CharField(
        label="Trích yếu",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    period_start = _year_field("Giai đoạn từ năm")
    period_end = _year_field("Giai đoạn đến năm")
    status = forms.ChoiceField(label="Trạng thái", choices=Document.Status.choices)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    applies_to = forms.TypedMultipleChoiceField(
        label="Áp dụng cho", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    file = forms.FileField(label="Tệp văn bản (không bắt buộc)", required=False)

    def __init__(self, *args, organizations=(), issuers=(), children=(), **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["organization"].choices = [(o.pk, o.name) for o in organizations]
        f["organization"].widget.attrs["data-registry"] = ""
        f["doc_type"].choices = type_choices()
        f["issuer"].choices = issuer_choices(issuers)
        f["applies_to"].choices = [(o.pk, o.name) for o in children]
        for name in ("organization", "doc_type", "issuer", "status"):
            f[name].error_messages["invalid_choice"] = "Chọn một mục trong danh sách."


class DocumentEditForm(DocumentForm):
    """The same record, without the first file (files are added on the document's page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["file"]


class NumberForm(forms.Form):
    issued_on = date_field("Ngày ban hành")


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Tệp", error_messages={"required": "Chọn một tệp để tải lên."})


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label="Văn bản này", choices=LinkKind.choices[:3])
    target = forms.IntegerField(
        label="Văn bản được liên kết",
        widget=forms.RadioSelect,
        error_messages={"required": "Tìm theo số, ký hiệu rồi chọn một văn bản."},
    )


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Loại báo cáo", choices=ReportKind.choices)
    title = forms.CharField(label="Nội dung", required=False, max_length=255)
    due_on = date_field("Hạn nộp")
    organizations = forms.TypedMultipleChoiceField(
        label="Tổ chức phải báo cáo",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    grassroots = forms.BooleanField(label="Tất cả tổ chức cơ sở đảng trực thuộc", required=False)

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].choices = [(o.pk, o.name) for o in children]


class ReportFileForm(forms.Form):
    """An organization asked files its report: a Báo cáo document of its own, with the file."""

    issuer = forms.TypedChoiceField(label="Cơ quan ban hành", coerce=int)
    symbol = forms.CharField(
        label="Số, ký hiệu",
        required=False,
        max_length=200,
        help_text="Ví dụ 15-BC/ĐU. Để trống và bấm «Lấy số» để phần mềm cấp số.",
    )
    issued_on = date_field("Ngày báo cáo", required=True)
    signer = forms.CharField(label="Người ký", required=False, max_length=200)
    title = forms.CharField(label="Trích yếu", required=False, max_length=2000)
    file = forms.FileField(label="Tệp báo cáo", required=False)

    def __init__(self, *args, issuers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].choices = [(i.pk, f"{i.name} ({i.code})") for i in issuers]


class ReferencesForm(forms.Form):
    text = forms.CharField(
        label="Văn bản cần dò (dán vào đây)",
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Dán một đoạn văn bản (dự thảo báo cáo, bài viết) để dò."},
    )


class ReportFilterForm(forms.Form):
    """The reports owed: the report's follow-up figures open it, the to-do screen too."""

    state = forms.ChoiceField(
        label="Tình trạng", required=False, choices=BLANK + list(REPORT_STATES.items())
    )
    due = _year_field("Hạn nộp trong năm")
    on = forms.DateField(
        label="Tính đến ngày",
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    organization = forms.IntegerField(required=False, widget=forms.HiddenInput)
