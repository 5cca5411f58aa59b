"""What each member counts under: the rolled-up counts (kept current, rebuilt, checked for
drift) and the same counts at a past date, from the placements and the tree of that date."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
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
# values add up to the total): "member/total", status, state, birth year, gender, ethnicity,
# religion, Youth Union, education and theory levels, occupation group. member_dimensions()
# says it for one member in Python, `_expressions()` in SQL for the rebuild and
# `_value_conditions()` as filters for a date; the drift check and the tests that compare a
# date's counts with today's hold them to the same answer.


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
    """member_dimensions() as one condition per (dimension, value), the member's record fields under
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


def _placed(on: date, low: str, high: str) -> tuple[QuerySet, str, str]:
    """The rows of the members placed on `on` in the organizations whose path of that day lies
    in [low, high): today the members themselves (no history to read), a past date their
    placements of that day. With the path's field and the prefix of the record's fields."""
    if on >= date.today():
        rows = Member.objects.filter(organization__path__gte=low, organization__path__lt=high)
        return rows, "organization__path", ""
    rows = Placement.objects.filter(
        covering(on),
        covering(on, "organization__versions__"),
        organization__versions__path__gte=low,
        organization__versions__path__lt=high,
    )
    return rows, "organization__versions__path", "member__"


def counts_on(on: date, *, low: str, high: str, width: int) -> dict[str, Counter]:
    """The counts of member_dimensions() on a date, of the members placed that day in the
    organizations whose path of that day lies in [low, high), grouped by the path's first
    `width` characters (one level of the tree of that day). One query, one row per
    (organization, birth year), every other dimension a filtered count of it.

    On a past date, status and standing are those of the day (the placement); the other
    dimensions are the record's as it is now: the record keeps no history of levels or
    occupation. Today they are all the record's.
    """
    rows, path, prefix = _placed(on, low, high)
    # Standing is the placement's of the day (a past date) or the member's (today): both "state".
    official = Q(official_from__lte=on) if prefix else Q(status=MemberStatus.OFFICIAL)
    conditions = _value_conditions(official, prefix)
    conditions += [(("state", v), Q(state=v)) for v in sorted(COUNTED_STATES)]
    rows = (
        rows.filter(state__in=COUNTED_STATES)
        .annotate(top=Substr(path, 1, width), year=BirthYear(f"{prefix}birth_date"))
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


def admissions_on(on: date, *, low: str, high: str, width: int, since: date) -> dict[str, Counter]:
    """The members admitted from `since` to `on`, placed that day as counts_on places them,
    with the cuts the admission tables print (total, women, ethnic minorities, religious,
    Youth Union). Every standing counts: an admission stays an admission of its year whatever
    became of the member since. Few columns, so PostgreSQL reads them off the covering index
    `member_admitted` alone."""
    rows, path, prefix = _placed(on, low, high)
    cuts = {
        ("gender", "female"): Q(**{f"{prefix}gender": "female"}),
        ("ethnicity", "minority"): ~Q(**{f"{prefix}ethnicity": MAJORITY_ETHNICITY}),
        ("religion", "religious"): ~Q(**{f"{prefix}religion": NO_RELIGION}),
        ("youth_union", "yes"): Q(**{f"{prefix}youth_union": True}),
    }
    # Counting the admission date, which the covering index holds: counting the id would
    # make PostgreSQL read the scattered rows themselves.
    admitted = f"{prefix}admission_date"
    rows = (
        rows.filter(**{f"{prefix}admission_date__gte": since, f"{prefix}admission_date__lte": on})
        .annotate(top=Substr(path, 1, width))
        .values("top")
        .annotate(
            n=Count(admitted),
            **{f"c{i}": Count(admitted, filter=q) for i, q in enumerate(cuts.values())},
        )
        .order_by()
        .values_list("top", "n", *(f"c{i}" for i in range(len(cuts))))
    )
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
