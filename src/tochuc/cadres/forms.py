"""The cadre work's forms: a position of an organization, an appointment of a member."""

from __future__ import annotations

from django import forms

from tochuc.cadres.models import CadreEvent, ManagementLevel, PositionTitle
from tochuc.core.forms import date_field

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
