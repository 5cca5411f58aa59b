"""The cadre work's shared catalogues edited through the API: position titles, management
levels and clearance purposes. They are shared by every organization, so only an
administrator edits them (the rule of the registry's catalogues, edited in the admin, which
only administrators reach; and of the tree's top level): others are refused (403)."""

from __future__ import annotations

from django.db import transaction

from tochuc.cadres.models import ClearancePurpose, ManagementLevel, PositionTitle
from tochuc.core.audit import audit_record
from tochuc.core.errors import Forbidden, ServiceError
from tochuc.core.text import clean
from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS

# model -> (its name in the messages, the audit's action prefix, the fields an edit may set)
CATALOGUES = {
    PositionTitle: (
        "chức danh",
        "position_title",
        ("name", "committee_role", "theory_level", "education_level", "order"),
    ),
    ManagementLevel: ("diện quản lý", "management_level", ("name", "order")),
    ClearancePurpose: ("mục đích thẩm định", "clearance_purpose", ("name", "order")),
}
CHOICES = {
    "committee_role": (PositionTitle.CommitteeRole.choices, "vai trò trong cấp ủy"),
    "theory_level": (THEORY_LEVELS, "trình độ lý luận chính trị"),
    "education_level": (EDUCATION_LEVELS, "trình độ chuyên môn"),
}


def may_edit_catalogues(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_admin)


def _taken(name: str, names) -> bool:
    """Whether `name` is among `names` but for case (the databases fold only ASCII)."""
    return name.casefold() in {n.casefold() for n in names}


def _check(actor, model, row, values: dict) -> dict:
    """The values cleaned, or a ServiceError naming each bad field."""
    if not may_edit_catalogues(actor):
        raise Forbidden("Chỉ quản trị viên được sửa danh mục dùng chung của công tác cán bộ.")
    label, _, fields = CATALOGUES[model]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(sorted(unknown))
    out, errors = dict(values), {}
    if "name" in out:
        out["name"] = clean(out["name"])
        if not out["name"]:
            errors["name"] = [f"Nhập tên {label}."]
        elif len(out["name"]) > 128:
            errors["name"] = [f"Tên {label} dài quá 128 ký tự."]
        else:
            others = model.objects.exclude(pk=row.pk) if row else model.objects.all()
            if _taken(out["name"], others.values_list("name", flat=True)):
                errors["name"] = [f"Danh mục đã có {label} «{out['name']}»."]
    if "order" in out and not 0 <= out["order"] <= 32767:
        errors["order"] = ["Thứ tự là số từ 0 đến 32767."]
    for field, (choices, said) in CHOICES.items():
        if field in out and out[field] not in dict(choices):
            codes = ", ".join(f"«{code}» {name.lower()}" for code, name in choices if code)
            errors[field] = [f"«{out[field]}» không phải {said}: chọn trống hoặc {codes}."]
    if errors:
        raise ServiceError(errors)
    return out


def catalogue_add(*, actor, model, **values):
    """A new row of a catalogue (PositionTitle, ManagementLevel, ClearancePurpose)."""
    values = _check(actor, model, None, values)
    with transaction.atomic():
        row = model.objects.create(**values)
        audit_record(actor=actor, action=f"{CATALOGUES[model][1]}.create", target=row, after=values)
    return row


def catalogue_update(*, actor, row, **changes):
    """Some fields of a catalogue's row changed; the rows that use it read the new value."""
    model = type(row)
    changes = _check(actor, model, row, changes)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=row.pk)
        before = {f: getattr(locked, f) for f in changes}
        for field, value in changes.items():
            setattr(locked, field, value)
        if changes:
            locked.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            action=f"{CATALOGUES[model][1]}.update",
            target=locked,
            before=before,
            after=changes,
        )
    return locked
