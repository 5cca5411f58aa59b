"""The cadre work's sections of the report (reports.sections), per row of the report:

- the year's moves (`CadreEvent`, from 01/01 to the report's day) by kind, where they are
  recorded (the position's organization): "kiện toàn ... 120 trường hợp" is their total;
- the positions standing on the report's day (established by then, when a day is given,
  and not yet abolished: `standing_q`), their holders that day (held_on, as the to-do screen's vacancies read them) and the vacancies;
- the planning for the term in force on the report's day (the latest term started by then):
  the plans (a person in a position's list) by the position's organization, and the people
  planned by the organization that manages them (each person once, so the rows add up).

Every count is one grouped query. Clearance counts are not here: they need their own
permission (cadres.services.clearance.clearance_right), which the general report does not ask.

Each section's `list_url` is the page its figures open: /cadres/moves/ (kind, from, to),
/cadres/positions/ (on, vacant), /cadres/planning/ (term, on)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Substr

from tochuc.cadres.models import Cadre, CadreEvent, Planning, Position
from tochuc.cadres.selectors import held_on, planned_q, standing_q
from tochuc.orgs.models import Term
from tochuc.reports import sections
from tochuc.reports.selectors import Column, TableSpec

K = CadreEvent.Kind
# The section keys (the tables' `of`) and their dimensions.
MOVES, POSITIONS, PLANNING = "cadre_moves", "cadre_positions", "cadre_planning"
# The moves that fill a leadership position: "củng cố, kiện toàn ... 120 trường hợp".
CONSOLIDATION = (
    K.APPOINTMENT,
    K.REAPPOINTMENT,
    K.PROMOTION,
    K.ELECTION,
    K.ROTATION,
    K.REASSIGNMENT,
    K.SECONDMENT,
)
# Shown after them, not in the total: leaving a position, and concurrence (hiệp y).
OTHER_MOVES = (K.DISMISSAL, K.RETIREMENT, K.CONCURRENCE_ASKED, K.CONCURRENCE_GIVEN)


def _day(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def _count(dimension: str, value: str):
    return lambda row, _: row.n(dimension, value)


def _in(low: str, high: str, field: str) -> Q:
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


def _term_on(on: date):
    return Term.objects.filter(starts_on__lte=on).order_by("-starts_on")


# --- the year's moves -----------------------------------------------------------------------


def move_figures(on: date, low: str, high: str, width: int) -> dict[str, Counter]:
    path = "organization__path"
    moves = (
        CadreEvent.objects.filter(
            _in(low, high, path), effective_date__gte=date(on.year, 1, 1), effective_date__lte=on
        )
        .annotate(prefix=Substr(path, 1, width))
        .values_list("prefix", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[str, Counter] = {}
    for prefix, kind, n in moves:
        found.setdefault(prefix, Counter())[(MOVES, kind)] += n
    return found


def _consolidated(row, _) -> int:
    return sum(row.n(MOVES, kind) for kind in CONSOLIDATION)


def move_tables(on: date) -> list[TableSpec]:
    # /cadres/moves/: `kind` (one or more, comma-separated), `from` and `to` the effective
    # dates, `organization` the subtree.
    period = {"from": _day(date(on.year, 1, 1)), "to": _day(on)}
    labels = dict(K.choices)
    return [
        TableSpec(
            "can-bo-kien-toan",
            f"Củng cố, kiện toàn cán bộ lãnh đạo, quản lý từ 01/01/{on.year} đến {_day(on)}",
            [
                Column(
                    "Tổng số kiện toàn", _consolidated, {"kind": ",".join(CONSOLIDATION)} | period
                ),
                *(
                    Column(labels[kind], _count(MOVES, kind), {"kind": kind} | period)
                    for kind in CONSOLIDATION + OTHER_MOVES
                ),
            ],
            of=MOVES,
        )
    ]


# --- positions and vacancies on the day -----------------------------------------------------


def position_figures(on: date, low: str, high: str, width: int) -> dict[str, Counter]:
    path = "organization__path"
    vacant = Q(held__lt=F("seats"))
    positions = (
        Position.objects.filter(_in(low, high, path), standing_q(on))
        .annotate(held=held_on(on), prefix=Substr(path, 1, width))
        .values_list("prefix")
        .annotate(
            positions=Count("id"),
            held_total=Sum("held"),
            vacant=Count("id", filter=vacant),
            free=Sum(F("seats") - F("held"), filter=vacant),
        )
        .order_by()
    )
    found: dict[str, Counter] = {}
    for prefix, count, held, vacant_n, free in positions:
        found.setdefault(prefix, Counter()).update(
            {
                (POSITIONS, "positions"): count,
                (POSITIONS, "held"): held or 0,
                (POSITIONS, "vacant"): vacant_n,
                (POSITIONS, "free"): free or 0,
            }
        )
    return found


def position_tables(on: date) -> list[TableSpec]:
    # Served by the positions-and-incumbents page, /cadres/positions/: `on` the day, `vacant=1`
    # the positions short of holders; the page lists each position with its holders.
    day = {"on": _day(on)} if on < date.today() else {}
    return [
        TableSpec(
            "chuc-vu",
            f"Chức vụ lãnh đạo, quản lý và người đảm nhiệm ngày {_day(on)}",
            [
                Column("Chức vụ", _count(POSITIONS, "positions"), dict(day)),
                Column("Người đang đảm nhiệm", _count(POSITIONS, "held"), dict(day)),
                Column("Chức vụ còn khuyết", _count(POSITIONS, "vacant"), {"vacant": 1} | day),
                # Seats, not things listed: no list counts them one by one.
                Column("Số người còn thiếu", _count(POSITIONS, "free"), None),
            ],
            of=POSITIONS,
        )
    ]


# --- planning for the term in force ---------------------------------------------------------


def _planned_on(on: date) -> Q:
    return Q(term_id=Subquery(_term_on(on).values("pk")[:1])) & planned_q(on)


def planning_figures(on: date, low: str, high: str, width: int) -> dict[str, Counter]:
    path = "position__organization__path"
    plans = (
        Planning.objects.filter(_planned_on(on), _in(low, high, path))
        .annotate(prefix=Substr(path, 1, width))
        .values_list("prefix")
        .annotate(n=Count("id"))
        .order_by()
    )
    # Each person once, under the organization that manages them.
    people = (
        Cadre.objects.filter(
            _in(low, high, "organization__path"),
            Exists(Planning.objects.filter(_planned_on(on), cadre=OuterRef("pk"))),
        )
        .annotate(prefix=Substr("organization__path", 1, width))
        .values_list("prefix")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[str, Counter] = {}
    for prefix, n in plans:
        found.setdefault(prefix, Counter())[(PLANNING, "plans")] += n
    for prefix, n in people:
        found.setdefault(prefix, Counter())[(PLANNING, "people")] += n
    return found


def planning_tables(on: date) -> list[TableSpec]:
    # Served by the planning page, /cadres/planning/: `term` the term's id, `on` the day, `all=1`
    # the subtree's positions (the figures count the subtree's plans), each with its people.
    term = _term_on(on).values_list("pk", "name").first()
    if term is None:
        title, drill = "Quy hoạch cán bộ (chưa có nhiệm kỳ)", None
    else:
        title = f"Quy hoạch cán bộ nhiệm kỳ {term[1]} đến ngày {_day(on)}"
        drill = {"term": term[0], "all": 1} | ({"on": _day(on)} if on < date.today() else {})
    return [
        TableSpec(
            "quy-hoach",
            title,
            [
                Column("Lượt quy hoạch vào chức vụ", _count(PLANNING, "plans"), drill),
                Column("Cán bộ trong quy hoạch", _count(PLANNING, "people"), drill),
            ],
            of=PLANNING,
        )
    ]


def register() -> None:
    """Called by CadresConfig.ready: the moves, the positions, the planning."""
    for key, url, tables, figures in (
        (MOVES, "/cadres/moves/", move_tables, move_figures),
        (POSITIONS, "/cadres/positions/", position_tables, position_figures),
        (PLANNING, "/cadres/planning/", planning_tables, planning_figures),
    ):
        sections.register(sections.Section(key=key, list_url=url, tables=tables, figures=figures))
