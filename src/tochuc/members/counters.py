"""What each member counts under: the rolled-up counts (kept current, rebuilt, checked for
drift) and the same counts at a past date, from the placements and the tree of that date."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Substr

from tochuc.core.bulk import indexes_deferred
from tochuc.core.db import distinct_from, is_postgresql, year_of
from tochuc.core.scope import path_upper
from tochuc.members.models import COUNTED_STATES, Gender, Member, MemberStatus, Placement
from tochuc.members.reference import (
    EDUCATION_LEVELS,
    MAJORITY_ETHNICITY,
    NO_RELIGION,
    OCCUPATION_GROUP_CHOICES,
    THEORY_LEVELS,
)
from tochuc.orgs.counters import counts_rebuild
from tochuc.orgs.models import Organization, OrganizationVersion, SubtreeCount
from tochuc.orgs.versions import covering, version_on, versions_before_founding

Key = tuple[str, str]

# The dimensions every member is counted under, each with one value (so each dimension's
# values add up to the total): "member/total", status, state, birth year, gender, ethnicity,
# religion, Youth Union, education and theory levels, occupation group. member_dimensions()
# says it for one member in Python, `_expressions()` in SQL for the rebuild and
# `_value_conditions()` as filters for today; at a past date `_past_conditions()` count the
# same on the placements' copies of the record (`placement_copy`). The drift check and the
# tests that compare a date's counts with today's hold them to the same answer.


def member_dimensions(member: Member) -> set[Key]:
    """What the member adds to the rolled-up counts of every organization above it (nothing
    once removed, expelled or deceased)."""
    if member.state not in COUNTED_STATES:
        return set()
    return {
        ("member", "total"),
        ("status", member.status),
        ("state", member.state),
        ("birth_year", str(member.birth_date.year)),
        ("gender", member.gender),
        ("ethnicity", "majority" if member.ethnicity == MAJORITY_ETHNICITY else "minority"),
        ("religion", "none" if member.religion == NO_RELIGION else "religious"),
        ("youth_union", "yes" if member.youth_union else "no"),
        ("education_level", member.education_level or "none"),
        ("theory_level", member.theory_level or "none"),
        ("occupation_group", member.occupation_group),
    }


# The record's values a placement stores as small numbers: the position in these lists.
# Append only: the placements hold the positions (a test checks every choice has one). A
# value outside a list has no code and counts under none of the dimension's values, as a
# value outside the choices does in _value_conditions().
CODES = {
    "gender": ["male", "female"],
    "education_level": ["", "so_cap", "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"],
    "theory_level": ["", "so_cap", "trung_cap", "cao_cap", "cu_nhan"],
    "occupation_group": [
        "can_bo",
        "vu_trang",
        "cong_nhan",
        "nong_dan",
        "kinh_doanh",
        "hoc_sinh",
        "huu_tri",
        "khac",
    ],
}
# The record field behind each coded column of Placement.
CODED = {
    "gender_code": "gender",
    "education_code": "education_level",
    "theory_code": "theory_level",
    "occupation_code": "occupation_group",
}


def placement_copy(member: Member) -> dict:
    """What each of the member's placements copies of the record: what member_dimensions()
    reads of it besides the standing, and the admission date. members.placements writes it
    with the periods, in the same transaction as every change of the record."""

    def code(field: str) -> int | None:
        value = getattr(member, field)
        return CODES[field].index(value) if value in CODES[field] else None

    return {
        "birth_year": member.birth_date.year,
        **{column: code(field) for column, field in CODED.items()},
        "majority": member.ethnicity == MAJORITY_ETHNICITY,
        "religious": member.religion != NO_RELIGION,
        "youth_union": bool(member.youth_union),
        "admission_date": member.admission_date,
    }


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def placement_copy_sql(m: str) -> dict[str, str]:
    """placement_copy() in SQL, on the Member row `m` (a table alias): the rebuild, the drift
    check and the migration that filled the columns."""

    def code(field: str) -> str:
        whens = " ".join(f"WHEN {_literal(v)} THEN {i}" for i, v in enumerate(CODES[field]))
        return f"CASE {m}.{field} {whens} END"

    return {
        "birth_year": year_of(f"{m}.birth_date"),
        **{column: code(field) for column, field in CODED.items()},
        "majority": f"{m}.ethnicity = {_literal(MAJORITY_ETHNICITY)}",
        "religious": f"{m}.religion <> {_literal(NO_RELIGION)}",
        "youth_union": f"{m}.youth_union",
        "admission_date": f"{m}.admission_date",
    }


class BirthYear(Func):
    """The year of a date column as an integer; on SQLite read from the ISO text, not through
    Django's date functions, which call back into Python once a row."""

    output_field = IntegerField()
    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"

    def as_sqlite(self, compiler, connection, **extra):
        template = "CAST(substr(%(expressions)s, 1, 4) AS integer)"
        return super().as_sqlite(compiler, connection, template=template, **extra)


