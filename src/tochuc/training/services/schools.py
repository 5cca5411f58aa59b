"""A school (học viện, trường chính trị, trung tâm chính trị) recorded under the committee it
serves: the organizer of its classes, or a co-organizer of another level's."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write
from tochuc.core.text import clean
from tochuc.training.models import School


def school_create(*, actor, organization, name: str, kind: str) -> School:
    check_write(actor, organization)
    name = clean(name)
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Nhập tên cơ sở đào tạo."]
    elif len(name) > 200:
        errors["name"] = ["Tên cơ sở đào tạo dài quá 200 ký tự."]
    if kind not in School.Kind.values:
        errors["kind"] = ["Chọn loại: học viện, trường chính trị hoặc trung tâm chính trị."]
    if errors:
        raise ServiceError(errors)
    try:
        with transaction.atomic():
            school = School.objects.create(organization=organization, name=name, kind=kind)
            audit_record(
                actor=actor, action="training.school_create", target=school, after={"name": name}
            )
    except IntegrityError:
        raise ServiceError({"name": [f"{organization.name} đã có {name}."]}) from None
    return school
