"""The Party organizations of the real administrative units (34 provinces, 3,321 communes), in bulk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import vietnam_provinces
from django.db import transaction

from tochuc.core.audit import audit_record
from tochuc.core.db import reserve_ids
from tochuc.core.errors import ServiceError
from tochuc.core.text import search_key, sort_vietnamese
from tochuc.orgs import events
from tochuc.orgs.models import Organization, OrganizationEvent, path_segment
from tochuc.orgs.people import people
from tochuc.orgs.versions import versions_first

# Since this date the communes (xã, phường, đặc khu) sit directly under the province.
REORGANIZED_ON = date(2025, 7, 1)


@dataclass(frozen=True)
class Unit:
    """One administrative unit and the name of its Party organization."""

    code: int
    word: str  # "tỉnh", "thành phố", "xã", "phường", "đặc khu" (lower case)
    bare: str  # "Cao Bằng", "Hà Nội", "Thượng Lâm"
    province_code: int | None = None

    @property
    def label(self) -> str:
        """'tỉnh Cao Bằng', 'xã Thượng Lâm'."""
        return f"{self.word} {self.bare}"

    @property
    def title(self) -> str:
        """'Tỉnh Cao Bằng': the label opening a sentence or a line."""
        return self.label[0].upper() + self.label[1:]

    @property
    def org_name(self) -> str:
        return f"Đảng bộ {self.label}"

    @property
    def org_code(self) -> str:
        return f"T{self.code:02d}" if self.province_code is None else f"X{self.code:05d}"


def _bare(name: str, word: str) -> str:
    if name.lower().startswith(word + " "):
        return name[len(word) + 1 :].strip()
    return name.strip()


def provinces() -> list[Unit]:
    """The 34 provinces and centrally-run cities, by code."""
    out = []
    for p in vietnam_provinces.Province.iter_all():
        word = "tỉnh" if p.division_type.name == "TINH" else "thành phố"
        out.append(Unit(code=int(p.code), word=word, bare=_bare(p.name, word)))
    return sorted(out, key=lambda u: u.code)


def wards(province_code: int | None = None) -> list[Unit]:
    """The communes (xã, phường, đặc khu) of one province, or of all, by code."""
    out = []
    for w in vietnam_provinces.Ward.iter_all():
        if province_code is not None and int(w.province_code) != province_code:
            continue
        word = str(w.division_type.value).lower()
        out.append(
            Unit(
                code=int(w.code),
                word=word,
                bare=_bare(w.name, word),
                province_code=int(w.province_code),
            )
        )
    return sorted(out, key=lambda u: u.code)


def province_find(name: str) -> Unit:
    """The province whose name matches, accents and the word 'tỉnh'/'thành phố' optional."""
    key = search_key(name)
    for unit in provinces():
        bare = search_key(unit.bare)
        if key in {bare, search_key(unit.label), search_key(unit.org_name), f"tp {bare}"}:
            return unit
    names = ", ".join(sort_vietnamese(u.bare for u in provinces()))
    raise ServiceError(
        {
            "province": [
                f"Không tìm thấy tỉnh, thành phố nào có tên «{name}». "
                f"Nhập một trong 34 tỉnh, thành phố: {names}."
            ]
        }
    )


def organizations_insert(
    orgs: list[Organization],
    *,
    effective_date: date,
    plan=None,
    actor=None,
    founded: date | None = None,
    batch_size: int = 2000,
) -> None:
    """Insert new organizations in bulk, with their 'create' events.

    `orgs` are unsaved, each parent before its children (a parent is either saved or
    earlier in the list). Ids, path, depth and search_key are filled in here. Call inside
    a transaction; the rolled-up counts are left to the caller (people().counts_rebuild). An
    organization without `established_on` is founded on `effective_date`: its event and its
    first version both begin then (`founded`: its first version begins then instead, as for
    an organization entered that stood before, EPOCH).
    """
    if not orgs:
        return
    for org, pk in zip(orgs, reserve_ids(Organization._meta.db_table, len(orgs)), strict=True):
        parent = org.parent
        org.pk = pk
        org.parent_id = parent.pk if parent else None
        org.path = (parent.path if parent else "") + path_segment(pk)
        org.depth = parent.depth + 1 if parent else 0
        org.search_key = search_key(org.name)
    Organization.objects.bulk_create(orgs, batch_size=batch_size)
    versions_first(orgs, plan, founded=founded or effective_date)
    OrganizationEvent.objects.bulk_create(
        [
            events.created(
                org, on=org.established_on or effective_date, actor=actor, plan=plan, save=False
            )
            for org in orgs
        ],
        batch_size=batch_size,
    )


def load_admin_units(
    *, province: str | None = None, progress: Callable[[str], None] | None = None
) -> dict:
    """Create the organizations of the provinces and their communes that do not exist yet.

    Province "Cao Bằng" -> "Đảng bộ tỉnh Cao Bằng" (kind province, code T04); each commune
    -> "Đảng bộ xã Thượng Lâm" (kind upper, code X01234) under its province. Codes already
    present are left alone, so running it again creates nothing.
    """
    from tochuc.orgs.services.admin_units_2024 import DISTRICT_CODE

    say = progress or (lambda message: None)
    chosen = [province_find(province)] if province else provinces()
    communes = [w for p in chosen for w in wards(p.code)]
    codes = [u.org_code for u in chosen] + [w.org_code for w in communes]
    created = 0
    with transaction.atomic():
        before_2025 = (
            Organization.objects.filter(
                parent__code__in=[u.org_code for u in chosen],
                code__regex=DISTRICT_CODE,  # a district: the tree before 2025
                dissolved_on__isnull=True,
            )
            .select_related("parent")
            .first()
        )
        if before_2025 is not None:
            raise ServiceError(
                {
                    "province": [
                        f"«{before_2025.parent.name}» đang có cây tổ chức trước ngày "
                        f"{REORGANIZED_ON:%d/%m/%Y} («{before_2025.name}»): chuyển sang cây mới "
                        "bằng lệnh tochuc orgs replay-2025."
                    ]
                }
            )
        existing = {o.code: o for o in Organization.objects.filter(code__in=codes)}
        by_province: dict[int, Organization] = {}
        new: list[Organization] = []
        for unit in chosen:
            org = existing.get(unit.org_code)
            if org is None:
                org = Organization(
                    code=unit.org_code,
                    name=unit.org_name,
                    kind="province",
                    parent=None,
                    admin_unit_code=str(unit.code),
                )
                new.append(org)
            by_province[unit.code] = org
        for unit in communes:
            if unit.org_code not in existing:
                new.append(
                    Organization(
                        code=unit.org_code,
                        name=unit.org_name,
                        kind="upper",
                        parent=by_province[unit.province_code],
                        admin_unit_code=str(unit.code),
                    )
                )
        organizations_insert(new, effective_date=REORGANIZED_ON)
        created = len(new)
        for unit in chosen:  # one audit row per province: a bulk load is still a write
            added = sum(1 for o in new if o.path.startswith(by_province[unit.code].path))
            if added:
                audit_record(
                    actor=None,
                    action="organization.load_admin_units",
                    target=by_province[unit.code],
                    after={"source": "vietnam-provinces", "created": added},
                )
        if created:
            people().counts_rebuild()
    where = chosen[0].label if province else f"{len(chosen)} tỉnh, thành phố"
    say(
        f"Đơn vị hành chính ({where}): tạo mới {created} tổ chức đảng, "
        f"đã có {len(existing)} tổ chức."
    )
    return {"created": created, "existing": len(existing)}
