"""What each member counts under: the rolled-up counts (kept current, rebuilt, checked for
drift) and the same counts at a past date, from the placements and the tree of that date."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from django.db import transaction
from django.db.models import Case, CharField, Count, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf, Substr

from tochuc.members.models import COUNTED_STATES, Gender, Member, MemberStatus, Placement
from tochuc.members.reference import (
    EDUCATION_LEVELS,
    MAJORITY_ETHNICITY,
    NO_RELIGION,
    OCCUPATION_GROUP_CHOICES,
    THEORY_LEVELS,
)
from tochuc.orgs.counters import counts_rebuild
from tochuc.orgs.models import Organization, SubtreeCount, path_upper
from tochuc.orgs.versions import covering, version_on

Key = tuple[str, str]

# The dimensions every member is counted under, each with one value (so each dimension's
# values add up to the total): "member/total", status, state, birth year, and these fields of
# the record, each a dimension of its own name. `dimensions()` says it for one member in Python,
# `_expressions()` in SQL for the rebuild; the drift check holds them to the same answer.
RECORD_FIELDS = [
    "gender",
    "ethnicity",
    "religion",
    "youth_union",
    "education_level",
    "theory_level",
    "occupation_group",
]


def dimensions(status: str, state: str, birth_year: int, record: dict) -> set[Key]:
    """What one counted member adds to the rolled-up counts of every organization above it;
    `record` holds the RECORD_FIELDS."""
    return {
        ("member", "total"),
        ("status", status),
        ("state", state),
        ("birth_year", str(birth_year)),
        ("gender", record["gender"]),
        ("ethnicity", "majority" if record["ethnicity"] == MAJORITY_ETHNICITY else "minority"),
        ("religion", "none" if record["religion"] == NO_RELIGION else "religious"),
        ("youth_union", "yes" if record["youth_union"] else "no"),
        ("education_level", record["education_level"] or "none"),
        ("theory_level", record["theory_level"] or "none"),
        ("occupation_group", record["occupation_group"]),
    }


def member_dimensions(member: Member) -> set[Key]:
    """The member's share of the counts (nothing once removed, expelled or deceased)."""
    if member.state not in COUNTED_STATES:
        return set()
    record = {f: getattr(member, f) for f in RECORD_FIELDS}
    return dimensions(member.status, member.state, member.birth_date.year, record)


class BirthYear(Func):
    """The year of a date column as an integer; on SQLite read from the ISO text, not through
    Django's date functions, which call back into Python once a row."""

    output_field = IntegerField()
    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"

    def as_sqlite(self, compiler, connection, **extra):
        template = "CAST(substr(%(expressions)s, 1, 4) AS integer)"
        return super().as_sqlite(compiler, connection, template=template, **extra)


def _expressions() -> dict[str, object]:
    """`dimensions()` in SQL, on Member rows."""

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
    """(organization, dimension, value, stored, actual) for every count that has drifted.

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
        (*k, stored.get(k, 0), actual.get(k, 0))
        for k in keys
        if stored.get(k, 0) != actual.get(k, 0)
    )


class _Rollback(Exception):
    pass


def _value_conditions(official: Q, prefix: str) -> list[tuple[Key, Q]]:
    """`dimensions()` as one condition per (dimension, value), the member's record fields under
    `prefix`: what counts_on counts in one pass. Birth year and the total are the grouping."""

    def on(name: str, value) -> Q:
        return Q(**{prefix + name: value})

    def levels(name: str, choices) -> list[tuple[Key, Q]]:
        return [((name, v or "none"), on(name, v)) for v, _ in choices]

    return [
        (("status", MemberStatus.OFFICIAL), official),
        (("status", MemberStatus.PROBATIONARY), ~official),
        *((("gender", v), on("gender", v)) for v in Gender.values),
        (("ethnicity", "majority"), on("ethnicity", MAJORITY_ETHNICITY)),
        (("ethnicity", "minority"), ~on("ethnicity", MAJORITY_ETHNICITY)),
        (("religion", "none"), on("religion", NO_RELIGION)),
        (("religion", "religious"), ~on("religion", NO_RELIGION)),
        (("youth_union", "yes"), on("youth_union", True)),
        (("youth_union", "no"), on("youth_union", False)),
        *levels("education_level", EDUCATION_LEVELS),
        *levels("theory_level", THEORY_LEVELS),
        *levels("occupation_group", OCCUPATION_GROUP_CHOICES),
    ]


def counts_on(
    on: date, *, low: str, high: str, width: int, admitted_since: date | None = None
) -> dict[str, Counter]:
    """The counts of `dimensions()` on a date, of the members placed that day in the
    organizations whose path of that day lies in [low, high), grouped by the path's first
    `width` characters (one level of the tree of that day). One query, one row per
    (organization, birth year), every other dimension a filtered count of it.

    On a past date, status and standing are those of the day (the placement); the other
    dimensions are the record's as it is now: the record keeps no history of levels or
    occupation. Today they are all the record's.
    `admitted_since` counts the members admitted from that day on instead (the admissions of
    a period), whatever became of them since: an admission stays an admission of its year.
    """
    counted = Q(state__in=COUNTED_STATES) if admitted_since is None else Q()
    if on >= date.today():
        # Today is the rows as they are: the members and the tree, no history to read.
        rows = Member.objects.filter(
            counted, organization__path__gte=low, organization__path__lt=high
        )
        if admitted_since is not None:
            rows = rows.filter(admission_date__gte=admitted_since)
        top, birth, prefix = "organization__path", "birth_date", ""
        official = Q(status=MemberStatus.OFFICIAL)
    else:
        rows = Placement.objects.filter(
            covering(on),
            covering(on, "organization__versions__"),
            counted,
            organization__versions__path__gte=low,
            organization__versions__path__lt=high,
        )
        if admitted_since is not None:
            rows = rows.filter(member__admission_date__gte=admitted_since)
        top, birth, prefix = "organization__versions__path", "member__birth_date", "member__"
        official = Q(official_from__lte=on)
    conditions = _value_conditions(official, prefix)
    conditions += [(("state", v), Q(state=v)) for v in sorted(COUNTED_STATES)]
    rows = (
        rows.annotate(top=Substr(top, 1, width), year=BirthYear(birth))
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
