"""A class opened by its organizer, and cancelled (what its completions gave taken back)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q

from tochuc.core.actions import action
from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write
from tochuc.core.text import clean
from tochuc.training.models import Programme, School, TrainingClass
from tochuc.training.services.trainees import level_take_back

C = TrainingClass.Status


def class_create(
    *,
    actor,
    organization,
    programme: Programme,
    name: str,
    mode: str,
    starts_on: date | None,
    ends_on: date | None,
    school: School | None = None,
    place: str = "",
    planned_size: int | None = None,
    decision=None,
    co_organizers: Iterable[School] = (),
) -> TrainingClass:
    """A class organized by `organization` (its committee, or its school `school`), from
    `starts_on` to `ends_on`, opened by `decision`, with the schools it is held together
    with (`co_organizers`: "phối hợp với trường Chính trị tỉnh", any level's)."""
    check_write(actor, organization)
    errors: dict[str, list[str]] = {}
    name = clean(name)
    if not name:
        errors["name"] = ["Nhập tên lớp."]
    elif len(name) > 200:
        errors["name"] = ["Tên lớp dài quá 200 ký tự."]
    if mode not in TrainingClass.Mode.values:
        errors["mode"] = ["Chọn hình thức: tập trung, không tập trung hoặc trực tuyến."]
    if starts_on is None:
        errors["starts_on"] = ["Nhập ngày khai giảng."]
    if ends_on is None:
        errors["ends_on"] = ["Nhập ngày kết thúc."]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [
            f"Ngày kết thúc {ends_on:%d/%m/%Y} trước ngày khai giảng {starts_on:%d/%m/%Y}."
        ]
    if planned_size is not None and not 1 <= planned_size <= 2000:
        errors["planned_size"] = ["Số học viên dự kiến từ 1 đến 2.000."]
    if school is not None and school.organization_id != organization.pk:
        errors["school"] = [f"{school.name} không thuộc {organization.name}."]
    co_organizers = [s for s in co_organizers if s != school]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        made = TrainingClass.objects.create(
            programme=programme,
            organization=organization,
            school=school,
            name=name,
            place=clean(place),
            mode=mode,
            starts_on=starts_on,
            ends_on=ends_on,
            planned_size=planned_size,
            decision=decision,
        )
        made.co_organizers.set(co_organizers)
        audit_record(
            actor=actor,
            action="training.class_create",
            target=made,
            after={
                "programme": programme.name,
                "name": name,
                "starts_on": starts_on,
                "co_organizers": [s.name for s in co_organizers],
            },
        )
    return made


def class_cancel(*, actor, training_class: TrainingClass, on: date, reason: str) -> TrainingClass:
    """The class cancelled on `on`: each level its completions raised taken back, with the
    member's event (a level raised since by another class is kept), and the candidates' course
    steps it gave (refused, naming the candidate, once their admission went on from it)."""
    reason = clean(reason)
    if not reason:
        raise ServiceError({"reason": ["Ghi lý do hủy lớp."]})
    if on is None:
        raise ServiceError({"on": ["Nhập ngày hủy lớp."]})
    with action(actor=actor, name="training.class_cancel", target=training_class) as act:
        if act.row.status == C.CANCELLED:
            raise ServiceError({"status": [f"Lớp {act.row.name} đã hủy."]})
        given = Q(level_given__gt="") | Q(course_given=True)
        for trainee in act.row.trainees.filter(given).select_related(
            "member", "cadre", "candidate"
        ):
            level_take_back(actor=actor, trainee=trainee, on=on)
        act.row.status = C.CANCELLED
        act.row.save(update_fields=["status"])
        act.after["reason"] = reason
    return act.row
