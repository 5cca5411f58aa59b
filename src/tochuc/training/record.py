"""The «Đào tạo, bồi dưỡng» section of a member's record: the classes they were enrolled in,
as the reader may see them (the member page has checked the member is in the reader's scope)."""

from __future__ import annotations

from tochuc.members.record import RecordSection, register
from tochuc.training.models import Trainee

TEMPLATE = "training/_record.html"


def training_section(actor, member) -> RecordSection | None:
    rows = list(
        Trainee.objects.filter(member=member)
        .select_related("training_class__programme", "training_class__organization")
        .order_by("-training_class__starts_on", "-id")
    )
    if not rows:
        return None
    return RecordSection("Đào tạo, bồi dưỡng", TEMPLATE, {"rows": rows})


def register_all() -> None:
    register(training_section, order=20)