def _expressions() -> dict[str, object]:
    """member_dimensions() in SQL, on Member rows."""

    def level(field):
        return Coalesce(NullIf(F(field), Value("")), Value("none"))

    def either(condition: Q, yes: str, no: str):
        return Case(When(condition, then=Value(yes)), default=Value(no))

    return {
        "member": Value("total"),
        "status": F("status"),
        "state": F("state"),
        "gender": F("gender"),
        "ethnicity": either(Q(ethnicity=MAJORITY_ETHNICITY), "majority", "minority"),
        "religion": either(Q(religion=NO_RELIGION), "none", "religious"),
        "youth_union": either(Q(youth_union=True), "yes", "no"),
        "education_level": level("education_level"),
        "theory_level": level("theory_level"),
        "occupation_group": F("occupation_group"),
        "birth_year": Cast(BirthYear("birth_date"), CharField()),
    }


def member_own_counts(within=None) -> Iterator[tuple[int, str, str, int]]:
    counted = Member.objects.filter(state__in=COUNTED_STATES)
    if within is not None:
        counted = counted.filter(organization__in=within.values("id"))
    for dimension, expression in _expressions().items():
        rows = (
            counted.annotate(v=expression)
            .values_list("organization_id", "v")
            .annotate(n=Count("id"))
            .order_by()
        )
        for org_id, value, n in rows:
            yield org_id, dimension, value, n


def member_deltas(members) -> dict[Key, int]:
    """What a set of members adds to the rolled-up counts (member_dimensions(), summed)."""
    counted = members.filter(state__in=COUNTED_STATES)
    out: dict[Key, int] = {}
    for dimension, expression in _expressions().items():
        rows = counted.annotate(v=expression).values_list("v").annotate(n=Count("id")).order_by()
        for value, n in rows:
            out[(dimension, value)] = n
    return out


def stats_rebuild(within=None) -> int:
    """Recompute the SubtreeCounts from the organizations and members (all, or those of the
    organizations `within`, whole subtrees); returns rows written."""
    return counts_rebuild(member_own_counts(within), within)


def stats_drift() -> list[tuple[int, str, str, int, int]]:
    """(organization, dimension, value, stored, actual) for every count that has drifted,
    and for the placements whose copies of the record (the counts at past dates) differ
    from it: (organization, "placement", column, placements stale, 0), and for the
    organizations whose history begins before their founding: (organization, "version",
    "start_date", first version's start, founding), dates as yyyymmdd (the past tree showed
    them before they existed; not a count, so --rebuild does not change them).

    Rebuilds inside a transaction that is rolled back, so nothing is changed.
    """

    def snapshot():
        return {
            (o, d, v): n
            for o, d, v, n in SubtreeCount.objects.filter(count__gt=0).values_list(
                "organization_id", "dimension", "value", "count"
            )
        }

    stored = snapshot()
    try:
        with transaction.atomic():
            stats_rebuild()
            actual = snapshot()
            raise _Rollback
    except _Rollback:
        pass
    keys = stored.keys() | actual.keys()
    return sorted(
        [
            *(
                (*k, stored.get(k, 0), actual.get(k, 0))
                for k in keys
                if stored.get(k, 0) != actual.get(k, 0)
            ),
            *placement_copies_drift(),
            *member_order_drift(),
            *(
                (org, "version", "start_date", _yyyymmdd(first), _yyyymmdd(founded))
                for org, first, founded in versions_before_founding()
            ),
        ]
    )


