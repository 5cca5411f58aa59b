"""The member record form and the list filters: parsing only, the service validates."""

from django import forms

from tochuc.core.forms import date_field
from tochuc.members.counters import AGE_BANDS
from tochuc.members.models import Gender, MemberState, MemberStatus, Transfer
from tochuc.members.reference import (
    EDUCATION_LEVELS,
    ETHNICITIES,
    OCCUPATION_GROUP_CHOICES,
    RELIGIONS,
    THEORY_LEVELS,
)
from tochuc.members.validators import NAME_MAX_LENGTH

_NAME_HELP = f"Tối đa {NAME_MAX_LENGTH} ký tự."


def _name_field(label: str, *, required: bool = True) -> forms.CharField:
    """A name the service checks for length: the browser's maxlength states the limit, but
    the form does not refuse longer itself, so the message is the service's, naming it."""
    field = forms.CharField(label=label, required=required, help_text=_NAME_HELP)
    field.widget.attrs["maxlength"] = str(NAME_MAX_LENGTH)
    return field


class MemberForm(forms.Form):
    full_name = _name_field("Họ và tên")
    other_names = _name_field("Tên gọi khác", required=False)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    birth_date = date_field("Ngày sinh", required=True)
    birth_place = forms.CharField(label="Nơi sinh", max_length=255, required=False)
    hometown = forms.CharField(label="Quê quán", max_length=255, required=False)
    ethnicity = forms.ChoiceField(label="Dân tộc", choices=[(e, e) for e in ETHNICITIES])
    religion = forms.ChoiceField(label="Tôn giáo", choices=[(r, r) for r in RELIGIONS])
    citizen_id = forms.CharField(label="Số CCCD", max_length=20, required=False)
    party_card_number = forms.CharField(label="Số thẻ đảng viên", max_length=20, required=False)
    admission_date = date_field("Ngày vào Đảng", required=True)
    ceremony_date = date_field("Ngày lễ kết nạp")
    official_date = date_field("Ngày chính thức")
    status = forms.ChoiceField(label="Trạng thái", choices=MemberStatus.choices)
    occupation = forms.CharField(label="Nghề nghiệp", max_length=128, required=False)
    education_level = forms.ChoiceField(
        label="Trình độ chuyên môn", choices=EDUCATION_LEVELS, required=False
    )
    theory_level = forms.ChoiceField(
        label="Trình độ lý luận chính trị", choices=THEORY_LEVELS, required=False
    )
    youth_union = forms.BooleanField(label="Đoàn viên TNCS Hồ Chí Minh", required=False)
    phone = forms.CharField(label="Điện thoại", max_length=16, required=False)


class MemberEditForm(MemberForm):
    # The record's version when the page was opened (services.member_version): a save over a
    # newer one is refused, which also catches the back button and a resubmitted page.
    version = forms.CharField(widget=forms.HiddenInput, required=False)


