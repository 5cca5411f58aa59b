"""A cadre's record, one view of it wherever it shows: the cadre tab of a member's record
(members.record) and the page of an official outside the Party's rolls (views.people). The
positions held, the planning, the committee seats, the moves, and for a writer the forms that
record them (loaded when opened); the clearance cases only for those with the right, each such
read audited."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.urls import reverse

from tochuc.cadres.forms import (
    AppointForm,
    ConcurrenceForm,
    HoldingEndForm,
    MoveForm,
    ReturnForm,
)
from tochuc.cadres.models import Cadre, PoliticalClearance
from tochuc.cadres.selectors import appointable, cadre_holdings, cadre_record
from tochuc.cadres.services.clearance import may_see_clearance
from tochuc.core.audit import audit_read
from tochuc.core.scope import subtree_q
from tochuc.members.record import RecordSection, register

TEMPLATE = "cadres/_record.html"


def move_forms(cadre: Cadre, holdings) -> dict:
    """The forms of the moves, each with its prefix (the POST's `do`): a held position ended,
    a move, the return from a rotation, a concurrence."""
    held = [h for h in holdings if h.end is None]
    forms = {
        "move": MoveForm(prefix="move"),
        "back": ReturnForm(prefix="back"),
        "concur": ConcurrenceForm(prefix="concur"),
    }
    if held:
        forms["end"] = HoldingEndForm(prefix="end", holdings=held)
    return forms


def record_forms(actor, cadre: Cadre | None, member=None) -> dict:
    """The writes of a record (the appointment, a held position ended, a move, the return, a
    concurrence), read when a writer opens them: the record page itself does not build them."""
    positions = appointable(actor, member or cadre)
    forms = move_forms(cadre, list(cadre_holdings(actor, cadre))) if cadre else {}
    return {
        "form": AppointForm(positions=positions) if positions else None,
        "forms": forms,
        "member": member,
        "cadre": cadre,
    }


def cadre_context(actor, cadre: Cadre | None, member=None) -> dict:
    """What the record template shows of `cadre` (None: a member not yet a cadre), read in
    the actor's scope (the caller checked the cadre's or the member's); its forms come from
    `record_forms` when a writer opens them."""
    forms = ("cadres:member_forms", member.pk) if member else ("cadres:cadre_forms", cadre.pk)
    context = {
        "member": member,
        "cadre": cadre,
        "forms_url": reverse(forms[0], args=[forms[1]]) if actor.can_write else "",
        "clearances": None,
    }
    if cadre is None:
        return context
    record = cadre_record(actor, cadre)  # what the actor's subtree holds of it
    for event in record.events:  # a rotation's planned return, for the timeline
        planned = event.details.get("planned_return")
        event.planned_return = date.fromisoformat(planned) if planned else None
    context |= {
        "holdings": record.holdings,
        "plans": record.plans,
        "seats": record.seats,
        "events": record.events,
    }
    if may_see_clearance(actor):
        # the cases of the reader's subtree only (another committee's conclusion is theirs)
        person_q = Q(cadre=cadre)
        if member is not None:
            person_q |= Q(member=member, cadre__isnull=True)
        cases = list(
            PoliticalClearance.objects.filter(subtree_q(actor, field="organization__path"))
            .filter(person_q)
            .select_related("purpose", "decision")
        )
        context["clearances"] = cases
        if cases:  # the audit says which cases were seen (none seen: nothing read)
            details = {"page": "record", "cases": [k.pk for k in cases]}
            audit_read(actor=actor, action="clearance.view", target=cadre, details=details)
    return context


def cadre_section(actor, member) -> RecordSection | None:
    """Nothing for a member who is not a cadre (the member page already checked the scope)."""
    cadre = (
        Cadre.objects.filter(member=member)
        .select_related("management_level", "organization")
        .first()
    )
    if cadre is None and not actor.can_write:
        return None
    return RecordSection("Cán bộ", TEMPLATE, cadre_context(actor, cadre, member))


def register_all() -> None:
    register(cadre_section, order=10)