def _yyyymmdd(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


# PostgreSQL: members_order (migration 0018), kept by triggers: each member's root of its
# organization's tree (the first segment of the path) and sort key.


def member_order_drift() -> list[tuple[int, str, str, int, int]]:
    """(organization, "member", "order", members, 0) for the members whose row of
    members_order is missing or stale, by organization; (0, "member", "order", rows, 0) for
    rows of members that are gone (PostgreSQL; nothing elsewhere)."""
    if not is_postgresql():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.organization_id, COUNT(*) FROM members_member m "
            "JOIN orgs_organization o ON o.id = m.organization_id "
            "LEFT JOIN members_order mo ON mo.member_id = m.id "
            "WHERE mo.member_id IS NULL OR mo.top_id <> left(o.path, 8)::integer "
            "OR mo.sort_key <> m.sort_key GROUP BY 1"
        )
        stale = cursor.fetchall()
        cursor.execute(
            "SELECT COUNT(*) FROM members_order mo "
            "WHERE NOT EXISTS (SELECT 1 FROM members_member m WHERE m.id = mo.member_id)"
        )
        (gone,) = cursor.fetchone()
    return [(org_id, "member", "order", n, 0) for org_id, n in stale] + (
        [(0, "member", "order", gone, 0)] if gone else []
    )


def member_order_rebuild() -> int:
    """Fill members_order again from the members (PostgreSQL); returns the rows written."""
    if not is_postgresql():
        return 0
    with (
        transaction.atomic(),
        indexes_deferred(["member_top_order"]),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM members_order")
        cursor.execute(
            "INSERT INTO members_order (member_id, top_id, sort_key) "
            "SELECT m.id, left(o.path, 8)::integer, m.sort_key "
            "FROM members_member m JOIN orgs_organization o ON o.id = m.organization_id"
        )
        return cursor.rowcount


def placement_copies_drift() -> list[tuple[int, str, str, int, int]]:
    """(organization, "placement", column, placements, 0) for every column of the record's
    copies on the placements (placement_copy) that differs from the record, by the
    placement's organization. One pass over the placements and their members."""
    columns = placement_copy_sql("m")
    tests = [f"p.{column} {distinct_from()} ({sql})" for column, sql in columns.items()]
    counts = ", ".join(f"COUNT(*) FILTER (WHERE {t})" for t in tests)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.organization_id, {counts} FROM {quote(Placement._meta.db_table)} p "
            f"JOIN {quote(Member._meta.db_table)} m ON m.id = p.member_id "
            f"WHERE {' OR '.join(tests)} GROUP BY p.organization_id"
        )
        rows = cursor.fetchall()
    return [
        (org_id, "placement", column, n, 0)
        for org_id, *stale in rows
        for column, n in zip(columns, stale, strict=True)
        if n
    ]


class _Rollback(Exception):
    pass


def _value_conditions() -> list[tuple[Key, Q]]:
    """member_dimensions() as one condition per (dimension, value) on Member rows: what
    counts_on counts today in one pass. Birth year and the total are the grouping."""

    def levels(name: str, choices) -> list[tuple[Key, Q]]:
        return [((name, v or "none"), Q(**{name: v})) for v, _ in choices]

    return [
        (("status", MemberStatus.OFFICIAL), Q(status=MemberStatus.OFFICIAL)),
        (("status", MemberStatus.PROBATIONARY), ~Q(status=MemberStatus.OFFICIAL)),
        *((("gender", v), Q(gender=v)) for v in Gender.values),
        (("ethnicity", "majority"), Q(ethnicity=MAJORITY_ETHNICITY)),
        (("ethnicity", "minority"), ~Q(ethnicity=MAJORITY_ETHNICITY)),
        (("religion", "none"), Q(religion=NO_RELIGION)),
        (("religion", "religious"), ~Q(religion=NO_RELIGION)),
        (("youth_union", "yes"), Q(youth_union=True)),
        (("youth_union", "no"), Q(youth_union=False)),
        *levels("education_level", EDUCATION_LEVELS),
        *levels("theory_level", THEORY_LEVELS),
        *levels("occupation_group", OCCUPATION_GROUP_CHOICES),
        *((("state", v), Q(state=v)) for v in sorted(COUNTED_STATES)),
    ]


