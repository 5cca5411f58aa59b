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
from tochuc.cadres.selectors import people_named
from tochuc.core.errors import ServiceError
from tochuc.core.forms import date_field
from tochuc.documents.selectors import DocumentFilter, document_list, references_match
from tochuc.documents.symbols import normalize_symbol, parse_symbol
from tochuc.members.models import Candidate, Gender, Member
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


class PersonMixin:
    """«Cán bộ hoặc đảng viên»: one field naming a person of the organization's subtree, read by
    `people_named` into `cadre` (an official outside the Party's rolls) or `member` (their
    cadre record made with the write): no list of the subtree's cadres to pick from, which
    a province's page could not carry."""

    person_required = True
    with_candidates = False  # the admission pipeline's candidates too (a clearance case's)

    def person_field(self, organization, initial: str = ""):
        self.organization = organization
        self.fields["person"] = forms.CharField(
            label="Cán bộ, đảng viên hoặc quần chúng ưu tú"
            if self.with_candidates
            else "Cán bộ hoặc đảng viên",
            required=self.person_required,
            error_messages={"required": "Ghi họ tên hoặc số CCCD của cán bộ, đảng viên."},
            max_length=160,
            initial=initial,
            help_text="Họ tên, số CCCD hoặc số thẻ đảng viên; trùng tên: «Họ tên (năm sinh)».",
        )
        self.order_fields(self.field_order)

    def clean_person(self):
        text = self.cleaned_data.get("person")
        if not text:
            return None
        found = people_named(self.actor, self.organization, text, candidates=self.with_candidates)
        if not found:
            raise forms.ValidationError(  # not the text again: another subtree's name stays out
                f"{self.organization.name} không có cán bộ, đảng viên nào có tên hoặc số đã ghi."
            )
        if len(found) > 1:
            names = ", ".join(f"{p.full_name} ({p.birth_date:%Y})" for p in found[:5])
            raise forms.ValidationError(
                f"Có nhiều người phù hợp ({names}…): ghi số CCCD hoặc «Họ tên (năm sinh)»."
            )
        return found[0]

    def clean(self):
        data = super().clean()
        person = data.pop("person", None)
        data["cadre"] = person if isinstance(person, Cadre) else None
        data["member"] = person if isinstance(person, Member) else None
        data["candidate"] = person if isinstance(person, Candidate) else None
        return data


class PersonForm(PersonMixin, DecisionForm):
    """Who (a person of the organization's subtree) and by which decision."""

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person_field(organization)


class PlanningAddForm(PersonForm):
    position = forms.TypedChoiceField(label="Chức danh quy hoạch", coerce=int)
    on = date_field("Ngày đưa vào quy hoạch", required=True)

    field_order = ["position", "person", "on", "decision"]

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

    field_order = ["person", "role", "on", "decision"]


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


class ClearanceOpenForm(PersonMixin, forms.Form):
    """A case for a cadre, a member or a candidate of the subtree (named), or a person not in
    the system, by name and birth date."""

    person_required = False
    with_candidates = True
    purpose = forms.ModelChoiceField(label="Mục đích", queryset=ClearancePurpose.objects.all())
    requested_on = date_field("Ngày đề nghị", required=True)
    full_name = forms.CharField(
        label="Hoặc họ và tên (người chưa có trong hệ thống)", max_length=128, required=False
    )
    birth_date = date_field("Ngày sinh")

    field_order = ["purpose", "requested_on", "person", "full_name", "birth_date"]

    def __init__(self, *args, actor=None, organization=None, person="", **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.person_field(organization, person)


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