BLANK = [("", "Tất cả")]


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm",
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": "Họ tên (không cần dấu), số CCCD hoặc số thẻ đảng viên",
                "type": "search",
            }
        ),
    )
    organization = forms.IntegerField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="Trạng thái", choices=BLANK + MemberStatus.choices, required=False
    )
    gender = forms.ChoiceField(label="Giới tính", choices=BLANK + Gender.choices, required=False)
    theory_level = forms.ChoiceField(
        label="Lý luận chính trị",
        required=False,
        choices=BLANK + [("none" if v == "" else v, lbl) for v, lbl in THEORY_LEVELS],
    )
    education_level = forms.ChoiceField(
        label="Chuyên môn",
        required=False,
        choices=BLANK + [("none" if v == "" else v, lbl) for v, lbl in EDUCATION_LEVELS],
    )
    age_band = forms.ChoiceField(
        label="Độ tuổi",
        required=False,
        choices=BLANK + [(k, k.replace("71+", "trên 70").replace("-", "–")) for k in AGE_BANDS],
    )
    state = forms.ChoiceField(
        label="Tình trạng",
        required=False,
        # No blank: left empty the list is the members the statistics count.
        choices=[
            ("counted", "Được tính (đang sinh hoạt hoặc miễn)"),
            ("all", "Tất cả tình trạng"),
        ]
        + MemberState.choices,
    )
    ethnicity = forms.ChoiceField(
        label="Dân tộc",
        required=False,
        choices=BLANK + [("majority", "Kinh"), ("minority", "Dân tộc thiểu số")],
    )
    religion = forms.ChoiceField(
        label="Tôn giáo",
        required=False,
        choices=BLANK + [("religious", "Có đạo"), ("none", "Không")],
    )
    youth_union = forms.ChoiceField(
        label="Đoàn viên",
        required=False,
        choices=BLANK + [("yes", "Là đoàn viên"), ("no", "Không")],
    )
    occupation_group = forms.ChoiceField(
        label="Nghề nghiệp", required=False, choices=BLANK + OCCUPATION_GROUP_CHOICES
    )
    birth_year = forms.IntegerField(required=False, widget=forms.HiddenInput)
    admission_year = forms.IntegerField(required=False, widget=forms.HiddenInput)
    on = date_field("Tại ngày")


class TransferForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=Transfer.Kind.choices)
    to_org = forms.CharField(
        label="Chi bộ nơi đến (mã, số id hoặc đúng tên)",
        required=False,
        help_text="Để trống nếu chuyển ra ngoài hệ thống, và ghi nơi đến ở ô dưới.",
    )
    destination = forms.CharField(label="Nơi đến ngoài hệ thống", required=False, max_length=255)
    start_date = date_field("Ngày giới thiệu")
    until = date_field("Đến ngày (tạm thời)")
    letter_symbol = forms.CharField(label="Số giấy giới thiệu", required=False, max_length=64)
    dues_paid_to = forms.DateField(
        label="Đã đóng đảng phí hết tháng (mm/yyyy)",
        required=False,
        input_formats=["%m/%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"placeholder": "mm/yyyy"}, format="%m/%Y"),
    )
    reason = forms.CharField(label="Lý do", required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dues_paid_to"].error_messages["invalid"] = (
            "Tháng không hợp lệ: nhập dạng mm/yyyy."
        )


class CandidateForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=128)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    birth_date = date_field("Ngày sinh", required=True)
    ethnicity = forms.ChoiceField(label="Dân tộc", choices=[(e, e) for e in ETHNICITIES])
    religion = forms.ChoiceField(label="Tôn giáo", choices=[(r, r) for r in RELIGIONS])
    citizen_id = forms.CharField(label="Số CCCD", max_length=20, required=False)
    occupation = forms.CharField(label="Nghề nghiệp", max_length=128, required=False)
    youth_union = forms.BooleanField(label="Đoàn viên TNCS Hồ Chí Minh", required=False)
    listed_on = date_field("Ngày chi bộ phân công giúp đỡ")
    document_symbol = forms.CharField(label="Số nghị quyết / biên bản của chi bộ", required=False)
    mentor = forms.ChoiceField(label="Đảng viên giúp đỡ", required=False)

    def __init__(self, *args, mentors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = [("", "—")] + [(m.pk, m.full_name) for m in mentors]


class CandidateStepForm(forms.Form):
    on = date_field("Ngày")
    document_symbol = forms.CharField(label="Số, ký hiệu văn bản", required=False, max_length=64)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)
    party_card_number = forms.CharField(
        label="Số thẻ đảng viên (nếu đã có, khi kết nạp)", required=False, max_length=16
    )


class ArrivalForm(forms.Form):
    """Optional part of the new-record form: the member comes from outside the system."""

    arrived_on = date_field("Ngày tiếp nhận")
    letter_symbol = forms.CharField(label="Số giấy giới thiệu", required=False, max_length=64)
    origin = forms.CharField(label="Chuyển đến từ", required=False, max_length=255)


class MemberArrivalForm(ArrivalForm, MemberForm):
    """A new record for a member arriving from outside the system."""
