"""Re-election eligibility for a term ("36 cán bộ không đủ điều kiện tái cử"): the committee
members sitting when the term ends who would have less working time left at the new term's
start than the rule asks; and the staff profile of an organization ("31 cán bộ, nhân viên ...
23 thạc sĩ, 6 cử nhân ...")."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from tochuc.cadres.ages import months_left, said
from tochuc.cadres.models import Cadre, CommitteeSeat, Holding
from tochuc.cadres.selectors.cadres import cadres_in
from tochuc.cadres.services.positions import term_end_of
from tochuc.cadres.studying import studying
from tochuc.core.formats import number
from tochuc.core.rules import DEFAULTS, rule_value
from tochuc.core.scope import subtree_q
from tochuc.members.validators import add_months
from tochuc.orgs.models import Term


@dataclass
class Ineligible:
    seat: CommitteeSeat
    months: int  # working time left at the new term's start
    need: int  # the months the rule asked on the new term's start: the value applied

    @property
    def reason(self) -> str:
        return (
            f"còn {said(self.months)} công tác khi bắt đầu nhiệm kỳ mới, dưới {said(self.need)} "
            f"({DEFAULTS['reelection_months_left'][1]})"
        )


def congress_day(term: Term) -> date:
    """The day the term after `term` starts (its congress): the next term's start in the
    catalogue, else the day after `term` ends (a term from 01/10/2025 to 2030 ends 30/09/2030:
    01/10/2030; one from 29/02/2024 to 2029 ends 28/02/2029: 01/03/2029)."""
    following = Term.objects.filter(starts_on__gt=term.starts_on).order_by("starts_on").first()
    if following is not None:
        return following.starts_on
    return term_end_of(term.starts_on, term.end_year - term.start_year) + timedelta(days=1)


def reelection_ineligible(
    actor, term: Term, new_start: date, organization=None
) -> list[Ineligible]:
    """The seats of `term` held on the day before `new_start` (the congress of the next term)
    whose holders have less working time left on `new_start` than the rule asks (its value on
    `new_start`, kept in each row), by organization then official order."""
    need = rule_value("reelection_months_left", new_start)
    seats = (
        CommitteeSeat.objects.filter(
            subtree_q(actor, organization, "organization__path"),
            Q(end__isnull=True) | Q(end__gte=new_start - timedelta(days=1)),
            term=term,
            start__lt=new_start,
        )
        .select_related("cadre", "organization", "term")
        .order_by("organization__path", "cadre__sort_key", "role")
    )
    out, seen = [], set()
    for seat in seats:
        if seat.cadre_id in seen:
            continue  # a cadre once, whatever seats they hold
        seen.add(seat.cadre_id)
        left = months_left(seat.cadre.birth_date, seat.cadre.gender, new_start)
        if left < need:
            out.append(Ineligible(seat, left, need))
    return out


@dataclass
class StaffProfile:
    total: int
    by_education: Counter
    by_theory: Counter
    by_gender: Counter
    by_age_band: Counter
    # body (its name) -> the cadres holding a position of it on the day: the departments
    by_body: Counter = field(default_factory=Counter)
    # theory level -> the cadres in a class running on the day that gives it (đang học)
    studying: Counter = field(default_factory=Counter)


AGE_BANDS = ((0, 30, "Dưới 30"), (30, 40, "30–39"), (40, 50, "40–49"), (50, 200, "Từ 50"))


def _band_q(band: int, on: date) -> Q:
    """Of AGE_BANDS[band] on `on`: born after the day `high` years before `on`, on or before
    the day `low` years before."""
    low, high, _label = AGE_BANDS[band]
    return Q(birth_date__lte=add_months(on, -12 * low)) & Q(
        birth_date__gt=add_months(on, -12 * high)
    )


def _holding_body(actor, organization, on: date):
    """The holdings on `on` of a body's position in the subtree (a province body's post of a
    commune's cadre is not the commune's department)."""
    return Holding.objects.filter(
        subtree_q(actor, organization, "position__organization__path"),
        Q(end__isnull=True) | Q(end__gte=on),
        start__lte=on,
        position__body__isnull=False,
    )


def staff_profile(actor, organization, on: date) -> StaffProfile:
    """The cadres an organization manages (its subtree), by education, theory level, gender,
    age band on `on` and the body (department) whose position they hold that day: grouped in
    the database. `profile_people` lists the people behind each figure."""
    cadres = cadres_in(actor, organization)

    def grouped(field: str) -> Counter:
        return Counter(dict(cadres.values_list(field).annotate(n=Count("id")).order_by()))

    bands = {f"band{i}": Count("id", filter=_band_q(i, on)) for i in range(len(AGE_BANDS))}
    ages = cadres.aggregate(total=Count("id"), **bands)
    by_age = Counter({label: ages[f"band{i}"] for i, (_, _, label) in enumerate(AGE_BANDS)})
    by_body = Counter(
        dict(
            _holding_body(actor, organization, on)
            .filter(cadre__in=cadres.values("id"))
            .values_list("position__body__name")
            .annotate(n=Count("cadre", distinct=True))
            .order_by()
        )
    )
    return StaffProfile(
        ages["total"],
        grouped("education_level"),
        grouped("theory_level"),
        grouped("gender"),
        by_age,
        by_body,
        Counter({level: len(ids) for level, ids in studying(cadres, on).items()}),
    )


PROFILE_FIELDS = {"education_level", "theory_level", "gender"}


def profile_people(
    actor,
    organization,
    on: date,
    *,
    field: str = "",
    value: str = "",
    band=None,
    body="",
    studying_for="",
) -> QuerySet[Cadre]:
    """The cadres behind one figure of `staff_profile`, in official order: `field` (one of
    PROFILE_FIELDS) equal to `value`, or of the age band `band` on `on`, or holding a position
    of the body named `body` that day, or studying that day for the theory level
    `studying_for`; none given: all of them."""
    cadres = cadres_in(actor, organization)
    if studying_for:
        cadres = cadres.filter(pk__in=studying(cadres, on).get(studying_for, set()))
    if field in PROFILE_FIELDS:
        cadres = cadres.filter(**{field: value})
    if band is not None:
        cadres = cadres.filter(_band_q(band, on))
    if body:
        cadres = cadres.filter(
            pk__in=_holding_body(actor, organization, on)
            .filter(position__body__name=body)
            .values("cadre")
        )
    return cadres.select_related("organization")


# The words of seed 002's sentence, highest level first: "23 thạc sĩ, 6 cử nhân" (đại học is
# said as the degree), "19 đồng chí có trình độ cao cấp, cử nhân; 6 trung cấp".
EDUCATION_WORDS = (
    (("tien_si",), "tiến sĩ"),
    (("thac_si",), "thạc sĩ"),
    (("dai_hoc",), "cử nhân"),
    (("cao_dang",), "cao đẳng"),
    (("trung_cap",), "trung cấp"),
    (("so_cap",), "sơ cấp"),
)
STUDYING_WORDS = (
    (("cu_nhan",), "cử nhân"),
    (("cao_cap",), "cao cấp"),
    (("trung_cap",), "trung cấp"),
    (("so_cap",), "sơ cấp"),
)
THEORY_WORDS = (
    (("cao_cap", "cu_nhan"), "cao cấp, cử nhân"),
    (("trung_cap",), "trung cấp"),
    (("so_cap",), "sơ cấp"),
)


def staff_sentence(name: str, profile: StaffProfile) -> str:
    """ "Ban Tổ chức Tỉnh ủy hiện có 31 cán bộ, nhân viên; trình độ chuyên môn: 23 thạc sĩ,
    6 cử nhân; trình độ lý luận chính trị: 19 đồng chí có trình độ cao cấp, cử nhân; 6 trung
    cấp." (the levels with nobody left out)."""

    def parts(counts: Counter, words, first: str = "") -> list[str]:
        out = []
        for codes, word in words:
            n = sum(counts.get(code, 0) for code in codes)
            if n:
                out.append(f"{number(n)} {'' if out else first}{word}")
        return out

    text = f"{name} hiện có {number(profile.total)} cán bộ, nhân viên"
    education = parts(profile.by_education, EDUCATION_WORDS)
    if education:
        text += "; trình độ chuyên môn: " + ", ".join(education)
    theory = parts(profile.by_theory, THEORY_WORDS, "đồng chí có trình độ ")
    if theory:
        text += "; trình độ lý luận chính trị: " + "; ".join(theory)
    learning = parts(profile.studying, STUDYING_WORDS, "đồng chí đang học ")
    if learning:
        text += "; " + "; ".join(learning)
    return text + "."
