"""Quy hoạch: a cadre put in the planning list of a position for a term (by a decision),
reviewed yearly, removed with a reason. The checks a planner needs are warnings, not refusals
(selectors.planning.planning_warnings): the committee decides, the system says why it may not
fit."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from tochuc.cadres.models import Cadre, Planning, PlanningReview, Position
from tochuc.cadres.services.records import cadre_of_member
from tochuc.core.actions import action
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write
from tochuc.orgs.models import Term


def planning_add(
    *, actor, cadre: Cadre, position: Position, term: Term, on: date, decision=None
) -> Planning:
    check_write(actor, position.organization)
    if on.year > term.end_year:
        raise ServiceError({"on": [f"Nhiệm kỳ {term.name} đã kết thúc trước {on:%d/%m/%Y}."]})
    with action(actor=actor, name="cadre.planning_add", target=cadre) as act:
        try:
            with transaction.atomic():
                plan = Planning.objects.create(
                    position=position, term=term, cadre=act.row, added_on=on, decision=decision
                )
        except IntegrityError:
            raise ServiceError(
                {
                    "cadre": [
                        f"{cadre.full_name} đã có trong quy hoạch {position.label} nhiệm kỳ "
                        f"{term.name}."
                    ]
                }
            ) from None
        act.after["planning"] = {"position": position.pk, "term": term.name}
    return plan


def planning_remove(*, actor, planning: Planning, on: date, reason: str, decision=None) -> Planning:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": ["Ghi lý do đưa ra khỏi quy hoạch."]})
    check_write(actor, planning.position.organization)
    with action(actor=actor, name="cadre.planning_remove", target=planning.cadre):
        row = Planning.objects.select_for_update().get(pk=planning.pk)
        if row.removed_on is not None:
            raise ServiceError(
                {"on": [f"Đã đưa ra khỏi quy hoạch ngày {row.removed_on:%d/%m/%Y}."]}
            )
        if on < row.added_on:
            raise ServiceError(
                {
                    "on": [
                        f"Ngày {on:%d/%m/%Y} trước ngày đưa vào quy hoạch {row.added_on:%d/%m/%Y}."
                    ]
                }
            )
        row.removed_on, row.removal_reason, row.removal_decision = on, reason[:255], decision
        row.save(update_fields=["removed_on", "removal_reason", "removal_decision"])
    return row


def planning_review(
    *, actor, planning: Planning, year: int, kept: bool, note: str = "", decision=None
) -> PlanningReview:
    """The year's review (rà soát): kept, or taken out with the review's note as the reason; a
    year from the plan's (its day in the list) to the end of its term."""
    if not kept and not (note or "").strip():
        raise ServiceError({"note": ["Ghi lý do không tiếp tục quy hoạch."]})
    check_write(actor, planning.position.organization)
    first, last = planning.added_on.year, planning.term.end_year
    if not isinstance(year, int) or not first <= year <= last:
        raise ServiceError(
            {
                "year": [
                    f"Năm rà soát {year} ngoài {first}–{last} (từ năm đưa vào quy hoạch đến hết "
                    f"nhiệm kỳ {planning.term.name})."
                ]
            }
        )
    with action(actor=actor, name="cadre.planning_review", target=planning.cadre) as act:
        review, created = PlanningReview.objects.get_or_create(
            planning=planning,
            year=year,
            defaults={"kept": kept, "note": (note or "").strip()[:255], "decision": decision},
        )
        if not created:
            raise ServiceError({"year": [f"Đã rà soát quy hoạch này năm {year}."]})
        act.after["review"] = {"planning": planning.pk, "year": year, "kept": kept}
        if not kept:
            planning_remove(
                actor=actor,
                planning=planning,
                on=date(year, 12, 31),
                reason=note,
                decision=decision,
            )
    return review


def member_planning_add(
    *, actor, member, position: Position, term: Term, on: date, decision=None
) -> Planning:
    """A member put in the planning list of `position`: their cadre record made if need be, in
    the plan's transaction (a refusal leaves neither), as member_appoint does."""
    with transaction.atomic():
        cadre = cadre_of_member(actor=actor, member=member)
        return planning_add(
            actor=actor, cadre=cadre, position=position, term=term, on=on, decision=decision
        )
