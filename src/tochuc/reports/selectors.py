"""The statistics engine: the figures of a subtree on a date, by child organization, and the
standard tables made of them. The dashboard, the Excel tables, the Word and PDF report, the API
and the CLI all read `report_figures` and `report_tables`, so they cannot disagree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.scope import in_scope, path_upper, scope_path
from tochuc.core.text import collation_key
from tochuc.members.counters import AGE_BANDS, admissions_on, counts_on
from tochuc.members.models import AdmissionTarget
from tochuc.members.reference import EDUCATION_LEVELS, OCCUPATION_GROUP_CHOICES, THEORY_LEVELS
from tochuc.orgs.models import (
    SEGMENT,
    Organization,
    OrganizationKind,
    OrganizationVersion,
    SubtreeCount,
)
from tochuc.orgs.selectors import KIND_ORDER
from tochuc.orgs.versions import covering, kinds_on, version_on, version_standing
from tochuc.reports.sections import sections


@dataclass
class Row:
    """One row of the report: a child organization's subtree (the child itself included, so
    the rows add up to the total) by kind, its members by every dimension (members.counters)
    and this year's admissions; or what the report's organization holds under no child (`own`,
    see _own). The total is the subtree without its organization."""

    org_id: int
    name: str
    kind: str
    kinds: dict[str, int]
    counts: Counter
    admitted: Counter = field(default_factory=Counter)
    own: bool = False

    def n(self, dimension: str, value: str) -> int:
        return self.counts[(dimension, value)]


@dataclass
class Figures:
    organization: Organization | None  # None: the whole country
    name: str  # as it was named on the date
    kind: str
    on: date
    past: bool
    total: Row
    rows: list[Row]  # the child organizations of that date, in the tree's order
    # What the total counts under no child (members placed in the organization itself);
    # None when nothing: the rows then add up to the total on their own.
    own: Row | None
    target: int | None  # the year's admission target ("phấn đấu kết nạp N")


NATION = "Toàn quốc"
SHOWN = 1000  # organizations listed behind a figure; the count is always the whole


def report_figures(
    *, actor, organization: Organization | None = None, on: date | None = None
) -> Figures:
    """The figures of `organization`'s subtree on `on` (today when None): today's from the
    rolled-up counts, a past date's from the tree and placements of that day. Without an
    organization: default_organization's."""
    if organization is None:
        organization = default_organization(actor, on)
    elif not in_scope(actor, organization):
        raise NotFound
    today = date.today()
    if on is not None and on > today:
        raise ServiceError(
            {"on": [f"Ngày xem số liệu {on:%d/%m/%Y} chưa tới: số liệu chỉ có đến hôm nay."]}
        )
    on = on or today
    past = on < today
    if organization is None:
        name, kind, low, high = NATION, "", "", "~"  # every path: digits sort before "~"
        parent = Q(parent__isnull=True)
    elif past:
        version = version_standing(organization, on)
        name, kind = version.name, version.kind
        low, high = version.path, path_upper(version.path)
        parent = Q(parent_id=organization.pk)
    else:
        name, kind = organization.name, organization.kind
        low, high = organization.path, path_upper(organization.path)
        parent = Q(parent_id=organization.pk)
    if past:
        children = list(
            OrganizationVersion.objects.filter(parent, covering(on)).values_list(
                "organization_id", "name", "kind", "path"
            )
        )
    else:
        children = list(
            Organization.objects.filter(parent, dissolved_on__isnull=True).values_list(
                "id", "name", "kind", "path"
            )
        )
    children.sort(key=lambda c: (KIND_ORDER[c[2]], collation_key(c[1])))
    width = len(children[0][3]) if children else len(low) + SEGMENT
    admitted = admissions_on(on, low=low, high=high, width=width, since=date(on.year, 1, 1))
    if past:
        members = counts_on(on, low=low, high=high, width=width)
        kinds = kinds_on(on, low=low, high=high, width=width)
        rows = [
            Row(oid, n, k, _sum_kinds([kinds.get(p, {})]), members.get(p, Counter()))
            for oid, n, k, p in children
        ]
        total_kinds, total_counts = _sum_kinds(kinds.values()), sum(members.values(), Counter())
    else:
        ids = [c[0] for c in children]
        stored = _stored_counts(ids + ([organization.pk] if organization else []))
        rows = [_row_today(oid, n, k, stored[oid]) for oid, n, k, _ in children]
        if organization is not None:
            top = _row_today(organization.pk, name, kind, stored[organization.pk])
            total_kinds, total_counts = _minus(top.kinds, kind), top.counts
        else:  # the whole country: the provinces and what lies under them
            total_kinds = _sum_kinds(r.kinds for r in rows)
            total_counts = sum((r.counts for r in rows), Counter())
    total = Row(organization.pk if organization else 0, name, kind, total_kinds, total_counts)
    for row, (*_, p) in zip(rows, children, strict=True):
        row.admitted = admitted.get(p, Counter())
    total.admitted = sum(admitted.values(), Counter())
    for section in sections():
        found = section.figures(on, low, high, width)
        for row, (*_, p) in zip(rows, children, strict=True):
            row.counts = row.counts + found.get(p, Counter())  # never the shared Counter
        total.counts = total.counts + sum(found.values(), Counter())
    own = _own(total, rows) if organization is not None else None
    target = (
        AdmissionTarget.objects.filter(organization=organization, year=on.year)
        .values_list("target", flat=True)
        .first()
        if organization
        else None
    )
    return Figures(organization, name, kind, on, past, total, rows, own, target)


