"""A cadre's record: a member made a cadre (their record holds the person), or an official
outside the Party's rolls recorded by the committee that manages them."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import OuterRef, Subquery

from tochuc.cadres.models import Cadre
from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write
from tochuc.core.text import clean, person_sort_key
from tochuc.members.models import Gender, Member
from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS

FIELDS = ("full_name", "birth_date", "gender", "education_level", "theory_level")


def cadre_of_member(*, actor, member: Member) -> Cadre:
    """The member's cadre record, made the first time: its organization and person fields
    copied from the member's record (and kept with it by cadres_refresh on every write of
    the member)."""
    check_write(actor, member.organization)
    with transaction.atomic():
        cadre, created = Cadre.objects.select_for_update().get_or_create(
            member=member,
            defaults={
                "organization": member.organization,
                **{f: getattr(member, f) for f in FIELDS},
                "sort_key": member.sort_key,
            },
        )
        if created:
            audit_record(
                actor=actor, action="cadre.create", target=cadre, after={"member": member.pk}
            )
    return cadre


def cadres_refresh(member_ids) -> int:
    """The cadre records of `member_ids` follow their members' records: the organization
    (where the cadre is managed, so who reads it) and the person fields, in ONE UPDATE for
    all of them, inside the caller's transaction. Called by every member write that changes
    them (members.changes, registered in CadresConfig.ready); returns how many followed."""
    of_member = Member.objects.filter(pk=OuterRef("member_id"))
    copied = ("organization_id", *FIELDS, "sort_key")
    return Cadre.objects.filter(member_id__in=member_ids).update(
        **{f: Subquery(of_member.values(f)[:1]) for f in copied}
    )


def cadre_refresh(member: Member) -> None:
    """One member's cadre record (if any) follows the member's record."""
    cadres_refresh([member.pk])


def cadre_create(
    *,
    actor,
    organization,
    full_name: str,
    birth_date: date | None,
    gender: str,
    education_level: str = "",
    theory_level: str = "",
) -> Cadre:
    """An official outside the Party's rolls (a mass organization's), recorded by the
    committee of `organization`."""
    check_write(actor, organization)
    errors: dict[str, list[str]] = {}
    name = clean(full_name)
    if not name:
        errors["full_name"] = ["Nhập họ và tên."]
    elif len(name) > 128:
        errors["full_name"] = ["Họ và tên dài quá 128 ký tự."]
    if birth_date is None:
        errors["birth_date"] = ["Nhập ngày sinh: tuổi quyết định quy hoạch, bổ nhiệm, tái cử."]
    elif birth_date >= date.today():
        errors["birth_date"] = [f"Ngày sinh {birth_date:%d/%m/%Y} chưa đến."]
    if gender not in Gender.values:
        errors["gender"] = ["Chọn giới tính."]
    if education_level not in dict(EDUCATION_LEVELS):
        errors["education_level"] = [f"Trình độ chuyên môn «{education_level}» không có."]
    if theory_level not in dict(THEORY_LEVELS):
        errors["theory_level"] = [f"Trình độ lý luận chính trị «{theory_level}» không có."]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        cadre = Cadre.objects.create(
            organization=organization,
            full_name=name,
            birth_date=birth_date,
            gender=gender,
            education_level=education_level,
            theory_level=theory_level,
            sort_key=person_sort_key(name, birth_date),
        )
        audit_record(
            actor=actor,
            action="cadre.create",
            target=cadre,
            after={f: getattr(cadre, f) for f in FIELDS},
        )
    return cadre


def cadre_level_set(*, actor, cadre: Cadre, theory_level: str) -> Cadre:
    """The theory level of an official outside the Party's rolls (a class completed, or taken
    back); a member's is the member's record, followed by cadres_refresh."""
    check_write(actor, cadre.organization)
    if cadre.member_id:
        raise ServiceError({"theory_level": ["Trình độ của đảng viên ghi trên hồ sơ đảng viên."]})
    if theory_level not in dict(THEORY_LEVELS):
        raise ServiceError(
            {"theory_level": [f"Trình độ lý luận chính trị «{theory_level}» không có."]}
        )
    with transaction.atomic():
        row = Cadre.objects.select_for_update().get(pk=cadre.pk)
        before = row.theory_level
        row.theory_level = theory_level
        row.save(update_fields=["theory_level"])
        audit_record(
            actor=actor,
            action="cadre.update",
            target=row,
            before={"theory_level": before},
            after={"theory_level": theory_level},
        )
    cadre.theory_level = theory_level
    return row