def _past_conditions() -> tuple[list[tuple[Key, str]], dict[Key, list[Key]]]:
    """The same on the placements of a past date, in SQL on Placement `p` (its copies of the
    record, status and standing of the day; `%(on)s` the date): the filtered counts, and the
    values counted as the rest of the row's count minus others (a yes/no split's other half:
    fewer filters, each evaluated on 6 million rows in a nationwide count)."""
    first_state, *other_states = sorted(COUNTED_STATES)
    official, probationary = MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY
    filtered = [
        (("status", official), "p.official_from <= %(on)s"),
        (("ethnicity", "majority"), "p.majority"),
        (("religion", "religious"), "p.religious"),
        (("youth_union", "yes"), "p.youth_union"),
        *((("state", v), f"p.state = {_literal(v)}") for v in other_states),
        *(
            ((field, value or "none"), f"p.{column} = {code}")
            for column, field in CODED.items()
            for code, value in enumerate(CODES[field])
        ),
    ]
    rest = {
        ("status", probationary): [("status", official)],
        ("ethnicity", "minority"): [("ethnicity", "majority")],
        ("religion", "none"): [("religion", "religious")],
        ("youth_union", "no"): [("youth_union", "yes")],
        ("state", first_state): [("state", v) for v in other_states],
    }
    return filtered, rest


def _placed_sql(on: date, low: str, high: str, width: int) -> tuple[str, dict] | None:
    """FROM and WHERE of the placements of `on` in the organizations whose path of that day
    lies in [low, high), with `t.column1` the first `width` characters of the path (None:
    no organization there that day).

    The prefixes are read first and joined as a list of values: grouping by SUBSTR(path)
    itself, PostgreSQL expects as many groups as organizations, and sorts millions of rows
    on disk instead of hashing them into a few thousand groups.
    """
    tops = list(
        OrganizationVersion.objects.filter(covering(on), path__gte=low, path__lt=high)
        .annotate(top=Substr("path", 1, width))
        .values_list("top", flat=True)
        .order_by()
        .distinct()
    )
    if not tops:
        return None
    params = {"on": on, "low": low, "high": high, "width": width}
    params |= {f"top{i}": top for i, top in enumerate(tops)}
    values = ", ".join(f"(%(top{i})s)" for i in range(len(tops)))
    quote = connection.ops.quote_name
    sql = (
        f"FROM {quote(Placement._meta.db_table)} p "
        f"JOIN {quote(OrganizationVersion._meta.db_table)} v "
        "ON v.organization_id = p.organization_id "
        f"JOIN (VALUES {values}) t ON t.column1 = SUBSTR(v.path, 1, %(width)s) "
        "WHERE p.start_date <= %(on)s AND (p.end_date > %(on)s OR p.end_date IS NULL) "
        "AND v.start_date <= %(on)s AND (v.end_date > %(on)s OR v.end_date IS NULL) "
        "AND v.path >= %(low)s AND v.path < %(high)s"
    )
    return sql, params


def counts_on(on: date, *, low: str, high: str, width: int) -> dict[str, Counter]:
    """The counts of member_dimensions() on a date, of the members placed that day in the
    organizations whose path of that day lies in [low, high), grouped by the path's first
    `width` characters (one level of the tree of that day). One pass over the members (or
    the placements), one row per (organization, birth year), every other dimension a filtered
    count of it.

    On a past date, status and standing are those of the day (the placement); the other
    dimensions are the record's as it is now (the placements' copies): the record keeps no
    history of levels or occupation. Today they are all the record's.
    """
    if on >= date.today():
        return _counts_today(low, high, width)
    placed = _placed_sql(on, low, high, width)
    if placed is None:
        return {}
    sql, params = placed
    filtered, rest = _past_conditions()
    counts = ", ".join(f"COUNT(*) FILTER (WHERE {q})" for _, q in filtered)
    counted = ", ".join(_literal(v) for v in sorted(COUNTED_STATES))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.column1, p.birth_year, COUNT(*), {counts} {sql} "
            f"AND p.state IN ({counted}) GROUP BY t.column1, p.birth_year",
            params,
        )
        rows = cursor.fetchall()
    out: dict[str, Counter] = {}
    for top, year, n, *values in rows:
        counter = out.setdefault(top, Counter())
        counter[("member", "total")] += n
        counter[("birth_year", str(year))] += n
        row = dict(zip([key for key, _ in filtered], values, strict=True))
        row |= {key: n - sum(row[o] for o in others) for key, others in rest.items()}
        for key, count in row.items():
            if count:
                counter[key] += count
    return out