OWN_ROW = "Trực thuộc trực tiếp"


def _own(total: Row, rows: list[Row]) -> Row | None:
    """The total minus its rows: the members placed in the organization itself, which no
    child's row counts (a chi bộ cơ sở's own; on a past date, a commune's that was a chi bộ
    before the 2025 replay changed its kind and gave it children). None if nothing."""
    counts = total.counts - sum((r.counts for r in rows), Counter())
    admitted = total.admitted - sum((r.admitted for r in rows), Counter())
    kinds = {k: total.kinds[k] - sum(r.kinds[k] for r in rows) for k in total.kinds}
    if not counts and not admitted and not any(kinds.values()):
        return None
    if not rows:  # a chi bộ: its one row is itself, whose member list is the figure's
        return Row(total.org_id, total.name, total.kind, kinds, counts, admitted)
    return Row(total.org_id, OWN_ROW, total.kind, kinds, counts, admitted, own=True)


def default_organization(actor, on: date | None = None) -> Organization | None:
    """Where the actor's statistics open: their scope's organization; for an actor who sees
    everything, the one province of a deployment that serves one (the whole country of one
    province said only "Toàn Đảng có 1 đảng bộ tỉnh"), else None: the whole country."""
    path = scope_path(actor)
    if path is None:
        raise NotFound
    if path:
        return Organization.objects.get(path=path)
    roots = list(Organization.objects.filter(parent__isnull=True, dissolved_on__isnull=True)[:2])
    if len(roots) != 1:
        return None
    if on is not None and on < date.today() and version_on(roots[0], on) is None:
        return None  # not founded yet on that day: the country's figures of the day
    return roots[0]


def _stored_counts(ids: list[int]) -> dict[int, Counter]:
    out: dict[int, Counter] = {i: Counter() for i in ids}
    rows = SubtreeCount.objects.filter(organization_id__in=ids, count__gt=0).values_list(
        "organization_id", "dimension", "value", "count"
    )
    for oid, dim, val, n in rows:
        out[oid][(dim, val)] = n
    return out


def _row_today(oid: int, name: str, kind: str, counts: Counter) -> Row:
    kinds = {k.value: counts.pop(("org_kind", k.value), 0) for k in OrganizationKind}
    return Row(oid, name, kind, kinds, counts)


def _minus(kinds: dict[str, int], own: str) -> dict[str, int]:
    """The subtree's organizations without the organization itself."""
    out = {k.value: kinds.get(k.value, 0) for k in OrganizationKind}
    out[own] = max(out[own] - 1, 0)
    return out


