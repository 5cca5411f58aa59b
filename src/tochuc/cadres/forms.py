"""The cadre work's forms: a position of an organization, an appointment of a member, the
clearance cases, an outside official, the moves of a record (a decision typed by its symbol)."""

from __future__ import annotations

from django import forms

from tochuc.cadres.models import (
    Cadre,
    CadreEvent,
    ClearancePurpose,
    ManagementLevel,
    PoliticalClearance,
    PositionTitle,
)
from tochuc.core.forms import date_field
from tochuc.documents.selectors import DocumentFilter, document_list
from tochuc.documents.symbols import normalize_symbol, parse_symbol
from tochuc.members.models import Gender
from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS

K = CadreEvent.Kind


class PositionForm(forms.Form):
    title = forms.ModelChoiceField(label="Chức danh", queryset=PositionTitle.objects.all())
    seats = forms.IntegerField(label="Số người đảm nhiệm", min_value=1, max_value=20, initial=1)
    management_level = forms.ModelChoiceField(
        label="Diện quản lý", queryset=ManagementLevel.objects.all(), required=False
    )
    established_on = date_field("Ngày lập chức vụ (trống: đã có từ trước)")


class AppointForm(forms.Form):
    position = forms.TypedChoiceField(label="Chức vụ", coerce=int)
    kind = forms.ChoiceField(
        label="Hình thức",
        choices=[
            (k, K(k).label) for k in (K.APPOINTMENT, K.REAPPOINTMENT, K.PROMOTION, K.ELECTION)
        ],
    )
    on = date_field("Từ ngày", required=True)

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = [(p.pk, p.label) for p in positions]


# --- decisions by symbol, clearance, outside officials, moves --------------------------------


def decision_by_symbol(actor, typed: str):
    """The registry's document of a typed symbol ("74-NQ/TU", "Quyết định số 12-QĐ/TU"), as the
    registry's own search finds it (documents:find); the latest when the number recurs."""
    found = document_list(actor, DocumentFilter(q=typed))
    if parse_symbol(typed) is None:  # an outside body's own format, as stored
        found = found.filter(symbol=normalize_symbol(typed))
    return found.first()


class DecisionForm(forms.Form):
    """A form with the decision (a Document of the registry) typed by its symbol."""

    decision = forms.CharField(
        label="Quyết định (số và ký hiệu)",
        required=False,
        max_length=64,
        help_text="Văn bản đã có trong sổ văn bản, ví dụ 12-QĐ/TU.",
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_decision(self):
        typed = self.cleaned_data["decision"].strip()
        if not typed:
            return None
        document = decision_by_symbol(self.actor, typed)
        if document is None:
            raise forms.ValidationError(
                f"Sổ văn bản chưa có văn bản số {typed}: đăng ký văn bản trước rồi ghi lại."
            )
        return document


class ClearanceFilterForm(forms.Form):
    """The period and the purpose of the clearance pages (the counts, the cases)."""

    start = date_field("Kết luận từ ngày")
    end = date_field("Đến ngày")
    purpose = forms.ModelChoiceField(
        label="Mục đích", queryset=ClearancePurpose.objects.all(), required=False
    )


class ClearanceOpenForm(forms.Form):
    """A case for a cadre, a member (by CCCD), a candidate of the subtree, or a person not in
    the system, by name and birth date."""

    purpose = forms.ModelChoiceField(label="Mục đích", queryset=ClearancePurpose.objects.all())
    requested_on = date_field("Ngày đề nghị", required=True)
    cadre = forms.ModelChoiceField(label="Cán bộ", queryset=Cadre.objects.none(), required=False)
    member = forms.CharField(label="Đảng viên (số CCCD)", max_length=20, required=False)
    candidate = forms.TypedChoiceField(
        label="Quần chúng ưu tú", coerce=int, required=False, empty_value=None
    )
    full_name = forms.CharField(
        label="Hoặc họ và tên (người chưa có trong hệ thống)", max_length=128, required=False
    )
    birth_date = date_field("Ngày sinh")

    def __init__(self, *args, cadres=None, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        if cadres is not None:
            self.fields["cadre"].queryset = cadres
        self.fields["candidate"].choices = [("", "—")] + [(c.pk, str(c)) for c in candidates]


class ClearanceConcludeForm(DecisionForm):
    R = PoliticalClearance.Result

    result = forms.ChoiceField(
        label="Kết luận", choices=[(r, r.label) for r in (R.CLEAR, R.NOT_CLEAR)]
    )
    concluded_on = date_field("Ngày kết luận", required=True)
    conclusion = forms.CharField(label="Nội dung kết luận", widget=forms.Textarea, required=False)

    field_order = ["result", "concluded_on", "conclusion", "decision"]


class CadreForm(forms.Form):
    """An official outside the Party's rolls and the organization that manages them."""

    organization = forms.CharField(label="Nơi quản lý (mã, số id hoặc tên tổ chức)", max_length=255)
    full_name = forms.CharField(label="Họ và tên", max_length=128)
    birth_date = date_field("Ngày sinh", required=True)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    education_level = forms.ChoiceField(
        label="Trình độ chuyên môn", choices=EDUCATION_LEVELS, required=False
    )
    theory_level = forms.ChoiceField(
        label="Trình độ lý luận chính trị", choices=THEORY_LEVELS, required=False
    )


class HoldingEndForm(DecisionForm):
    """Thôi giữ chức vụ, nghỉ hưu: a held position ends on its last day."""

    holding = forms.TypedChoiceField(label="Chức vụ đang giữ", coerce=int)
    kind = forms.ChoiceField(
        label="Hình thức", choices=[(k, K(k).label) for k in (K.DISMISSAL, K.RETIREMENT)]
    )
    on = date_field("Ngày thôi (ngày cuối giữ chức vụ)", required=True)
    reason = forms.CharField(label="Lý do", max_length=255, required=False)

    field_order = ["holding", "kind", "on", "decision", "reason"]

    def __init__(self, *args, holdings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holding"].choices = [(h.pk, h.position.label) for h in holdings]


class MoveForm(DecisionForm):
    """Luân chuyển (with its planned return), điều động, biệt phái."""

    kind = forms.ChoiceField(
        label="Hình thức",
        choices=[(k, K(k).label) for k in (K.ROTATION, K.REASSIGNMENT, K.SECONDMENT)],
    )
    to = forms.CharField(label="Đến (mã, số id hoặc tên tổ chức)", max_length=255)
    on = date_field("Từ ngày", required=True)
    planned_return = date_field("Dự kiến trở về (luân chuyển)")
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    field_order = ["kind", "to", "on", "planned_return", "decision", "note"]


class ReturnForm(DecisionForm):
    on = date_field("Ngày trở về", required=True)

    field_order = ["on", "decision"]


class ConcurrenceForm(DecisionForm):
    given = forms.TypedChoiceField(
        label="Hiệp y",
        choices=[("0", K.CONCURRENCE_ASKED.label), ("1", K.CONCURRENCE_GIVEN.label)],
        coerce=lambda v: v == "1",
    )
    other = forms.CharField(label="Cấp ủy hiệp y (mã, số id hoặc tên)", max_length=255)
    on = date_field("Ngày", required=True)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    field_order = ["given", "other", "on", "decision", "note"]
