"""The cadre tab of a member's record (members.record): the positions held, the planning,
the committee seats and the moves; the clearance cases only for those with the right, each
such read audited."""

from __future__ import annotations

from django.db.models import Q

from tochuc.cadres.forms import AppointForm
from tochuc.cadres.models import Cadre, PoliticalClearance
from tochuc.cadres.selectors import appointable
from tochuc.cadres.services.clearance import may_see_clearance
from tochuc.core.audit import audit_read
from tochuc.core.scope import subtree_q
from tochuc.members.record import RecordSection, register


def cadre_section(actor, member) -> RecordSection | None:
    """Nothing for a member who is not a cadre (the member page already checked the scope)."""
    cadre = Cadre.objects.filter(member=member).select_related("management_level").first()
    positions = appointable(actor, member) if actor.can_write else []
    form = AppointForm(positions=positions) if positions else None
    if cadre is None:
        if form is None:
            return None
        return RecordSection(
            "Cán bộ", "cadres/_record.html", {"cadre": None, "form": form, "member": member}
        )
    context = {
        "form": form,
        "member": member,
        "cadre": cadre,
        "holdings": list(
            cadre.holdings.select_related(
                "position__title", "position__organization", "position__body", "decision"
            )
        ),
        "plans": list(
            cadre.plans.select_related(
                "position__title", "position__organization", "term"
            ).order_by("-term__starts_on", "position_id")
        ),
        "seats": list(cadre.seats.select_related("organization", "term").order_by("-start")),
        "events": list(
            cadre.events.select_related("position__title", "other_organization", "decision")
        ),
        "clearances": None,
    }
    if may_see_clearance(actor):
        # the cases of the reader's subtree only (another committee's conclusion is theirs)
        cases = list(
            PoliticalClearance.objects.filter(subtree_q(actor, field="organization__path"))
            .filter(Q(cadre=cadre) | Q(member=member, cadre__isnull=True))
            .select_related("purpose", "decision")
        )
        context["clearances"] = cases
        audit_read(actor=actor, action="clearance.view", target=cadre, details={"page": "record"})
    return RecordSection("Cán bộ", "cadres/_record.html", context)


def register_all() -> None:
    register(cadre_section, order=10)