def _sum_kinds(parts) -> dict[str, int]:
    out = {k.value: 0 for k in OrganizationKind}
    for part in parts:
        for k, n in part.items():
            out[k] += n
    return out


# --- the standard tables --------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Row, int], int | Decimal | None]  # the row, the report's year
    # What the figure counts, as the member list's filters (members) or the organization list's
    # kind (organizations); None: not a count of anything listed (an average).
    drill: dict | None = None
    decimals: int = 0


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    columns: list[Column]
    of: str = "members"  # "organizations", or a section's key: what its figures drill down to


def _dim(label: str, dimension: str, value: str) -> Column:
    drill = {} if dimension == "member" else {dimension: value}
    return Column(label, lambda r, _: r.n(dimension, value), drill)


def _kind(label: str, *kinds: str) -> Column:
    return Column(label, lambda r, _: sum(r.kinds[k] for k in kinds), {"kind": ",".join(kinds)})


def _admitted(label: str, dimension: str, value: str) -> Column:
    drill = {"admitted": "year"} | ({} if dimension == "member" else {dimension: value})
    return Column(label, lambda r, _: r.admitted[(dimension, value)], drill)


def _age_band(label: str, band: str) -> Column:
    low, high = AGE_BANDS[band]

    def value(row: Row, year: int) -> int:
        ages = ((year - int(v), n) for (d, v), n in row.counts.items() if d == "birth_year")
        return sum(n for age, n in ages if low <= age <= high)

    return Column(label, value, {"age_band": band})


