"""The yearly training plan of an organizer: per programme, the classes and trainees it plans
(set, changed or cleared with its audit row)."""

from __future__ import annotations

from django.db import transaction

from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write
from tochuc.core.text import clean
from tochuc.training.models import Programme, TrainingPlan


def plan_set(
    *,
    actor,
    organization,
    year: int | None,
    programme: Programme,
    classes: int | None,
    trainees: int | None,
    note: str = "",
) -> TrainingPlan | None:
    """The organizer's plan of `programme` for `year`: `classes` classes, `trainees` people;
    both 0 clears it (None is returned)."""
    check_write(actor, organization)
    errors: dict[str, list[str]] = {}
    if year is None or not 2000 <= year <= 2100:
        errors["year"] = ["Năm kế hoạch từ 2000 đến 2100."]
    if classes is None or not 0 <= classes <= 1000:
        errors["classes"] = ["Số lớp từ 0 đến 1.000."]
    if trainees is None or not 0 <= trainees <= 100_000:
        errors["trainees"] = ["Số học viên từ 0 đến 100.000."]
    elif classes == 0 and trainees:
        errors["classes"] = [f"Kế hoạch {trainees} học viên cần ít nhất một lớp."]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        found = (
            TrainingPlan.objects.select_for_update()
            .filter(organization=organization, year=year, programme=programme)
            .first()
        )
        before = {"classes": found.classes, "trainees": found.trainees} if found else None
        if classes == 0 and trainees == 0:
            if found:
                found.delete()
            plan = None
        elif found:
            found.classes, found.trainees, found.note = classes, trainees, clean(note)[:255]
            found.save()
            plan = found
        else:
            plan = TrainingPlan.objects.create(
                organization=organization,
                year=year,
                programme=programme,
                classes=classes,
                trainees=trainees,
                note=clean(note)[:255],
            )
        audit_record(
            actor=actor,
            action="training.plan_set",
            target=organization,
            before=before,
            after={
                "year": year,
                "programme": programme.name,
                "classes": classes,
                "trainees": trainees,
            },
        )
    return plan
