"""The planning table and the checks a planner needs, each a warning saying its rule's value
and where it comes from (core.rules): people per position, positions per person, working time
left at the start of the term, the levels the title requires."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from tochuc.cadres.ages import months_left, said
from tochuc.cadres.models import Cadre, Holding, Planning, Position
from tochuc.core.errors import NotFound
from tochuc.core.rules import DEFAULTS, rule_value
from tochuc.core.scope import subtree_q
from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS
from tochuc.members.validators import years_between
from tochuc.orgs.models import Term

_EDUCATION = [code for code, _ in EDUCATION_LEVELS]
_THEORY = [code for code, _ in THEORY_LEVELS]


def _source(key: str) -> str:
    return DEFAULTS[key][1]


def _below(have: str, need: str, levels: list[str]) -> bool:
    return bool(need) and levels.index(have or "") < levels.index(need)


def person_warnings(cadre: Cadre, position: Position, term: Term, positions: int) -> list[str]:
    """Why `cadre` may not fit the plan of `position` for `term` (`positions`: how many
    positions the cadre is planned for in that term)."""
    warnings = []
    start = term.starts_on
    need = rule_value("planning_years_left_at_term_start", start)
    left = months_left(cadre.birth_date, cadre.gender, start)
    if left < need * 12:
        warnings.append(
            f"Đến đầu nhiệm kỳ {term.name} ({start:%d/%m/%Y}) còn {said(left)} công tác, dưới "
            f"{need} năm ({_source('planning_years_left_at_term_start')})."
        )
    most = rule_value("planning_positions_per_person", start)
    if positions > most:
        warnings.append(
            f"Quy hoạch {positions} chức danh trong nhiệm kỳ, quá {most} "
            f"({_source('planning_positions_per_person')})."
        )
    title = position.title
    if _below(cadre.education_level, title.education_level, _EDUCATION):
        warnings.append(
            f"Trình độ chuyên môn {dict(EDUCATION_LEVELS)[cadre.education_level]}, chức danh "
            f"{title.name} yêu cầu {dict(EDUCATION_LEVELS)[title.education_level]}."
        )
    if _below(cadre.theory_level, title.theory_level, _THEORY):
        warnings.append(
            f"Trình độ lý luận chính trị {dict(THEORY_LEVELS)[cadre.theory_level]}, chức danh "
            f"{title.name} yêu cầu {dict(THEORY_LEVELS)[title.theory_level]}."
        )
    return warnings


def position_warnings(position: Position, term: Term, people: int) -> list[str]:
    low, high = rule_value("planning_people_per_position", term.starts_on)
    source = _source("planning_people_per_position")
    if people > high:
        return [f"{people} người quy hoạch, quá {high} ({source})."]
    if people < low:
        return [f"{people} người quy hoạch, chưa đủ {low} ({source})."]
    return []


def holders_by_position(ids: list[int], on) -> dict[int, list[Cadre]]:
    """The cadres holding each of the positions `ids` on `on`, in one query."""
    holders: dict[int, list[Cadre]] = {}
    for holding in (
        Holding.objects.filter(
            Q(end__isnull=True) | Q(end__gte=on), position_id__in=ids, start__lte=on
        )
        .select_related("cadre")
        .order_by("start", "id")
    ):
        holders.setdefault(holding.position_id, []).append(holding.cadre)
    return holders


@dataclass
class PlannedRow:
    plan: Planning
    age_at_start: int
    warnings: list[str]


@dataclass
class PlanningRow:
    position: Position
    holders: list  # the cadres holding it at the term's start (or today)
    planned: list[PlannedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def planned_q(on) -> Q:
    """The plans standing on `on`: added by then and not yet removed (the table's and the
    report's, so a past day's figure opens that day's list)."""
    return Q(added_on__lte=on) & (Q(removed_on__isnull=True) | Q(removed_on__gt=on))


def planning_table(positions, term: Term, on) -> list[PlanningRow]:
    """Per position (of those given): its holders on `on`, its people planned for `term` on `on` with
    their age at the term's start and their warnings, and the position's own warnings. Three
    queries whatever the number of positions."""
    positions = list(positions.select_related("title", "organization", "body"))
    ids = [p.pk for p in positions]
    plans = list(
        Planning.objects.filter(planned_q(on), position_id__in=ids, term=term)
        .select_related("cadre")
        .order_by("position_id", "cadre__sort_key")
    )
    per_person: dict[int, int] = {}
    # unordered: Planning's default order joins the positions, bodies and titles to sort
    for cadre_id in (
        Planning.objects.filter(planned_q(on), term=term, cadre_id__in={p.cadre_id for p in plans})
        .order_by()
        .values_list("cadre_id", flat=True)
    ):
        per_person[cadre_id] = per_person.get(cadre_id, 0) + 1
    holders = holders_by_position(ids, on)
    rows = {p.pk: PlanningRow(p, holders.get(p.pk, [])) for p in positions}
    start = term.starts_on
    for plan in plans:
        cadre = plan.cadre
        age = years_between(cadre.birth_date, start)
        row = rows[plan.position_id]
        warnings = person_warnings(cadre, row.position, term, per_person.get(cadre.pk, 0))
        row.planned.append(PlannedRow(plan, age, warnings))
    for row in rows.values():
        row.warnings = position_warnings(row.position, term, len(row.planned))
    return list(rows.values())


def planning_get(actor, pk) -> Planning:
    try:
        return (
            Planning.objects.filter(subtree_q(actor, field="position__organization__path"))
            .select_related("position__organization", "position__title", "cadre", "term")
            .get(pk=pk)
        )
    except (Planning.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