def _average_age(row: Row, year: int) -> Decimal | None:
    total = weighted = 0
    for (dim, val), n in row.counts.items():
        if dim == "birth_year":
            total += n
            weighted += (year - int(val)) * n
    if not total:
        return None
    return (Decimal(weighted) / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _levels(choices) -> list[tuple[str, str]]:
    return [(v or "none", label) for v, label in choices]


TABLES = [
    TableSpec(
        "to-chuc",
        "Tổ chức đảng",
        [
            _kind("Đảng bộ cấp trên cơ sở", "upper"),
            _kind("Tổ chức cơ sở đảng", "grassroots_committee", "grassroots_branch"),
            _kind("Đảng bộ cơ sở", "grassroots_committee"),
            _kind("Chi bộ cơ sở", "grassroots_branch"),
            _kind("Đảng bộ bộ phận", "sub_committee"),
            _kind("Chi bộ trực thuộc", "branch"),
        ],
        of="organizations",
    ),
    TableSpec(
        "dang-vien",
        "Đảng viên",
        [
            _dim("Tổng số", "member", "total"),
            _dim("Chính thức", "status", "official"),
            _dim("Dự bị", "status", "probationary"),
            _dim("Nữ", "gender", "female"),
            _dim("Dân tộc thiểu số", "ethnicity", "minority"),
            _dim("Có đạo", "religion", "religious"),
            _dim("Đoàn viên", "youth_union", "yes"),
            _dim("Miễn công tác, sinh hoạt", "state", "exempted"),
        ],
    ),
    TableSpec(
        "do-tuoi",
        "Độ tuổi",
        [_age_band(band.replace("71+", "Trên 70").replace("-", "–"), band) for band in AGE_BANDS]
        + [Column("Tuổi bình quân", _average_age, None, decimals=1)],
    ),
    TableSpec(
        "chuyen-mon",
        "Trình độ chuyên môn",
        [_dim(label, "education_level", v) for v, label in _levels(EDUCATION_LEVELS)],
    ),
    TableSpec(
        "ly-luan",
        "Trình độ lý luận chính trị",
        [_dim(label, "theory_level", v) for v, label in _levels(THEORY_LEVELS)],
    ),
    TableSpec(
        "nghe-nghiep",
        "Nghề nghiệp",
        [_dim(label, "occupation_group", v) for v, label in OCCUPATION_GROUP_CHOICES],
    ),
    TableSpec(
        "ket-nap",
        "Kết nạp đảng viên trong năm",
        [
            _admitted("Tổng số", "member", "total"),
            _admitted("Nữ", "gender", "female"),
            _admitted("Dân tộc thiểu số", "ethnicity", "minority"),
            _admitted("Có đạo", "religion", "religious"),
            _admitted("Đoàn viên", "youth_union", "yes"),
        ],
    ),
]


@dataclass
class Cell:
    value: int | Decimal | None
    decimals: int
    drill: dict | None  # the list's query parameters; None: nothing to list


@dataclass
class Table:
    key: str
    title: str
    of: str
    headers: list[str]
    rows: list[tuple[Row, list[Cell]]]
    total: tuple[Row, list[Cell]]
    # Why a figure of the total is not the sum of its rows ("" when every one is).
    note: str = ""


def report_tables(figures: Figures, rows_of: set[str] | None = None) -> list[Table]:
    """The standard breakdowns, one row per child organization and the total (`rows_of`:
    the keys of the tables whose rows are wanted; the others have their total only)."""
    year = figures.on.year
    out = []
    specs = TABLES + [spec for section in sections() for spec in section.specs(figures.on)]
    for spec in specs:
        title = spec.title
        if spec.key == "ket-nap":
            title = f"Kết nạp đảng viên từ 01/01/{year} đến {figures.on:%d/%m/%Y}"
        wanted = rows_of is None or spec.key in rows_of
        rows = figures.rows if wanted else []
        if wanted and figures.own is not None:
            rows = [*rows, figures.own]
        averages = [c.label for c in spec.columns if c.decimals]
        note = (
            f"Dòng Tổng cộng của cột «{'», «'.join(averages)}» là bình quân của toàn bộ "
            "đảng viên, không phải tổng các dòng."
            if averages
            else ""
        )
        cells = [(row, _cells(spec, row, figures)) for row in rows]
        out.append(
            Table(
                spec.key,
                title,
                spec.of,
                [c.label for c in spec.columns],
                cells,
                (figures.total, _cells(spec, figures.total, figures)),
                note,
            )
        )
    return out


def _cells(spec: TableSpec, row: Row, figures: Figures) -> list[Cell]:
    out = []
    for column in spec.columns:
        value = column.value(row, figures.on.year)
        drill = None
        # The member list of an organization lists its whole subtree: nothing lists the
        # members placed in it directly, so that row's figures link nowhere.
        if column.drill is not None and value and not row.own:
            drill = _drill(spec, column, row, figures)
        out.append(Cell(value, column.decimals, drill))
    return out


def _drill(spec: TableSpec, column: Column, row: Row, figures: Figures) -> dict:
    params = ({"organization": row.org_id} if row.org_id else {}) | column.drill
    if params.pop("admitted", None):
        # The admissions of the year, whatever became of the members since (counts_on).
        params["admission_year"] = figures.on.year
        params["state"] = "all"  # the list's default is those counted today
    elif spec.of == "members":
        params.setdefault("state", "counted")
    if figures.past:
        params["on"] = figures.on.strftime("%d/%m/%Y")
    return params


def organizations_behind(
    *, actor, organization: Organization | None, kinds: list[str], on: date | None = None
) -> dict:
    """The organizations a figure of the 'Tổ chức đảng' table counts: those of `kinds` under
    `organization` (the actor's own when None) on `on`. The first SHOWN, and how many."""
    if organization is None:
        path = scope_path(actor)
        if path is None:
            raise NotFound
        low = path
    elif not in_scope(actor, organization):
        raise NotFound
    else:
        low = organization.path
    if on is not None and on < date.today():
        if organization is not None:
            version = version_on(organization, on)
            low = version.path if version else "~"
        found = OrganizationVersion.objects.filter(covering(on)).values_list(
            "organization_id", "name", "kind", "path"
        )
    else:
        found = Organization.objects.filter(dissolved_on__isnull=True).values_list(
            "id", "name", "kind", "path"
        )
    high = path_upper(low) if low and low != "~" else "~"
    found = found.filter(path__gt=low, path__lt=high, kind__in=kinds).order_by("path")
    labels = dict(OrganizationKind.choices)
    return {
        "count": found.count(),
        "items": [
            {"id": oid, "name": name, "kind": kind, "kind_label": labels[kind]}
            for oid, name, kind, _ in found[:SHOWN]
        ],
    }
