"""Phát triển đảng viên: a candidate's steps, in order, each with its date and document;
the ceremony admits them (member_admit) as a probationary member."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from tochuc.core.audit import audit_record, recorded_actor
from tochuc.core.errors import ServiceError
from tochuc.core.rules import rule_value
from tochuc.core.scope import check_write
from tochuc.core.text import clean, search_key
from tochuc.core.workdays import add_working_days
from tochuc.members import events
from tochuc.members.models import (
    ADMISSION_ORDER,
    AdmissionStep,
    AdmissionTarget,
    Candidate,
    CandidateStep,
    Member,
    MemberStatus,
)
from tochuc.members.services.records import member_create
from tochuc.members.validators import add_months, member_problems, years_between
from tochuc.orgs.models import MEMBER_KINDS, Organization

# Steps whose paper is a resolution or decision: its number is required.
DOCUMENT_STEPS = {
    AdmissionStep.BRANCH_RESOLUTION,
    AdmissionStep.GRASSROOTS_RESOLUTION,
    AdmissionStep.DECISION,
}


def candidate_create(
    *,
    actor,
    organization: Organization,
    full_name: str,
    gender: str,
    birth_date: date | None,
    listed_on: date | None,
    mentor: Member | None = None,
    document_symbol: str = "",
    ethnicity: str = "Kinh",
    religion: str = "Không",
    citizen_id: str = "",
    occupation: str = "",
    youth_union: bool = False,
) -> Candidate:
    """The branch lists a person as cảm tình Đảng and assigns a member to help them."""
    check_write(actor, organization)
    full_name = clean(full_name)
    citizen_id = "".join((citizen_id or "").split())
    # The record rules of a member apply to the person already (name, CCCD, lists).
    problems = member_problems(
        {
            "full_name": full_name,
            "gender": gender,
            "birth_date": birth_date,
            "admission_date": date.today(),
            "status": "probationary",
            "ethnicity": ethnicity,
            "religion": religion,
            "citizen_id": citizen_id or None,
        }
    )
    errors = {
        k: v
        for k, v in problems.items()
        if k in {"full_name", "gender", "birth_date", "ethnicity", "religion", "citizen_id"}
    }
    if organization.kind not in MEMBER_KINDS:
        errors["organization"] = ["Quần chúng ưu tú do chi bộ giới thiệu: chọn một chi bộ."]
    if listed_on is None or listed_on > date.today():
        errors["listed_on"] = ["Nhập ngày chi bộ phân công giúp đỡ (không sau hôm nay)."]
    if mentor is not None and (
        mentor.organization_id != organization.pk or mentor.status != MemberStatus.OFFICIAL
    ):
        errors["mentor"] = ["Người giúp đỡ phải là đảng viên chính thức của chi bộ."]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        candidate = Candidate.objects.create(
            organization=organization,
            full_name=full_name,
            search_key=search_key(full_name),
            gender=gender,
            birth_date=birth_date,
            ethnicity=ethnicity,
            religion=religion,
            citizen_id=citizen_id or None,
            occupation=clean(occupation),
            youth_union=youth_union,
            mentor=mentor,
            step=AdmissionStep.LISTED,
            step_date=listed_on,
        )
        CandidateStep.objects.create(
            candidate=candidate,
            step=AdmissionStep.LISTED,
            date=listed_on,
            document_symbol=clean(document_symbol),
            recorded_by=recorded_actor(actor),
        )
        audit_record(
            actor=actor,
            action="candidate.create",
            target=candidate,
            after={"full_name": full_name, "organization": organization.pk},
        )
    return candidate


def next_step(candidate: Candidate) -> str | None:
    i = ADMISSION_ORDER.index(candidate.step)
    return ADMISSION_ORDER[i + 1] if i + 1 < len(ADMISSION_ORDER) else None


def ceremony_deadline(decision_date: date) -> date:
    return add_working_days(
        decision_date, rule_value("ceremony_deadline_working_days", decision_date)
    )


def candidate_step(
    *,
    actor,
    candidate: Candidate,
    step: str,
    on: date | None,
    document_symbol: str = "",
    note: str = "",
    party_card_number: str = "",
) -> Candidate:
    """Record the next step. Out of order, out of date, too young or too old, or an expired
    course certificate: refused, with the reason."""
    check_write(actor, candidate.organization)
    symbol = clean(document_symbol)
    with transaction.atomic():
        candidate = (
            Candidate.objects.select_for_update()
            .select_related("organization")
            .get(pk=candidate.pk)
        )
        if candidate.status != Candidate.Status.IN_PROGRESS:
            raise ServiceError(f"Hồ sơ này đã ở trạng thái «{candidate.get_status_display()}».")
        expected = next_step(candidate)
        if step != expected:
            raise ServiceError(
                {
                    "step": [
                        f"Bước tiếp theo phải là «{AdmissionStep(expected).label}»"
                        f" (sau «{AdmissionStep(candidate.step).label}»)."
                    ]
                }
            )
        if on is None:
            raise ServiceError({"on": ["Nhập ngày."]})
        if on > date.today():
            raise ServiceError({"on": ["Ngày không được sau ngày hôm nay."]})
        if on < candidate.step_date:
            raise ServiceError(
                {"on": [f"Ngày phải từ {candidate.step_date:%d/%m/%Y} (bước trước) trở đi."]}
            )
        if step in DOCUMENT_STEPS and not symbol:
            raise ServiceError({"document_symbol": ["Nhập số, ký hiệu văn bản (vd 12-NQ/CB)."]})
        details = {}
        if step == AdmissionStep.COURSE:
            candidate.course_date = on
        if step == AdmissionStep.BRANCH_RESOLUTION:
            age = years_between(candidate.birth_date, on)
            low, high = (
                rule_value("admission_age_min", on),
                rule_value("admission_age_max", on),
            )
            if not low <= age <= high:
                raise ServiceError(
                    {
                        "on": [
                            f"Khi chi bộ xét, người này {age} tuổi: phải từ {low} đến {high} tuổi."
                        ]
                    }
                )
            valid_years = rule_value("course_certificate_years", on)
            expires = add_months(candidate.course_date, 12 * valid_years)
            if on > expires:
                raise ServiceError(
                    {
                        "on": [
                            f"Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng hết hạn ngày "
                            f"{expires:%d/%m/%Y} ({valid_years} năm): cần học lại."
                        ]
                    }
                )
        if step == AdmissionStep.CEREMONY:
            decision = candidate.step_date
            details["late"] = on > ceremony_deadline(decision)
            member_admit(
                actor=actor,
                candidate=candidate,
                decision_date=decision,
                ceremony_date=on,
                party_card_number=party_card_number,
            )
        candidate.step, candidate.step_date = step, on
        candidate.save()
        CandidateStep.objects.create(
            candidate=candidate,
            step=step,
            date=on,
            document_symbol=symbol,
            note=clean(note)
            or (
                "Lễ kết nạp chậm quá "
                f"{rule_value('ceremony_deadline_working_days', decision)} ngày làm việc."
                if details.get("late")
                else ""
            ),
            recorded_by=recorded_actor(actor),
        )
        audit_record(
            actor=actor,
            action=f"candidate.{step}",
            target=candidate,
            after={"step": step, "date": on, "document_symbol": symbol},
        )
    return candidate


def candidate_course_undo(*, actor, candidate: Candidate, reason: str) -> Candidate:
    """The course step taken back (its class cancelled), while it is the candidate's last:
    the file goes back to the step before it. Refused, naming the step, once the admission
    has gone on from it."""
    check_write(actor, candidate.organization)
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if (
            candidate.status != Candidate.Status.IN_PROGRESS
            or candidate.step != AdmissionStep.COURSE
        ):
            raise ServiceError(
                {
                    "candidate": [
                        f"Hồ sơ của {candidate.full_name} đã qua bước học lớp (nay: "
                        f"«{AdmissionStep(candidate.step).label}»): không lấy lại được."
                    ]
                }
            )
        candidate.steps.filter(step=AdmissionStep.COURSE).delete()
        last = candidate.steps.order_by("-date", "-id").first()
        candidate.step = last.step if last else AdmissionStep.LISTED
        candidate.step_date = last.date if last else candidate.step_date
        candidate.course_date = None
        candidate.save(update_fields=["step", "step_date", "course_date"])
        audit_record(
            actor=actor,
            action="candidate.course_undo",
            target=candidate,
            after={"step": candidate.step, "reason": clean(reason)},
        )
    return candidate


def member_admit(
    *,
    actor,
    candidate: Candidate,
    decision_date: date,
    ceremony_date: date,
    party_card_number: str = "",
) -> Member:
    """The ceremony: the candidate becomes a probationary member of the branch (kết nạp)."""
    decision = candidate.steps.filter(step=AdmissionStep.DECISION).first()
    member = member_create(
        actor=actor,
        organization=candidate.organization,
        full_name=candidate.full_name,
        gender=candidate.gender,
        birth_date=candidate.birth_date,
        ethnicity=candidate.ethnicity,
        religion=candidate.religion,
        citizen_id=candidate.citizen_id,
        occupation=candidate.occupation,
        youth_union=candidate.youth_union,
        admission_date=decision_date,
        ceremony_date=ceremony_date,
        status="probationary",
        official_date=None,
        party_card_number=party_card_number or None,
    )
    events.admitted(
        member,
        ceremony=ceremony_date,
        on=decision_date,
        organization_id=candidate.organization_id,
        document_symbol=decision.document_symbol if decision else "",
        actor=actor,
    )
    candidate.status = Candidate.Status.ADMITTED
    candidate.member = member
    return member


def candidate_drop(*, actor, candidate: Candidate, reason: str) -> Candidate:
    check_write(actor, candidate.organization)
    reason = clean(reason)
    if not reason:
        raise ServiceError({"reason": ["Ghi lý do dừng xét kết nạp."]})
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != Candidate.Status.IN_PROGRESS:
            raise ServiceError("Chỉ dừng được hồ sơ đang xét.")
        candidate.status = Candidate.Status.DROPPED
        candidate.save(update_fields=["status"])
        audit_record(
            actor=actor, action="candidate.drop", target=candidate, after={"reason": reason}
        )
    return candidate


def admission_target_set(*, actor, organization: Organization, year: int, target: int) -> None:
    """Chỉ tiêu phát triển đảng viên of an organization for a year."""
    check_write(actor, organization)
    if not 2000 <= year <= 2100:
        raise ServiceError({"year": ["Năm không hợp lệ."]})
    if target < 0 or target > 100_000:
        raise ServiceError({"target": ["Chỉ tiêu phải là số không âm."]})
    with transaction.atomic():
        row, _ = AdmissionTarget.objects.update_or_create(
            organization=organization, year=year, defaults={"target": target}
        )
        audit_record(
            actor=actor,
            action="admission_target.set",
            target=organization,
            after={"year": year, "target": target},
        )
