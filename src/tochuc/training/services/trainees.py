"""A person enrolled in a class, their completion (the theory level it gives the member, never
lowering theirs, with the member's event), their leaving it; a level taken back."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery

from tochuc.accounts.services import system_actor
from tochuc.cadres.models import Cadre
from tochuc.cadres.services import cadre_level_set
from tochuc.core.actions import action
from tochuc.core.audit import audit_record
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.formats import number
from tochuc.core.scope import check_write, in_scope
from tochuc.core.text import clean
from tochuc.members import events
from tochuc.members.models import AdmissionStep, Candidate, Gender, Member
from tochuc.members.reference import THEORY_LEVELS
from tochuc.members.services import (
    candidate_course_undo,
    candidate_step,
    member_update,
    next_step,
)
from tochuc.training.models import Trainee, TrainingClass

C, T = TrainingClass.Status, Trainee.Status
RANK = {code: i for i, (code, _label) in enumerate(THEORY_LEVELS)}  # "" lowest, cử nhân highest


def trainee_enrol(
    *,
    actor,
    training_class: TrainingClass,
    on: date,
    member=None,
    candidate=None,
    cadre=None,
    full_name: str = "",
    birth_date: date | None = None,
    gender: str = "",
) -> Trainee:
    """One person of the organizer's subtree in the class: a member (a member's cadre record
    enrols the member), a candidate, a cadre outside the Party's rolls, or a person not in
    the system by name. Twice is refused."""
    check_write(actor, training_class.organization)
    if cadre is not None and cadre.member_id:
        member, cadre = (member or cadre.member), None
    people = [p for p in (member, candidate, cadre) if p is not None]
    if len(people) > 1:
        raise ServiceError({"member": ["Một học viên là một người: chọn một người."]})
    person = people[0] if people else None
    if person is not None and not (
        in_scope(actor, person.organization)
        and person.organization.path.startswith(training_class.organization.path)
    ):
        raise NotFound  # not the organizer's to enrol (its people are its subtree's)
    name = clean(person.full_name if person else full_name)
    try:
        with transaction.atomic():
            # the class as it stands now (a page's copy may be older), locked while enrolling
            klass = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
            _check_enrolment(klass, person, name, gender, birth_date, on)
            trainee = Trainee.objects.create(
                training_class=klass,
                member=member,
                candidate=candidate,
                cadre=cadre,
                organization=person.organization if person else klass.organization,
                full_name=name,
                birth_date=person.birth_date if person else birth_date,
                gender=person.gender if person else gender,
                enrolled_on=on,
            )
            audit_record(
                actor=actor,
                action="training.enrol",
                target=trainee,
                after={"class": klass.name, "full_name": name},
            )
    except IntegrityError:
        raise ServiceError(
            {"full_name": [f"{name} đã có trong lớp {training_class.name}."]}
        ) from None
    return trainee


MANY = 1000  # people enrolled at once from a list
EARLY_DAYS = 90  # an enrolment (the list sent) at most this long before the first day


def trainees_enrol_many(
    *, actor, training_class: TrainingClass, people, on: date
) -> tuple[list[Trainee], int]:
    """Everyone of `people` (members, candidates, cadres: a filtered list) enrolled in the
    class on `on`, in one transaction: those already in it are passed over (counted), any
    other refusal refuses the whole list naming the person. At most MANY at once."""
    people = list(people)
    if len(people) > MANY:
        raise ServiceError(
            {
                "people": [
                    f"Danh sách có {number(len(people))} người, quá {number(MANY)}: lọc hẹp hơn."
                ]
            }
        )
    if not people:
        raise ServiceError({"people": ["Danh sách không có ai."]})
    rows = Trainee.objects.filter(training_class=training_class)
    there = {
        (kind, pk)
        for kind in ("member", "candidate", "cadre")
        for pk in rows.filter(**{f"{kind}__isnull": False}).values_list(f"{kind}_id", flat=True)
    }
    made, skipped = [], 0
    with transaction.atomic():
        for person in people:
            kind = _kind_of(person)
            if (kind, person.pk) in there:
                skipped += 1
                continue
            there.add((kind, person.pk))
            try:
                made.append(
                    trainee_enrol(
                        actor=actor, training_class=training_class, on=on, **{kind: person}
                    )
                )
            except ServiceError as exc:
                raise ServiceError({"people": [f"{person.full_name}: {exc.text()}"]}) from None
    return made, skipped


def _kind_of(person) -> str:
    if isinstance(person, Candidate):
        return "candidate"
    return "cadre" if isinstance(person, Cadre) else "member"


def _check_enrolment(klass: TrainingClass, person, name: str, gender: str, birth_date, on) -> None:
    errors: dict[str, list[str]] = {}
    if not name:
        errors["full_name"] = ["Chọn đảng viên, quần chúng ưu tú, cán bộ hoặc nhập họ và tên."]
    elif len(name) > 128:
        errors["full_name"] = ["Họ và tên dài quá 128 ký tự."]
    if person is None and gender and gender not in Gender.values:
        errors["gender"] = ["Chọn giới tính."]
    if person is None and birth_date is not None and birth_date >= date.today():
        errors["birth_date"] = [f"Ngày sinh {birth_date:%d/%m/%Y} chưa đến."]
    if klass.status in (C.CANCELLED, C.FINISHED):
        errors["training_class"] = [
            f"Lớp {klass.name} {klass.get_status_display().lower()}: không nhận thêm học viên."
        ]
    if on is None:
        errors["enrolled_on"] = ["Nhập ngày nhập học."]
    elif on > klass.ends_on:
        errors["enrolled_on"] = [
            f"Ngày nhập học {on:%d/%m/%Y} sau ngày kết thúc lớp {klass.ends_on:%d/%m/%Y}."
        ]
    elif (klass.starts_on - on).days > EARLY_DAYS:
        errors["enrolled_on"] = [
            f"Ngày nhập học {on:%d/%m/%Y} trước ngày khai giảng {klass.starts_on:%d/%m/%Y} "
            f"hơn {EARLY_DAYS} ngày."
        ]
    if errors:
        raise ServiceError(errors)


def trainee_complete(
    *,
    actor,
    trainee: Trainee,
    on: date,
    result: str = "",
    certificate_number: str = "",
    certificate_date: date | None = None,
    absences: int | None = None,
) -> Trainee:
    """The trainee completed the class on `on` (absent from `absences` sessions). A programme that gives a theory level above
    the member's raises it that day (never lowers it), with the member's event naming the
    class; the level before is kept on the trainee, so a cancel can take it back. A
    candidate's «nhận thức về Đảng» class is their admission's course step, dated by the
    certificate (its validity is the admission's rule)."""
    with action(
        actor=actor,
        name="training.complete",
        target=trainee,
        organization=trainee.training_class.organization,
        lock=Trainee.objects.select_related("training_class__programme"),
    ) as act:
        row = act.row
        # the class as it stands now, locked: a cancel waits for this completion, or wins
        klass = TrainingClass.objects.select_for_update().get(pk=row.training_class_id)
        if klass.status == C.CANCELLED:
            raise ServiceError({"status": [f"Lớp {klass.name} đã hủy."]})
        if row.status != T.ENROLLED:
            raise ServiceError(
                {"status": [f"{row.full_name} đã {row.get_status_display().lower()}."]}
            )
        if on is None:
            raise ServiceError({"on": ["Nhập ngày hoàn thành."]})
        if on < klass.starts_on:
            raise ServiceError(
                {"on": [f"Ngày hoàn thành trước ngày khai giảng {klass.starts_on:%d/%m/%Y}."]}
            )
        if on < row.enrolled_on:
            raise ServiceError(
                {"on": [f"Ngày hoàn thành trước ngày nhập học {row.enrolled_on:%d/%m/%Y}."]}
            )
        if on > date.today():
            raise ServiceError({"on": [f"Ngày hoàn thành {on:%d/%m/%Y} chưa đến."]})
        if certificate_date is not None and certificate_date < klass.starts_on:
            raise ServiceError(
                {
                    "certificate_date": [
                        f"Ngày cấp {certificate_date:%d/%m/%Y} trước ngày khai giảng "
                        f"{klass.starts_on:%d/%m/%Y}."
                    ]
                }
            )
        if absences is not None and not 0 <= absences <= 999:
            raise ServiceError({"absences": ["Số buổi vắng từ 0 đến 999."]})
        row.status = T.COMPLETED
        row.completed_on = on
        row.absences = absences
        row.result = clean(result)[:64]
        row.certificate_number = clean(certificate_number)[:64]
        row.certificate_date = certificate_date
        given = klass.programme.theory_level
        person = row.member or row.cadre  # an outside official's level is their cadre record's
        if person is not None and given and RANK[given] > RANK[person.theory_level]:
            row.level_before, row.level_given = person.theory_level, given
            _level_set(actor, person, given)
            if row.member is not None:
                events.trained(
                    row.member,
                    class_name=klass.name,
                    before=row.level_before,
                    after=given,
                    on=on,
                    document_symbol=klass.decision.symbol if klass.decision_id else "",
                    actor=actor,
                )
        candidate = row.candidate
        if (
            candidate is not None
            and klass.programme.for_candidates
            and candidate.status == Candidate.Status.IN_PROGRESS
            and next_step(candidate) == AdmissionStep.COURSE
        ):
            # the admission pipeline's course step, its certificate dated by the class's
            candidate_step(
                actor=actor,
                candidate=candidate,
                step=AdmissionStep.COURSE,
                on=certificate_date or on,
                note=f"{klass.name} {row.certificate_number}".strip(),
            )
            row.course_given = True
        row.save()
        act.after["status"] = row.status
    return row


def trainee_drop(*, actor, trainee: Trainee, on: date, reason: str) -> Trainee:
    """The trainee left the class on `on`, for `reason`."""
    reason = clean(reason)
    if not reason:
        raise ServiceError({"reason": ["Ghi lý do thôi học."]})
    if on is None:
        raise ServiceError({"on": ["Nhập ngày thôi học."]})
    with action(
        actor=actor,
        name="training.drop",
        target=trainee,
        organization=trainee.training_class.organization,
    ) as act:
        if act.row.status != T.ENROLLED:
            raise ServiceError(
                {"status": [f"{act.row.full_name} đã {act.row.get_status_display().lower()}."]}
            )
        if on < act.row.enrolled_on:
            raise ServiceError(
                {"on": [f"Ngày thôi học trước ngày nhập học {act.row.enrolled_on:%d/%m/%Y}."]}
            )
        act.row.status = T.DROPPED
        act.row.dropped_on = on
        act.row.dropped_reason = reason[:255]
        act.row.save(update_fields=["status", "dropped_on", "dropped_reason"])
        act.after["on"] = on.isoformat()
    return act.row


def _level_set(actor, person, level: str) -> None:
    """A member's or an outside official's theory level, written by the class's organizer: as
    them while the person is in their scope, else on the class's behalf (the person moved out
    since enrolling; the training write around it holds the organizer's audit row)."""
    writer = actor if in_scope(actor, person.organization) else system_actor()
    if isinstance(person, Cadre):
        cadre_level_set(actor=writer, cadre=person, theory_level=level)
    else:
        member_update(actor=writer, member=person, changes={"theory_level": level})


def level_take_back(*, actor, trainee: Trainee, on: date) -> None:
    """What a completion gave, taken back (its class cancelled): the person's level back to
    the one before, when it is still the one the class gave (with the member's event), and a
    candidate's course step while it is their file's last."""
    if trainee.course_given and trainee.candidate is not None:
        candidate_course_undo(
            actor=actor,
            candidate=trainee.candidate,
            reason=f"Hủy lớp {trainee.training_class.name}",
        )
        trainee.course_given = False
        trainee.save(update_fields=["course_given"])
    person = trainee.member or trainee.cadre
    if person is None or not trainee.level_given:
        return
    person.refresh_from_db(fields=["theory_level", "organization"])
    if person.theory_level == trainee.level_given:
        _level_set(actor, person, trainee.level_before)
        if trainee.member is not None:
            events.training_undone(
                person,
                class_name=trainee.training_class.name,
                before=trainee.level_given,
                after=trainee.level_before,
                on=on,
                actor=actor,
            )
    trainee.level_before = trainee.level_given = ""
    trainee.save(update_fields=["level_before", "level_given"])


def trainees_refresh(member_ids) -> int:
    """The trainee rows of `member_ids` follow their members to where they are now (the scope
    of their personal data, and where the figures count them), in one UPDATE inside the
    caller's transaction: a follower of members.changes, as the cadre records are."""
    where = Member.objects.filter(pk=OuterRef("member_id")).values("organization_id")[:1]
    return Trainee.objects.filter(member_id__in=member_ids).update(organization_id=Subquery(where))