def _counts_today(low: str, high: str, width: int) -> dict[str, Counter]:
    """counts_on for today: the members themselves (no history to read)."""
    conditions = _value_conditions()
    rows = (
        Member.objects.filter(
            organization__path__gte=low,
            organization__path__lt=high,
            state__in=COUNTED_STATES,
        )
        .annotate(top=Substr("organization__path", 1, width), year=BirthYear("birth_date"))
        .values("top", "year")
        .annotate(
            n=Count("id"), **{f"c{i}": Count("id", filter=q) for i, (_, q) in enumerate(conditions)}
        )
        .order_by()
        .values_list("top", "year", "n", *(f"c{i}" for i in range(len(conditions))))
    )
    out: dict[str, Counter] = {}
    for top, year, n, *counts in rows:
        counter = out.setdefault(top, Counter())
        counter[("member", "total")] += n
        counter[("birth_year", str(year))] += n
        for (key, _), count in zip(conditions, counts, strict=True):
            if count:
                counter[key] += count
    return out


# The cuts the admission tables print, on Member (today) and on Placement `p` (a past date).
_ADMISSION_CUTS = {
    ("gender", "female"): (
        Q(gender=Gender.FEMALE),
        f"p.gender_code = {CODES['gender'].index('female')}",
    ),
    ("ethnicity", "minority"): (~Q(ethnicity=MAJORITY_ETHNICITY), "NOT p.majority"),
    ("religion", "religious"): (~Q(religion=NO_RELIGION), "p.religious"),
    ("youth_union", "yes"): (Q(youth_union=True), "p.youth_union"),
}


def admissions_on(on: date, *, low: str, high: str, width: int, since: date) -> dict[str, Counter]:
    """The members admitted from `since` to `on`, placed that day as counts_on places them,
    with the cuts the admission tables print (total, women, ethnic minorities, religious,
    Youth Union). Every standing counts: an admission stays an admission of its year whatever
    became of the member since. Few columns, so PostgreSQL reads them off a covering index
    (`member_admitted` today, `placement_admitted` at a past date)."""
    cuts = list(_ADMISSION_CUTS)
    if on >= date.today():
        # Counting the admission date, which the covering index holds: counting the id would
        # make PostgreSQL read the scattered rows themselves.
        rows = (
            Member.objects.filter(
                organization__path__gte=low,
                organization__path__lt=high,
                admission_date__gte=since,
                admission_date__lte=on,
            )
            .annotate(top=Substr("organization__path", 1, width))
            .values("top")
            .annotate(
                n=Count("admission_date"),
                **{
                    f"c{i}": Count("admission_date", filter=_ADMISSION_CUTS[key][0])
                    for i, key in enumerate(cuts)
                },
            )
            .order_by()
            .values_list("top", "n", *(f"c{i}" for i in range(len(cuts))))
        )
    else:
        placed = _placed_sql(on, low, high, width)
        if placed is None:
            return {}
        sql, params = placed
        counts = ", ".join(f"COUNT(*) FILTER (WHERE {_ADMISSION_CUTS[k][1]})" for k in cuts)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.column1, COUNT(*), {counts} {sql} "
                "AND p.admission_date >= %(since)s AND p.admission_date <= %(on)s "
                "GROUP BY t.column1",
                params | {"since": since},
            )
            rows = cursor.fetchall()
    out: dict[str, Counter] = {}
    for top, n, *counts in rows:
        out[top] = Counter({("member", "total"): n, **dict(zip(cuts, counts, strict=True))})
    return out


def member_counts_at(organization: Organization, on: date) -> Counter:
    """The subtree's counts on a past date (empty if the organization did not exist then)."""
    version = version_on(organization, on)
    if version is None:
        return Counter()
    path = version.path
    return counts_on(on, low=path, high=path_upper(path), width=len(path)).get(path, Counter())


AGE_BANDS = {
    "18-30": (18, 30),
    "31-40": (31, 40),
    "41-50": (41, 50),
    "51-60": (51, 60),
    "61-70": (61, 70),
    "71+": (71, 200),
}


def band_birth_years(band: str, on: date) -> tuple[int, int]:
    """The birth years of an age band on `on`, earliest first. Ages in the statistics are
    counted by year (the report's year minus the birth year), as the counts hold birth years."""
    low, high = AGE_BANDS[band]
    return on.year - high, on.year - low
