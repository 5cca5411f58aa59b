"""Every change to a member record (one transaction each, audited, counts kept current)."""

from __future__ import annotations

from collections import Counter
from uuid import uuid4

from django.db import IntegrityError, transaction

from tochuc.core.audit import audit_record
from tochuc.core.bulk import insert_many
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write, in_scope
from tochuc.core.text import clean, person_sort_key, search_key, split_name
from tochuc.core.versions import check_version, row_version
from tochuc.members.changes import members_changed
from tochuc.members.counters import member_dimensions
from tochuc.members.models import Member
from tochuc.members.placements import (
    placements_create,
    placements_refresh,
    placements_refresh_many,
)
from tochuc.members.reference import occupation_group
from tochuc.members.validators import member_problems
from tochuc.orgs.counters import counts_apply, counts_apply_many
from tochuc.orgs.models import MEMBER_KINDS, Organization

# The fields a user edits (organization changes only by a transfer, see issue #3).
EDITABLE = [
    "full_name",
    "other_names",
    "gender",
    "birth_date",
    "birth_place",
    "hometown",
    "ethnicity",
    "religion",
    "citizen_id",
    "party_card_number",
    "admission_date",
    "ceremony_date",
    "official_date",
    "status",
    "occupation",
    "education_level",
    "theory_level",
    "youth_union",
    "phone",
]
_TEXT = {
    "full_name",
    "other_names",
    "birth_place",
    "hometown",
    "ethnicity",
    "religion",
    "occupation",
    "education_level",
    "theory_level",
}
_DIGITS = {"citizen_id", "party_card_number", "phone"}


def counts_follow(member: Member, old_dimensions: set[tuple[str, str]]) -> None:
    """Move the member's share of the rolled-up counts from what it was to what it is."""
    new = member_dimensions(member)
    deltas = {k: -1 for k in old_dimensions - new} | {k: 1 for k in new - old_dimensions}
    counts_apply(ancestor_ids=member.organization.ancestor_ids(), deltas=deltas)


def _normalized(data: dict) -> dict:
    out = {}
    for field, value in data.items():
        if field in _TEXT:
            value = clean(value)
        elif field in _DIGITS:
            value = "".join(str(value or "").split()) or None
            if field == "phone":
                value = value or ""
        out[field] = value
    return out


def _check_unique(member: Member, actor) -> None:
    """CCCD and card numbers are unique in the whole system; a number held outside the
    actor's scope is only «not usable», so a refusal does not tell whose it is or where."""
    errors = {}
    others = Member.objects.exclude(pk=member.pk).select_related("organization")
    for field, taken in (
        ("citizen_id", "Số CCCD {} đã có trong hồ sơ một đảng viên khác."),
        ("party_card_number", "Số thẻ đảng viên {} đã được cấp cho một đảng viên khác."),
    ):
        value = getattr(member, field)
        holder = others.filter(**{field: value}).first() if value else None
        if holder is None:
            continue
        label = "Số CCCD" if field == "citizen_id" else "Số thẻ đảng viên"
        errors[field] = [
            taken.format(value)
            if in_scope(actor, holder.organization)
            else f"{label} {value} không dùng được: kiểm tra lại số. Đảng viên chuyển đến từ "
            "nơi khác được tiếp nhận bằng chức năng chuyển sinh hoạt đảng."
        ]
    if errors:
        raise ServiceError(errors)


def derive_fields(member: Member) -> None:
    # A long name (the record holds 128 characters) can give parts and keys longer than
    # their columns; PostgreSQL refuses those, so cut them (the order is decided long before).
    parts = split_name(member.full_name)
    member.family_name, member.middle_name, member.given_name = (p[:64] for p in parts)
    member.search_key = search_key(member.full_name)[:128]
    member.occupation_group = occupation_group(member.occupation)
    key = person_sort_key(member.full_name, member.birth_date)
    member.sort_key = key if len(key) <= 400 else key[:392] + key[-8:]


def _save(member: Member) -> None:
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:  # a concurrent write took the CCCD or card number
        raise ServiceError("Số CCCD hoặc số thẻ đảng viên vừa được dùng cho hồ sơ khác.") from exc


def member_create(*, actor, organization: Organization, **fields) -> Member:
    check_write(actor, organization)
    if organization.kind not in MEMBER_KINDS:
        raise ServiceError(
            {
                "organization": [
                    f"«{organization.name}» là {organization.kind_label.lower()}: đảng viên "
                    "sinh hoạt ở chi bộ (chi bộ trực thuộc hoặc chi bộ cơ sở)."
                ]
            }
        )
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ServiceError(f"Không có trường: {', '.join(sorted(unknown))}.")
    data = {f: Member._meta.get_field(f).get_default() for f in EDITABLE}
    data.update(_normalized(fields))
    problems = member_problems(data)
    if problems:
        raise ServiceError(problems)
    member = Member(organization=organization, **data)
    derive_fields(member)
    _check_unique(member, actor)
    with transaction.atomic():
        _save(member)
        counts_apply(
            ancestor_ids=organization.ancestor_ids(),
            deltas=dict.fromkeys(member_dimensions(member), 1),
        )
        placements_refresh(member)
        audit_record(
            actor=actor,
            action="member.create",
            target=member,
            after={f: getattr(member, f) for f in EDITABLE},
        )
    return member


