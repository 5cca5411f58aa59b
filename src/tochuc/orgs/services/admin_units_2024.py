"""The administrative units before 2025-07-01 (63 provinces, their districts and 10,035
communes) and the official old-to-new mapping, from the `vietnamadminunits` package's data
files; the mapping is expressed in the codes of `vietnam-provinces` (what the 2025 tree uses).

The package is not imported (its __init__ loads address parsers and shapely): its SQLite
table `admin_units_legacy` and `converter_2025.json` are read directly. The converter is
keyed by ASCII names; its new commune codes differ from vietnam-provinces' for 123 communes
(9 of them name another commune), so new communes are matched by province and name, never
by code (docs/admin-units-2025.md).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import vietnam_provinces
from django.db import transaction

from tochuc.core.audit import audit_record
from tochuc.core.errors import ServiceError
from tochuc.orgs.models import EPOCH, Organization
from tochuc.orgs.people import people
from tochuc.orgs.services.admin_units import (
    REORGANIZED_ON,
    Unit,
    organizations_insert,
    province_find,
    provinces,
)

PROVINCE_WORDS = ("thành phố", "tỉnh")
DISTRICT_WORDS = ("thành phố", "thị xã", "quận", "huyện")
COMMUNE_WORDS = ("thị trấn", "phường", "xã")
LEVEL_KIND = {"province": "province", "district": "upper", "commune": "grassroots_committee"}
# Codes of the pre-2025 organizations: the surviving provinces keep their code (T04), the
# districts and old communes get codes of their own so they can stand beside the new
# communes (X.....) while the replay runs.
LEVEL_CODE = {"province": "T{:02d}", "district": "H{:03d}", "commune": "C{:05d}"}
DISTRICT_CODE = r"^H[0-9]{3}$"  # what an organization's code is when it is a district's


@dataclass(frozen=True)
class OldUnit(Unit):
    """A unit before 2025: province (word "tỉnh", "thành phố"), district ("huyện", "quận",
    "thị xã", "thành phố") or commune ("xã", "phường", "thị trấn")."""

    level: str = "commune"
    district_code: int | None = None

    @property
    def org_code(self) -> str:
        return LEVEL_CODE[self.level].format(self.code)

    @property
    def kind(self) -> str:
        return LEVEL_KIND[self.level]


@dataclass(frozen=True)
class Destination:
    """Where an old commune (or an island district without communes) went: the new
    communes (vietnam-provinces codes) and the default one for what is not assigned."""

    new: tuple[int, ...]
    default: int

    @property
    def split(self) -> bool:
        return len(self.new) > 1


@dataclass(frozen=True)
class Mapping:
    province: dict[int, int]  # old province code -> new province code
    commune: dict[int, Destination]  # old commune code -> its destination
    island: dict[int, Destination]  # island district code (no communes) -> its destination


def _data() -> Path:
    spec = find_spec("vietnamadminunits")
    return Path(spec.submodule_search_locations[0]) / "data"


def _rows(sql: str) -> list[sqlite3.Row]:
    con = sqlite3.connect(f"file:{_data() / 'dataset.db'}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _split(full_name: str, words: tuple[str, ...]) -> tuple[str, str]:
    """'Thị trấn Yên Viên' -> ('thị trấn', 'Yên Viên'). From the full name: the type columns
    are wrong for 3 communes and the short names are sometimes disambiguated."""
    word = next(w for w in words if full_name.lower().startswith(w + " "))
    return word, full_name[len(word) + 1 :].strip()


@cache
def old_units() -> tuple[list[OldUnit], list[OldUnit], list[OldUnit]]:
    """(provinces, districts, communes) before 2025-07-01, each by code."""
    found: dict[str, dict[int, OldUnit]] = {"province": {}, "district": {}, "commune": {}}
    for r in _rows(
        "SELECT provinceCode, province, districtCode, district, wardCode, ward"
        " FROM admin_units_legacy"
    ):
        pc, dc = int(r["provinceCode"]), int(r["districtCode"])
        if pc not in found["province"]:
            word, bare = _split(r["province"], PROVINCE_WORDS)
            found["province"][pc] = OldUnit(pc, word, bare, pc, level="province")
        if dc not in found["district"]:
            word, bare = _split(r["district"], DISTRICT_WORDS)
            found["district"][dc] = OldUnit(dc, word, bare, pc, level="district")
        if r["wardCode"] is not None:  # the 5 island districts have no communes
            word, bare = _split(r["ward"], COMMUNE_WORDS)
            code = int(r["wardCode"])
            found["commune"][code] = OldUnit(code, word, bare, pc, district_code=dc)
    p, d, c = (sorted(found[k].values(), key=lambda u: u.code) for k in found)
    return p, d, c


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng


def name_key(name: str) -> str:
    """A commune's name for matching: case, spacing, ’/', –/- and the old or new place of
    the tone mark (hoà/hòa, thuỷ/thủy) do not matter."""
    text = re.sub(r"\s+", " ", name.replace("\u2019", "'").replace("\u2013", "-")).strip().lower()
    out = []
    for syllable in text.split(" "):
        d = unicodedata.normalize("NFD", syllable)
        tone = "".join(c for c in d if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES)) + tone)
    return " ".join(out)


def _crosswalk() -> dict[tuple[str, str], int]:
    """(province key, ward key) of the converter -> vietnam-provinces commune code."""
    vp = {
        (int(w.province_code), name_key(w.name)): int(w.code)
        for w in vietnam_provinces.Ward.iter_all()
    }
    out = {}
    for r in _rows("SELECT provinceKey, wardKey, provinceCode, ward FROM admin_units"):
        out[(r["provinceKey"], r["wardKey"])] = vp[(int(r["provinceCode"]), name_key(r["ward"]))]
    if len(set(out.values())) != len(vp):
        raise ServiceError(
            "Danh mục xã mới của vietnamadminunits và vietnam-provinces không khớp nhau: cài lại "
            "đúng phiên bản hai gói trong pyproject.toml (xem docs/admin-units-2025.md)."
        )
    return out


@cache
def mapping() -> Mapping:
    conv = json.loads((_data() / "converter_2025.json").read_text(encoding="utf-8"))
    legacy = _rows(
        "SELECT provinceKey, districtKey, wardKey, provinceCode, districtCode, wardCode"
        " FROM admin_units_legacy"
    )
    old_by_key = {f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}": r for r in legacy}
    old_province = {r["provinceKey"]: int(r["provinceCode"]) for r in legacy}
    new_province = {
        r["provinceKey"]: int(r["provinceCode"])
        for r in _rows("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    }
    commune_code = _crosswalk()
    commune: dict[int, Destination] = {}
    island: dict[int, Destination] = {}

    def put(old_key: str, destination: Destination) -> None:
        r = old_by_key[old_key]
        if r["wardCode"] is None:
            island[int(r["districtCode"])] = destination
        else:
            commune[int(r["wardCode"])] = destination

    for province_key, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            code = commune_code[(province_key, ward_key)]
            for old_key in old_keys:
                put(old_key, Destination((code,), code))
    for province_key, splits in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in splits.items():
            codes = tuple(commune_code[(province_key, p["newWardKey"])] for p in parts)
            default = next(
                commune_code[(province_key, p["newWardKey"])]
                for p in parts
                if p["isDefaultNewWard"]
            )
            put(old_key, Destination(codes, default))
    return Mapping(
        province={
            old_province[o]: new_province[n]
            for n, olds in conv["DICT_PROVINCE"].items()
            for o in olds
        },
        commune=commune,
        island=island,
    )


def predecessors(new_province_code: int) -> list[int]:
    """The old provinces merged into a new one (one, if it was not merged)."""
    return sorted(o for o, n in mapping().province.items() if n == new_province_code)


def load_admin_units_before_2025(
    *, province: str | None = None, progress: Callable[[str], None] | None = None
) -> dict:
    """Create the Party organizations of the units as they stood on 30/06/2025: the old
    provinces (all 63, or those merged into the named 2025 province), their districts
    (đảng bộ cấp trên cơ sở) and communes (đảng bộ cơ sở under the district). Codes already
    present are left alone, so running it again creates nothing."""
    say = progress or (lambda message: None)
    chosen = [province_find(province)] if province else provinces()
    olds = {code for unit in chosen for code in predecessors(unit.code)}
    all_provinces, all_districts, all_communes = old_units()
    units = [
        *(u for u in all_provinces if u.code in olds),
        *(u for u in all_districts if u.province_code in olds),
        *(u for u in all_communes if u.province_code in olds),
    ]
    province_codes = [LEVEL_CODE["province"].format(c) for c in sorted(olds)]
    with transaction.atomic():
        after_2025 = (
            Organization.objects.filter(
                parent__code__in=province_codes, code__startswith="X", dissolved_on__isnull=True
            )
            .select_related("parent")
            .first()
        )
        if after_2025 is not None:
            raise ServiceError(
                {
                    "province": [
                        f"«{after_2025.parent.name}» đã có cây tổ chức sau ngày "
                        f"{REORGANIZED_ON:%d/%m/%Y} («{after_2025.name}»): không nạp cây "
                        "trước năm 2025 chồng lên."
                    ]
                }
            )
        existing = {
            o.code: o for o in Organization.objects.filter(code__in=[u.org_code for u in units])
        }
        parents: dict[str, Organization] = {}
        new: list[Organization] = []
        for unit in units:
            org = existing.get(unit.org_code)
            if org is None:
                parent = None
                if unit.level == "district":
                    parent = parents[LEVEL_CODE["province"].format(unit.province_code)]
                elif unit.level == "commune":
                    parent = parents[LEVEL_CODE["district"].format(unit.district_code)]
                org = Organization(
                    code=unit.org_code,
                    name=unit.org_name,
                    kind=unit.kind,
                    parent=parent,
                    admin_unit_code=str(unit.code),
                )
                new.append(org)
            parents[unit.org_code] = org
        organizations_insert(new, effective_date=EPOCH)
        for code in province_codes:
            added = sum(1 for o in new if o.path.startswith(parents[code].path))
            if added:
                audit_record(
                    actor=None,
                    action="organization.load_admin_units",
                    target=parents[code],
                    after={"source": "vietnamadminunits (trước 2025)", "created": added},
                )
        if new:
            people().counts_rebuild()
    say(
        f"Đơn vị hành chính trước 01/07/2025 ({len(olds)} tỉnh, thành phố cũ): tạo mới "
        f"{len(new)} tổ chức đảng, đã có {len(existing)} tổ chức."
    )
    return {"created": len(new), "existing": len(existing), "provinces": len(olds)}
