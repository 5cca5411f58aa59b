"""Forms of the tree pages: they parse input; the services decide what is allowed."""

from django import forms

from tochuc.core.forms import date_field
from tochuc.orgs.models import OPERATION_KINDS, PARENT_KINDS, OrganizationKind
from tochuc.orgs.services import NAME_MAX_LENGTH


def _name_field(label: str) -> forms.CharField:
    """The limit stated and kept by the browser; the service refuses longer, naming it."""
    field = forms.CharField(label=label, help_text=f"Tối đa {NAME_MAX_LENGTH} ký tự.")
    field.widget.attrs["maxlength"] = str(NAME_MAX_LENGTH)
    return field


def _version_field() -> forms.CharField:
    # The organization's version when the page was opened (services.organization_version).
    return forms.CharField(widget=forms.HiddenInput, required=False)


class OrganizationCreateForm(forms.Form):
    name = _name_field("Tên tổ chức")
    kind = forms.ChoiceField(label="Loại tổ chức")
    code = forms.CharField(label="Mã (để trống: tự cấp)", max_length=32, required=False)
    established_on = date_field("Ngày thành lập")

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k.value, k.label) for k in OrganizationKind if parent.kind in PARENT_KINDS[k.value]
        ]
        self.fields["kind"].initial = USUAL_CHILD.get(parent.kind)


# What is most often created under each kind: under a đảng bộ xã / phường (an upper-level
# committee since 2025) its grassroots organizations, not another upper-level committee.
USUAL_CHILD = {
    "central": "province",
    "province": "upper",
    "upper": "grassroots_branch",
    "grassroots_committee": "branch",
    "sub_committee": "branch",
}


class OrganizationRenameForm(forms.Form):
    name = _name_field("Tên mới")
    effective_date = date_field("Ngày hiệu lực")
    version = _version_field()


class OrganizationMoveForm(forms.Form):
    new_parent = forms.CharField(label="Tổ chức cấp trên mới (mã, số id hoặc đúng tên)")
    effective_date = date_field("Ngày hiệu lực")
    version = _version_field()


class PlanForm(forms.Form):
    title = forms.CharField(label="Tên phương án", max_length=255)
    organization = forms.CharField(label="Cấp thực hiện (mã, số id hoặc đúng tên tổ chức)")
    effective_date = date_field("Ngày hiệu lực", required=True)
    decision_symbol = forms.CharField(label="Số, ký hiệu quyết định (vd 321-QĐ/TW)", max_length=64)
    decision_date = date_field("Ngày quyết định")


class OperationForm(forms.Form):
    """One form for every kind; the view reads the fields the kind needs."""

    kind = forms.ChoiceField(label="Thao tác", choices=OPERATION_KINDS)
    organization = forms.CharField(
        label="Tổ chức (đổi tên, chuyển, giải thể, chia tách)", required=False
    )
    sources = forms.CharField(
        label="Các tổ chức hợp nhất (mỗi dòng một mã, số id hoặc tên)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    target = forms.CharField(label="Hợp nhất vào tổ chức hiện có", required=False)
    name = forms.CharField(label="Tên mới / tên tổ chức hợp nhất mới", required=False)
    new_kind = forms.ChoiceField(
        label="Loại tổ chức hợp nhất mới",
        required=False,
        choices=[("", "—"), *OrganizationKind.choices],
    )
    parent = forms.CharField(
        label="Tổ chức cấp trên (chuyển đến / của tổ chức mới)", required=False
    )
    destination = forms.CharField(label="Nơi tiếp nhận khi giải thể", required=False)
    parts = forms.CharField(
        label="Chia tách thành (mỗi dòng: tên | loại, vd «Chi bộ thôn Nà Pồng | chi bộ trực thuộc»)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assign = forms.CharField(
        label="Phân về (mỗi dòng: tổ chức con hoặc số CCCD = số thứ tự; còn lại về tổ chức thứ 1)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
