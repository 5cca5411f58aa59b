"""The congress season in the report (reports.sections), per row of the report: for the term
whose season has begun by the report's day (the latest term starting within a year after
it), the congresses of the plan not superseded by then, by level, and those held by then:
seed 003's "497/567 tổ chức cơ sở đảng đã tổ chức đại hội (đạt 87,65%)". One grouped query.
Each figure opens /congresses/ (term, on, level, status)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Substr

from tochuc.congresses.models import Congress
from tochuc.congresses.services.plans import level_of
from tochuc.orgs.models import Term
from tochuc.reports import sections
from tochuc.reports.selectors import Column, TableSpec

KEY = "congresses"
SEASON_DAYS = 365  # a term's season of congresses begins this long before it starts


def season_term(on: date) -> Term | None:
    return (
        Term.objects.filter(starts_on__lte=on + timedelta(days=SEASON_DAYS))
        .order_by("-starts_on")
        .first()
    )


def figures(on: date, low: str, high: str, width: int) -> dict[str, Counter]:
    term = season_term(on)
    if term is None:
        return {}
    path = "organization__path"
    rows = (
        Congress.objects.filter(
            Q(**{f"{path}__gte": low, f"{path}__lt": high}),
            Q(superseded_on__isnull=True) | Q(superseded_on__gt=on),
            term=term,
        )
        .annotate(prefix=Substr(path, 1, width))
        .values_list("prefix", "organization__kind")
        .annotate(n=Count("id"), held=Count("id", filter=Q(held_on__lte=on)))
        .order_by()
    )
    found: dict[str, Counter] = {}
    for prefix, kind, n, held in rows:
        level = level_of(kind)
        counter = found.setdefault(prefix, Counter())
        counter[(KEY, f"{level}:total")] += n
        counter[(KEY, f"{level}:held")] += held
    return found


def _count(value: str):
    return lambda row, _: row.n(KEY, value)


def _percent(level: str):
    def value(row, _):
        total = row.n(KEY, f"{level}:total")
        return Decimal(row.n(KEY, f"{level}:held")) * 100 / total if total else None

    return value


def tables(on: date) -> list[TableSpec]:
    term = season_term(on)
    if term is None:
        return []
    day = on.strftime("%d/%m/%Y")
    base = {"term": term.pk, "on": day}
    columns = []
    for level, label in (
        ("grassroots", "Tổ chức cơ sở đảng"),
        ("upper", "Đảng bộ cấp trên cơ sở"),
        ("branch", "Chi bộ, đảng bộ bộ phận trực thuộc"),
    ):
        columns.append(Column(label, _count(f"{level}:total"), {"level": level} | base))
        columns.append(
            Column("đã đại hội", _count(f"{level}:held"), {"level": level, "status": "held"} | base)
        )
        if level == "grassroots":
            columns.append(Column("tỷ lệ (%)", _percent(level), None, decimals=2))
    return [
        TableSpec(
            "dai-hoi",
            f"Tiến độ đại hội nhiệm kỳ {term.name} đến ngày {day}",
            columns,
            of=KEY,
        )
    ]


def register() -> None:
    sections.register(
        sections.Section(key=KEY, list_url="/congresses/", tables=tables, figures=figures)
    )
