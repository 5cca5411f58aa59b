"""Reads of cadres and positions, scoped to the actor's subtree (a cadre by the organization
that manages them, a position by its organization)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tochuc.cadres.models import Cadre, CadreEvent, Holding, Position
from tochuc.cadres.selectors.planning import holders_by_position
from tochuc.core.errors import NotFound
from tochuc.core.rules import rule_value
from tochuc.core.scope import subtree_q
from tochuc.core.text import clean, search_key
from tochuc.members.models import Candidate, Member
from tochuc.members.selectors import candidate_list, member_list
from tochuc.members.validators import add_months

_BORN = re.compile(r"^(.*?)\s*\((\d{4})\)$")


def cadre_get(actor, pk: int) -> Cadre:
    try:
        return Cadre.objects.filter(subtree_q(actor, field="organization__path")).get(pk=pk)
    except (Cadre.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def standing_q(on: date | None) -> Q:
    """The positions that exist on `on` (established by then, not yet abolished); today's
    when None."""
    on = on or date.today()
    return (Q(established_on__isnull=True) | Q(established_on__lte=on)) & (
        Q(abolished_on__isnull=True) | Q(abolished_on__gt=on)
    )


def positions_of(
    actor, organization=None, on: date | None = None, *, own: bool = False
) -> QuerySet[Position]:
    """The positions of the actor's subtree (narrowed to `organization`'s) standing on `on`;
    `own`: only `organization`'s own (its committee's and its bodies'), not its subtree's:
    the planning list of a province is its own, each commune has its own."""
    positions = Position.objects.filter(subtree_q(actor, organization, "organization__path"))
    if own and organization is not None:
        positions = positions.filter(organization=organization)
    return positions.filter(standing_q(on)).select_related(
        "title", "organization", "body", "management_level"
    )


def held_on(on: date):
    """How many hold the position (the row's `pk`) on `on`: a subquery, so a list of positions,
    its count and the report's grouped figures all read the same holders."""
    holders = (
        Holding.objects.filter(Q(end__isnull=True) | Q(end__gte=on), position=OuterRef("pk"))
        .filter(start__lte=on)
        .order_by()
        .values("position")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(holders), 0)


def vacant_positions(actor, on: date, organization=None) -> QuerySet[Position]:
    """The positions of the actor's subtree with fewer holders than seats on `on`, each with
    `held`: counted in the database (the to-do screen's, the report's vacancies)."""
    return (
        positions_of(actor, organization, on).annotate(held=held_on(on)).filter(held__lt=F("seats"))
    )


def vacancies(actor, on: date, organization=None) -> list[tuple[Position, int]]:
    """Positions with fewer holders than seats on `on`, and how many seats are free."""
    return [(p, p.seats - p.held) for p in vacant_positions(actor, on, organization)]


def reappointments_due(actor, today: date, organization=None) -> QuerySet[Holding]:
    """Holdings whose term ends within the rule's notice (6 months), still held: the
    reappointments to consider, the nearest first."""
    months = rule_value("reappointment_notice_months", today)
    return (
        Holding.objects.filter(
            subtree_q(actor, organization, "position__organization__path"),
            end__isnull=True,
            term_end__isnull=False,
            term_end__lte=add_months(today, months),
        )
        .select_related("cadre", "position__title", "position__organization", "position__body")
        .order_by("term_end", "id")
    )


def moves(
    actor, *, kinds=(), start: date | None = None, end: date | None = None, organization=None
) -> QuerySet:
    """The moves (CadreEvent) recorded in the subtree, of `kinds`, from `start` to `end`, the
    latest first: the report's "kiện toàn ... 120 trường hợp" figures open it."""
    events = CadreEvent.objects.filter(subtree_q(actor, organization, "organization__path"))
    if kinds:
        events = events.filter(kind__in=list(kinds))
    if start:
        events = events.filter(effective_date__gte=start)
    if end:
        events = events.filter(effective_date__lte=end)
    return events.select_related(
        "cadre", "position__title", "organization", "other_organization", "decision"
    ).order_by("-effective_date", "-id")


def appointable(actor, member) -> list[Position]:
    """The positions a member may be appointed to from their record: those of the actor's
    subtree on the member's line (their organization and its ancestors), in order."""
    ids = member.organization.ancestor_ids()
    return list(
        positions_of(actor)
        .filter(organization_id__in=ids)
        .order_by("organization__path", "title__order", "id")
    )


def cadres_in(actor, organization):
    """The cadres managed in `organization`'s subtree, in official order: whom a form picks."""
    return Cadre.objects.filter(subtree_q(actor, organization, "organization__path")).order_by(
        "sort_key", "id"
    )


def people_named(
    actor, organization, text: str, *, limit: int = 6, candidates: bool = False
) -> list[Cadre | Member | Candidate]:
    """Whom a form's «Cán bộ hoặc đảng viên» names in `organization`'s subtree: the members
    (by name, accents and case aside, or by CCCD or party card number, the whole number), the
    cadres outside the Party's rolls (by name) and, with `candidates`, the admission
    pipeline's candidates (by name); "Họ tên (1975)" narrows to a birth year. The one person
    whose name is the text exactly when there is one, else all (at most `limit` of each
    kind): the form asks for more when it is not one."""
    text = clean(text)
    match = _BORN.match(text)
    name, year = (match[1], int(match[2])) if match else (text, None)
    members = list(
        member_list(actor=actor, organization=organization, q=name, birth_year=year)[:limit]
    )
    number = "".join(name.split())
    if number.isdigit():
        return [m for m in members if number in (m.citizen_id, m.party_card_number)]
    key = search_key(name)
    outside = cadres_in(actor, organization).filter(member__isnull=True)
    if year:
        outside = outside.filter(birth_date__year=year)
    found = [c for c in outside if key in search_key(c.full_name)] + members
    if candidates:
        pipeline = candidate_list(actor=actor, organization=organization)
        if year:
            pipeline = pipeline.filter(birth_date__year=year)
        found += list(pipeline.filter(search_key__contains=key)[:limit])
    exact = [p for p in found if search_key(p.full_name) == key]
    return exact if len(exact) == 1 else found


def position_list(
    actor, organization, on: date, *, vacant: bool = False, due: bool = False
) -> QuerySet[Position]:
    """The positions page's and file's rows: the subtree's positions standing on `on`, each
    with `held` (its holders that day, counted in the database), in the tree's order;
    `vacant`: those short of holders; `due`: those with a reappointment due (the to-do's)."""
    listed = positions_of(actor, organization, on).annotate(held=held_on(on))
    if due:
        listed = listed.filter(
            pk__in=reappointments_due(actor, on, organization).values("position")
        )
    if vacant:
        listed = listed.filter(held__lt=F("seats"))
    return listed.order_by("organization__path", "title__order", "id")


def position_page(
    actor, organization, on: date, *, vacant=False, due=False, page=1, size=50
) -> tuple[Page, int, int]:
    """A page of `position_list` (those short of holders only, with `vacant`), with how many
    positions the subtree has that day and how many of them are short: the page's and the
    API's one listing."""
    listed = position_list(actor, organization, on, due=due)
    counts = listed.aggregate(total=Count("id"), vacant=Count("id", filter=Q(held__lt=F("seats"))))
    if vacant:
        listed = listed.filter(held__lt=F("seats"))
    pages = Paginator(listed, size)
    pages.count = counts["vacant" if vacant else "total"]  # counted above: not counted again
    return pages.get_page(page), counts["total"], counts["vacant"]


def position_rows(positions, on: date) -> list[tuple[Position, list[Cadre], int]]:
    """(position, its holders on `on`, seats free) for positions of `position_list` (a page of
    them): the holders in one query."""
    positions = list(positions)
    holders = holders_by_position([p.pk for p in positions], on)
    return [(p, holders.get(p.pk, []), max(p.seats - p.held, 0)) for p in positions]


def cadre_holdings(actor, cadre: Cadre) -> QuerySet[Holding]:
    """The positions `cadre` holds or held that lie in the actor's subtree (a province post of
    a commune's member is the province's, not the commune's)."""
    return cadre.holdings.filter(
        subtree_q(actor, field="position__organization__path")
    ).select_related("position__title", "position__organization", "position__body", "decision")


@dataclass(frozen=True)
class CadreRecord:
    holdings: list
    plans: list
    seats: list
    events: list


def cadre_record(actor, cadre: Cadre) -> CadreRecord:
    """What the actor sees of a cadre's record (the caller has checked the cadre is in the
    actor's scope): the positions held, the planning, the committee seats and the moves
    recorded in the actor's subtree, each left out when another committee's. The member
    page's cadre section and the API's cadre read both show this."""
    plans = (
        cadre.plans.filter(subtree_q(actor, field="position__organization__path"))
        .select_related("position__title", "position__organization", "position__body", "term")
        .order_by("-term__starts_on", "position_id")
    )
    seats = (
        cadre.seats.filter(subtree_q(actor, field="organization__path"))
        .select_related("organization", "term")
        .order_by("-start")
    )
    events = CadreEvent.objects.filter(
        subtree_q(actor, field="organization__path"), cadre=cadre
    ).select_related("position__title", "position__organization", "other_organization", "decision")
    return CadreRecord(
        holdings=list(cadre_holdings(actor, cadre)),
        plans=list(plans),
        seats=list(seats),
        events=list(events),
    )
