"""The lifecycle actions as users meet them: title, fields, when they apply, the service.

The page's form and the API's schema are both built from this table, so the two can
never disagree; the rules themselves stay in services/lifecycle.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django import forms
from pydantic import create_model

from tochuc.core.forms import date_field
from tochuc.members import services
from tochuc.members.models import COUNTED_STATES, Member, MemberState, MemberStatus

# field name -> (form field factory, API type)
FIELDS: dict[str, tuple[Callable[[], forms.Field], object]] = {
    "effective_date": (lambda: date_field("Ngày quyết định / ngày hiệu lực"), date | None),
    "document_symbol": (
        lambda: forms.CharField(label="Số, ký hiệu quyết định", required=False, max_length=64),
        str,
    ),
    "document_date": (lambda: date_field("Ngày ký văn bản"), date | None),
    "form": (
        lambda: forms.ChoiceField(
            label="Hình thức kỷ luật", choices=list(services.DISCIPLINE_FORMS.items())
        ),
        str,
    ),
    "reason": (
        lambda: forms.ChoiceField(label="Lý do", choices=list(services.REMOVAL_REASONS.items())),
        str,
    ),
    "ceremony_date": (lambda: date_field("Ngày lễ kết nạp lại"), date | None),
    "note": (
        lambda: forms.CharField(
            label="Ghi chú",
            required=False,
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 2}),
        ),
        str,
    ),
}

_DECISION = ["effective_date", "document_symbol", "document_date", "note"]


@dataclass(frozen=True)
class Action:
    title: str
    service: Callable[..., Member]
    fields: list[str]
    applies: Callable[[Member], bool]


ACTIONS: dict[str, Action] = {
    "confirm": Action(
        "Công nhận đảng viên chính thức",
        services.member_confirm,
        _DECISION,
        lambda m: m.state == MemberState.ACTIVE and m.status == MemberStatus.PROBATIONARY,
    ),
    "exempt": Action(
        "Miễn công tác và sinh hoạt đảng",
        services.member_exempt,
        _DECISION,
        lambda m: m.state == MemberState.ACTIVE,
    ),
    "exempt_end": Action(
        "Thôi miễn công tác và sinh hoạt đảng",
        services.member_exempt_end,
        _DECISION,
        lambda m: m.state == MemberState.EXEMPTED,
    ),
    "discipline": Action(
        "Kỷ luật",
        services.member_discipline,
        ["form", *_DECISION],
        lambda m: m.state in COUNTED_STATES,
    ),
    "remove": Action(
        "Xóa tên",
        services.member_remove,
        ["reason", *_DECISION],
        lambda m: m.state in COUNTED_STATES | {MemberState.LOST_CONTACT},
    ),
    "lose_contact": Action(
        "Ghi nhận mất liên lạc",
        services.member_lose_contact,
        _DECISION,
        lambda m: m.state in COUNTED_STATES,
    ),
    "contact_restore": Action(
        "Ghi nhận liên lạc lại",
        services.member_contact_restore,
        _DECISION,
        lambda m: m.state == MemberState.LOST_CONTACT,
    ),
    "death": Action(
        "Ghi nhận từ trần",
        services.member_death,
        ["effective_date", "note"],
        lambda m: m.state in COUNTED_STATES,
    ),
    "readmit": Action(
        "Kết nạp lại",
        services.member_readmit,
        ["effective_date", "ceremony_date", "document_symbol", "document_date", "note"],
        lambda m: m.state in {MemberState.REMOVED, MemberState.EXPELLED},
    ),
}


def action_form(kind: str, data=None) -> forms.Form:
    fields = {name: FIELDS[name][0]() for name in ACTIONS[kind].fields}
    return type(f"{kind.title()}Form", (forms.Form,), fields)(data)


def action_schema(kind: str):
    """The pydantic model of an action's API payload."""
    fields = {}
    for name in ACTIONS[kind].fields:
        api_type = FIELDS[name][1]
        default = "" if api_type is str and name not in ("form", "reason") else None
        fields[name] = (api_type, ... if name in ("form", "reason") else default)
    return create_model(f"{kind.title().replace('_', '')}In", **fields)


def action_run(kind: str, *, actor, member: Member, data: dict) -> Member:
    return ACTIONS[kind].service(actor=actor, member=member, **data)
