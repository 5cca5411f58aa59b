"""Forms of the tree pages: they parse input; the services decide what is allowed."""

from django import forms

from tochuc.core.forms import date_field
from tochuc.orgs.models import PARENT_KINDS, OrganizationKind


class OrganizationCreateForm(forms.Form):
    name = forms.CharField(label="Tên tổ chức", max_length=255)
    kind = forms.ChoiceField(label="Loại tổ chức")
    code = forms.CharField(label="Mã (để trống: tự cấp)", max_length=32, required=False)
    established_on = date_field("Ngày thành lập")

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k.value, k.label) for k in OrganizationKind if parent.kind in PARENT_KINDS[k.value]
        ]


class OrganizationRenameForm(forms.Form):
    name = forms.CharField(label="Tên mới", max_length=255)
    effective_date = date_field("Ngày hiệu lực")


class OrganizationMoveForm(forms.Form):
    new_parent = forms.CharField(label="Tổ chức cấp trên mới (mã, số id hoặc đúng tên)")
    effective_date = date_field("Ngày hiệu lực")
