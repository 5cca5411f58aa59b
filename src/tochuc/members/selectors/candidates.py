"""Reads of the admission pipeline (phát triển đảng viên): candidates, warnings, admissions."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from tochuc.core.errors import NotFound
from tochuc.core.rules import rule_value
from tochuc.core.scope import in_scope, scope_q, subtree_q
from tochuc.members.counters import AGE_BANDS
from tochuc.members.models import (
    ADMISSION_ORDER,
    AdmissionStep,
    AdmissionTarget,
    Candidate,
    Member,
)
from tochuc.members.reference import MAJORITY_ETHNICITY, NO_RELIGION
from tochuc.members.services import ceremony_deadline
from tochuc.members.validators import add_months, years_between
from tochuc.orgs.models import Organization


def candidate_list(
    *, actor, organization: Organization | None = None, status: str = "in_progress"
) -> QuerySet[Candidate]:
    orgs = Organization.objects.filter(subtree_q(actor, organization))
    qs = Candidate.objects.filter(organization__in=orgs.values("id"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("organization__parent", "mentor").order_by("step_date", "id")


def candidate_get(*, actor, pk) -> Candidate:
    try:
        return (
            Candidate.objects.select_related("organization", "mentor", "member")
            .filter(organization__in=Organization.objects.filter(scope_q(actor)).values("id"))
            .get(pk=pk)
        )
    except (Candidate.DoesNotExist, ValueError, TypeError):
        raise NotFound from None


def admission_board(
    *, actor, organization: Organization | None = None, today: date | None = None
) -> list[dict]:
    """The pipeline by step: each candidate with what is overdue or about to lapse."""
    today = today or date.today()
    by_step: dict[str, list] = {step: [] for step in ADMISSION_ORDER[:-1]}
    for c in candidate_list(actor=actor, organization=organization):
        by_step[c.step].append({"candidate": c, "warning": _candidate_warning(c, today)})
    return [
        {"step": step, "label": AdmissionStep(step).label, "rows": rows}
        for step, rows in by_step.items()
    ]


# The steps before the branch's resolution, when the course certificate must still be valid.
_BEFORE_RESOLUTION = ADMISSION_ORDER[: ADMISSION_ORDER.index(AdmissionStep.BRANCH_RESOLUTION)]


def _candidate_warning(c: Candidate, today: date) -> str:
    """What is overdue or about to lapse in a candidate's file ("" if nothing)."""
    if c.step == AdmissionStep.DECISION and ceremony_deadline(c.step_date) < today:
        return f"quá hạn tổ chức lễ kết nạp ({ceremony_deadline(c.step_date):%d/%m/%Y})"
    if c.course_date and c.step in _BEFORE_RESOLUTION:
        expires = add_months(c.course_date, 12 * rule_value("course_certificate_years"))
        if expires <= add_months(today, 3):
            return f"giấy chứng nhận lớp bồi dưỡng hết hạn {expires:%d/%m/%Y}"
    return ""


def candidate_warnings(*, actor, today: date) -> list[dict]:
    """The candidates of the admission board with a warning, the board's order: only the
    files that can have one are read (a decision past, a course that lapses within months)."""
    years = rule_value("course_certificate_years")
    lapsing = add_months(add_months(today, 3), -12 * years) + timedelta(days=7)
    # The ceremony is due N working days after the decision: at least N days.
    days = rule_value("ceremony_deadline_working_days", today)
    maybe = candidate_list(actor=actor).filter(
        Q(step=AdmissionStep.DECISION, step_date__lt=today - timedelta(days=days))
        | Q(step__in=_BEFORE_RESOLUTION, course_date__lte=lapsing)
    )
    rows = [{"candidate": c, "warning": _candidate_warning(c, today)} for c in maybe]
    order = {step: i for i, step in enumerate(ADMISSION_ORDER)}
    return sorted((r for r in rows if r["warning"]), key=lambda r: order[r["candidate"].step])


def admission_stats(*, actor, organization: Organization | None, start: date, end: date) -> dict:
    """New admissions in [start, end] of a subtree, with the standard cuts: women, ethnic
    minorities, religious, Youth Union, age at admission.

    Counted on the members' admission date, not on admit events, so records entered from
    the paper file (which have no events) count too; a member counts where they are now.
    """
    orgs = Organization.objects.filter(subtree_q(actor, organization))
    rows = list(
        Member.objects.filter(
            organization__in=orgs.values("id"),
            admission_date__gte=start,
            admission_date__lte=end,
        ).values_list(
            "gender", "ethnicity", "religion", "youth_union", "birth_date", "admission_date"
        )
    )
    bands = {name: 0 for name in AGE_BANDS}
    for *_, born, admitted in rows:
        age = years_between(born, admitted)
        for name, (low, high) in AGE_BANDS.items():
            if low <= age <= high:
                bands[name] += 1
                break
    return {
        "total": len(rows),
        "women": sum(1 for r in rows if r[0] == "female"),
        "ethnic_minorities": sum(1 for r in rows if r[1] != MAJORITY_ETHNICITY),
        "religious": sum(1 for r in rows if r[2] != NO_RELIGION),
        "youth_union": sum(1 for r in rows if r[3]),
        "age_bands": bands,
    }


def admission_target(*, actor, organization: Organization, year: int) -> dict:
    """ "Phấn đấu kết nạp N đảng viên": the target of the year against the admissions so far."""
    if not in_scope(actor, organization):
        raise NotFound
    target = AdmissionTarget.objects.filter(organization=organization, year=year).first()
    done = admission_stats(
        actor=actor, organization=organization, start=date(year, 1, 1), end=date(year, 12, 31)
    )["total"]
    return {"year": year, "target": target.target if target else None, "admitted": done}
