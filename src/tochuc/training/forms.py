"""The training pages' forms: a class opened (its decision typed by its symbol, its
co-organizers among the schools of its level and above), a person enrolled (named as the
cadre forms name one, or by name when not in the system), a completion, a leaving, a cancel."""

from __future__ import annotations

from django import forms

from tochuc.cadres.forms import DecisionForm, PersonMixin
from tochuc.core.forms import date_field
from tochuc.members.models import Gender
from tochuc.members.reference import THEORY_LEVELS
from tochuc.training.models import Programme, School, Trainee, TrainingClass
from tochuc.training.selectors import schools_for


class ListFilterForm(forms.Form):
    """What the classes list and the trainees list filter on alike (a report's figure opens
    them with these): a programme, its kind, a period (?from=&to=)."""

    programme = forms.ModelChoiceField(
        label="Chương trình", queryset=Programme.objects.all(), required=False
    )
    kind = forms.ChoiceField(
        label="Loại", choices=[("", "Tất cả"), *Programme.Kind.choices], required=False
    )
    start = date_field("Từ ngày")
    end = date_field("Đến ngày")

    def __init__(self, query):
        data = query.copy()
        data["start"], data["end"] = query.get("from", ""), query.get("to", "")
        super().__init__(data)
        self.is_valid()
        self.got = getattr(self, "cleaned_data", {})


class ClassFilterForm(ListFilterForm):
    """The classes: by the year or the period of their first day, today's status; `held`:
    not cancelled, `organized`: organized in the subtree, not only with a trainee of it (the
    classes a report counts)."""

    year = forms.IntegerField(label="Năm", min_value=1945, max_value=2100, required=False)
    status = forms.ChoiceField(
        label="Tình trạng", choices=[("", "Tất cả"), *TrainingClass.Status.choices], required=False
    )
    held = forms.BooleanField(label="Không tính lớp đã hủy", required=False)
    organized = forms.BooleanField(label="Chỉ lớp do tổ chức này mở", required=False)


class TraineeFilterForm(ListFilterForm):
    """The trainees: completed in the period (with `status=completed`), by the level their
    programme gives, by gender; `running`: studying on ?on= (today)."""

    level = forms.ChoiceField(
        label="Trình độ", choices=[("", "Tất cả"), *THEORY_LEVELS[1:]], required=False
    )
    gender = forms.ChoiceField(
        label="Giới tính", choices=[("", "Tất cả"), *Gender.choices], required=False
    )
    status = forms.ChoiceField(
        label="Tình trạng", choices=[("", "Tất cả"), *Trainee.Status.choices], required=False
    )
    running = forms.BooleanField(label="Đang học", required=False)
    on = date_field("Ngày")


class SendFilterForm(forms.Form):
    """Who to send next: the level lacked, studying or not, the day."""

    level = forms.ChoiceField(
        label="Còn thiếu trình độ", choices=[("", "Tất cả"), *THEORY_LEVELS[1:]], required=False
    )
    studying = forms.ChoiceField(
        label="Đang học",
        choices=[("", "Tất cả"), ("0", "Chưa đi học"), ("1", "Đang học")],
        required=False,
    )
    on = date_field("Ngày")

    def __init__(self, query):
        super().__init__(query)
        self.is_valid()
        self.got = getattr(self, "cleaned_data", {})


class ClassForm(DecisionForm):
    programme = forms.ModelChoiceField(label="Chương trình", queryset=Programme.objects.all())
    name = forms.CharField(label="Tên lớp", max_length=200)
    school = forms.ModelChoiceField(
        label="Cơ sở đào tạo tổ chức", queryset=School.objects.none(), required=False
    )
    co_organizers = forms.ModelMultipleChoiceField(
        label="Phối hợp với", queryset=School.objects.none(), required=False
    )
    mode = forms.ChoiceField(label="Hình thức", choices=TrainingClass.Mode.choices)
    place = forms.CharField(label="Địa điểm", max_length=200, required=False)
    starts_on = date_field("Ngày khai giảng", required=True)
    ends_on = date_field("Ngày kết thúc", required=True)
    planned_size = forms.IntegerField(label="Số học viên dự kiến", required=False)

    field_order = [
        "programme",
        "name",
        "school",
        "co_organizers",
        "mode",
        "place",
        "starts_on",
        "ends_on",
        "planned_size",
        "decision",
    ]

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        schools = schools_for(organization)
        self.fields["school"].queryset = schools.filter(organization=organization)
        self.fields["co_organizers"].queryset = schools
        self.fields["co_organizers"].label_from_instance = lambda s: (
            f"{s.name} ({s.organization.name})"
        )
        self.fields["decision"].label = "Quyết định mở lớp (số, ký hiệu)"


class EnrolForm(PersonMixin, forms.Form):
    """A member, a candidate or a cadre of the organizer's subtree (named), or a person not in
    the system by name."""

    person_required = False
    with_candidates = True
    enrolled_on = date_field("Ngày nhập học", required=True)
    full_name = forms.CharField(
        label="Hoặc họ và tên (người chưa có trong hệ thống)", max_length=128, required=False
    )
    birth_date = date_field("Ngày sinh")
    gender = forms.ChoiceField(
        label="Giới tính", choices=[("", "—"), *Gender.choices], required=False
    )

    field_order = ["person", "enrolled_on", "full_name", "birth_date", "gender"]

    def __init__(self, *args, actor=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.person_field(organization)


class PlanForm(forms.Form):
    programme = forms.ModelChoiceField(label="Chương trình", queryset=Programme.objects.all())
    classes = forms.IntegerField(label="Số lớp", min_value=0)
    trainees = forms.IntegerField(label="Số học viên", min_value=0)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


class SchoolForm(forms.Form):
    name = forms.CharField(label="Tên cơ sở đào tạo", max_length=200)
    kind = forms.ChoiceField(label="Loại", choices=School.Kind.choices)


class EnrolListForm(forms.Form):
    enrolled_on = date_field("Ngày nhập học", required=True)


class CompleteForm(forms.Form):
    on = date_field("Ngày hoàn thành", required=True)
    absences = forms.IntegerField(label="Số buổi vắng", min_value=0, max_value=999, required=False)
    result = forms.CharField(label="Kết quả, xếp loại", max_length=64, required=False)
    certificate_number = forms.CharField(
        label="Số giấy chứng nhận, bằng", max_length=64, required=False
    )
    certificate_date = date_field("Ngày cấp")


class LeaveForm(forms.Form):
    """Thôi học (a trainee): the day and the reason."""

    on = date_field("Ngày thôi học", required=True)
    reason = forms.CharField(label="Lý do thôi học", max_length=255)


class CancelForm(forms.Form):
    """Hủy lớp: the day and the reason."""

    on = date_field("Ngày hủy lớp", required=True)
    reason = forms.CharField(label="Lý do hủy lớp", max_length=255)
