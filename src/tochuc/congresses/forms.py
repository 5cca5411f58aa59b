"""The congress pages' forms: the plan made from the tree of a day, a congress held, a plan
line changed (with its approval typed by the document's symbol)."""

from __future__ import annotations

from django import forms

from tochuc.cadres.forms import DecisionForm
from tochuc.congresses.models import Congress
from tochuc.core.forms import date_field


class PlanForm(forms.Form):
    on = date_field("Theo cây tổ chức ngày", required=True)


class HeldForm(forms.Form):
    held_on = date_field("Ngày khai mạc", required=True)
    held_until = date_field("Ngày bế mạc")


class CongressForm(DecisionForm):
    kind = forms.ChoiceField(label="Hình thức", choices=Congress.Kind.choices)
    pilot = forms.BooleanField(label="Đại hội điểm", required=False)
    window_start = date_field("Dự kiến tổ chức từ ngày", required=True)
    window_end = date_field("Đến ngày", required=True)
    plan_approved_on = date_field("Cấp trên duyệt kế hoạch ngày")

    field_order = ["kind", "pilot", "window_start", "window_end", "plan_approved_on", "decision"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = "Văn bản duyệt kế hoạch (số, ký hiệu)"
