"""Reads of the training work, scoped to the actor: the classes (the organizer's subtree) and
who is studying on a day (the staff profile's «đang học»)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from tochuc.training.models import Trainee, TrainingClass


def running_q(on: date, prefix: str = "") -> Q:
    """The classes running on `on`: between their dates, neither cancelled nor finished."""
    return Q(**{f"{prefix}starts_on__lte": on, f"{prefix}ends_on__gte": on}) & ~Q(
        **{f"{prefix}status__in": [TrainingClass.Status.CANCELLED, TrainingClass.Status.FINISHED]}
    )


def cadres_studying(cadres, on: date) -> dict[str, set[int]]:
    """The cadres of `cadres` (a queryset, the caller's scope) enrolled, on `on`, in a running
    class whose programme gives a theory level: by that level (cadres.studying's source)."""
    found: dict[str, set[int]] = {}
    rows = (
        Trainee.objects.filter(
            running_q(on, "training_class__"),
            Q(cadre__in=cadres.values("id")) | Q(member__cadre__in=cadres.values("id")),
            status=Trainee.Status.ENROLLED,
            training_class__programme__theory_level__gt="",
        )
        .values_list("cadre_id", "member__cadre", "training_class__programme__theory_level")
        .order_by()
    )
    for cadre, member_cadre, level in rows:
        found.setdefault(level, set()).add(cadre or member_cadre)
    return found
