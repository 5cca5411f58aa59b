"""The cadre work's forms: a position of an organization, an appointment of a member, the
planning list's and the committee's writes, the clearance cases, an outside official, the
moves of a record (a decision typed by its symbol)."""

from __future__ import annotations

from django import forms

from tochuc.cadres.models import (
    Cadre,
    CadreEvent,
    ClearancePurpose,
    CommitteeSeat,
    ManagementLevel,
    PoliticalClearance,
    PositionTitle,
)
from tochuc.core.errors import ServiceError
from tochuc.core.forms import date_field
from tochuc.documents.selectors import DocumentFilter, document_list, references_match
from tochuc.documents.symbols import normalize_symbol, parse_symbol
from tochuc.members.models import Gender
from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS
from tochuc.members.selectors import member_list

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


# --- the planning and committee pages: a decision picked by its symbol, a person picked as a
# cadre of the subtree or a member found by name or citizen ID -----------------------------


def decision_find(actor, text: str):
    """The registry's document the actor sees with the symbol typed ("12-QĐ/ĐU", "Quyết định
    số 12-QĐ/ĐU ngày 05/02/2026": the same date preferred, else the latest), as the registry
    reads a reference; an outside body's symbol ("1234/QĐ-UBND") as stored. None when blank;
    ServiceError naming the symbol when the registry has none."""

    text = (text or "").strip()
    if not text:
        return None
    matches = references_match(actor, text)
    if matches:
        document, symbol = matches[0].document, matches[0].reference.symbol
    else:
        symbol = normalize_symbol(text)
        found = document_list(actor, DocumentFilter(q=text))
        if parse_symbol(text) is None:
            found = found.filter(symbol=symbol)
        document = found.order_by("-issued_on", "-id").first()
    if document is None:
        raise ServiceError(
            {"decision": [f"Sổ văn bản chưa có văn bản số {symbol}: đăng ký văn bản trước."]}
        )
    return document


class DecisionForm(forms.Form):
    """A form with a decision typed by its symbol, read into the registry's document."""

    decision = forms.CharField(
        label="Quyết định (số, ký hiệu)",
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": "vd 12-QĐ/ĐU"}),
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean_decision(self):
        try:
            return decision_find(self.actor, self.cleaned_data.get("decision"))
        except ServiceError as exc:
            raise forms.ValidationError(exc.text()) from None


class PersonForm(DecisionForm):
    """Who: a cadre of the organization's subtree (chosen), or a member of it found by name,
    citizen ID or party card number (their cadre record is made with the write)."""

    cadre = forms.TypedChoiceField(label="Cán bộ", coerce=int, required=False, empty_value=None)
    member = forms.CharField(
        label="Hoặc đảng viên (họ tên, số CCCD)", required=False, max_length=128
    )

    def __init__(self, *args, cadres=(), organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self._cadres = {c.pk: c for c in cadres}
        self.fields["cadre"].choices = [("", "—")] + [
            (c.pk, f"{c.full_name} ({c.birth_date:%Y})") for c in cadres
        ]

    def clean(self):
        data = super().clean()
        text = (data.get("member") or "").strip()
        data["cadre"] = self._cadres.get(data.get("cadre"))
        data["member"] = None
        if "cadre" in self.errors:  # a choice not offered: said once, on the field
            return data
        if data["cadre"] is not None:
            if text:
                self.add_error("member", "Chọn cán bộ hoặc ghi đảng viên, không cả hai.")
            return data
        if not text:
            self.add_error("cadre", "Chọn cán bộ hoặc ghi họ tên, số CCCD của đảng viên.")
            return data
        found = list(member_list(actor=self.actor, organization=self.organization, q=text)[:6])
        exact = [m for m in found if m.full_name.casefold() == text.casefold()]
        found = exact if len(exact) == 1 else found
        if not found:
            self.add_error("member", f"Không có đảng viên «{text}» trong {self.organization.name}.")
        elif len(found) > 1:
            names = ", ".join(f"{m.full_name} ({m.birth_date:%Y})" for m in found[:5])
            self.add_error(
                "member", f"Có nhiều đảng viên «{text}» ({names}…): ghi số CCCD để chọn một người."
            )
        else:
            data["member"] = found[0]
        return data


class PlanningAddForm(PersonForm):
    position = forms.TypedChoiceField(label="Chức danh quy hoạch", coerce=int)
    on = date_field("Ngày đưa vào quy hoạch", required=True)

    field_order = ["position", "cadre", "member", "on", "decision"]

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = [(p.pk, p.label) for p in positions]


class PlanningReviewForm(DecisionForm):
    year = forms.IntegerField(label="Năm rà soát", min_value=2000, max_value=2100)
    kept = forms.TypedChoiceField(
        label="Kết quả",
        choices=[("1", "Tiếp tục quy hoạch"), ("0", "Không tiếp tục")],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label="Nhận xét, lý do", required=False, max_length=255)

    field_order = ["year", "kept", "note", "decision"]


class PlanningRemoveForm(DecisionForm):
    on = date_field("Ngày đưa ra", required=True)
    reason = forms.CharField(label="Lý do đưa ra", max_length=255)

    field_order = ["on", "reason", "decision"]


class SeatAddForm(PersonForm):
    role = forms.ChoiceField(label="Vai trò", choices=CommitteeSeat.Role.choices[1:])
    on = date_field("Từ ngày", required=True)

    field_order = ["cadre", "member", "role", "on", "decision"]


class SeatEndForm(DecisionForm):
    on = date_field("Ngày thôi", required=True)

    field_order = ["on", "decision"]


# --- clearance, outside officials, moves of a record ----------------------------------------


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