def member_version(member: Member) -> str:
    """What an edit page or the API echoes back on save (see core.versions)."""
    return row_version(member, EDITABLE)


def member_update(*, actor, member: Member, changes: dict, version: str | None = None) -> Member:
    """Save the changes; with the `version` the record was read at, refuse (StaleVersion)
    when somebody saved it since, so a stale page never writes its old values back."""
    check_write(actor, member.organization)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ServiceError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
        before = {f: getattr(member, f) for f in EDITABLE}
        old_dims = member_dimensions(member)
        data = {**before, **_normalized(changes)}
        if data == before:
            # A form saved unchanged: no write, and no audit row that says nothing changed.
            return member
        check_version(member, EDITABLE, version)
        problems = member_problems(data)
        if problems:
            raise ServiceError(problems)
        for field, value in data.items():
            setattr(member, field, value)
        derive_fields(member)
        _check_unique(member, actor)
        _save(member)
        counts_follow(member, old_dims)
        placements_refresh(member)
        members_changed([member.pk])
        audit_record(
            actor=actor,
            action="member.update",
            target=member,
            before=before,
            after={f: getattr(member, f) for f in EDITABLE},
        )
    return member


# The columns a record's save writes besides EDITABLE: derive_fields() sets them.
DERIVED = ["family_name", "middle_name", "given_name", "search_key", "occupation_group", "sort_key"]


def members_write_many(
    *, created: list[Member], updated: list[tuple[Member, set[tuple[str, str]]]]
) -> None:
    """Save many records that the caller has checked as member_create and member_update would
    (member_problems, unique numbers, scope) and passed through derive_fields: new ones
    (`created`, each with its organization set) and changed ones with the counts they had
    (`updated`, their organization unchanged). Inserts and updates go in batches, then the
    counts of every organization above them and their placements. Call it inside the
    caller's transaction, which writes the audit row of the whole."""
    insert_many(Member, created)
    if updated:
        Member.objects.bulk_update([m for m, _ in updated], EDITABLE + DERIVED, batch_size=1000)
    by_org: dict[int, Counter] = {}
    organizations: dict[int, Organization] = {}
    for member in created:
        organizations[member.organization_id] = member.organization
        by_org.setdefault(member.organization_id, Counter()).update(member_dimensions(member))
    for member, before in updated:
        organizations[member.organization_id] = member.organization
        counter = by_org.setdefault(member.organization_id, Counter())
        counter.update(member_dimensions(member))
        counter.subtract(before)
    deltas: Counter = Counter()
    for org_id, counter in by_org.items():
        for ancestor in organizations[org_id].ancestor_ids():
            for (dimension, value), n in counter.items():
                if n:
                    deltas[(ancestor, dimension, value)] += n
    counts_apply_many(deltas)
    placements_create(created)
    placements_refresh_many([m.pk for m, _ in updated])
    members_changed([m.pk for m, _ in updated])


# A photo is identified by its first bytes, not by the name or type the browser claims.
PHOTO_SIGNATURES = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
PHOTO_MAX_BYTES = 2 * 1024 * 1024


def member_photo_set(*, actor, member: Member, upload) -> Member:
    """Store the record's photo (JPEG or PNG, at most 2 MB); the old file goes on commit."""
    check_write(actor, member.organization)
    head = upload.read(8)
    upload.seek(0)
    ext = next((e for sig, e in PHOTO_SIGNATURES.items() if head.startswith(sig)), None)
    if ext is None:
        raise ServiceError({"photo": ["Ảnh phải là tệp JPEG hoặc PNG."]})
    if upload.size > PHOTO_MAX_BYTES:
        raise ServiceError({"photo": ["Ảnh không được lớn hơn 2 MB."]})
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
        old = member.photo.name
        member.photo.save(f"{member.pk}-{uuid4().hex[:8]}.{ext}", upload, save=False)
        member.save(update_fields=["photo", "updated_at"])
        audit_record(
            actor=actor,
            action="member.photo",
            target=member,
            before={"photo": old},
            after={"photo": member.photo.name},
        )
        if old:
            storage = member.photo.storage
            transaction.on_commit(lambda: storage.delete(old))
    return member
