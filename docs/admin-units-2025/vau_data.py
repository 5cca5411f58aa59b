"""Pre-2025 units and the old->new mapping, read straight from vietnamadminunits' data files
(without importing the package: its __init__ loads parsers, shapely, ~0.3 s / ~55 MB)."""

import json
import sqlite3
from importlib.util import find_spec
from pathlib import Path

DATA = Path(find_spec("vietnamadminunits").submodule_search_locations[0]) / "data"


def _rows(sql):
    con = sqlite3.connect(f"file:{DATA / 'dataset.db'}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


PROVINCE_WORDS = ("thành phố", "tỉnh")
DISTRICT_WORDS = ("thành phố", "thị xã", "quận", "huyện")
COMMUNE_WORDS = ("thị trấn", "phường", "xã")


def _split(full_name, words):
    """'Thị trấn Yên Viên' -> ('thị trấn', 'Yên Viên'). Taken from the full name because the
    *Type columns are wrong for 3 old communes and the *Short columns are sometimes
    disambiguated ('Yên Viên (Thị trấn)') or keep the word ('Phường 5', 'Quận 1')."""
    w = next(w for w in words if full_name.lower().startswith(w + " "))
    return w, full_name[len(w) + 1 :].strip()


def load_old_units():
    """-> (provinces, districts, communes) of the 63-province system, lists of dicts."""
    provinces, districts, communes = {}, {}, []
    for r in _rows(
        "SELECT provinceCode, province, provinceKey, districtCode, district, districtKey,"
        " wardCode, ward FROM admin_units_legacy"
    ):
        pc, dc = int(r["provinceCode"]), int(r["districtCode"])
        if pc not in provinces:
            word, name = _split(r["province"], PROVINCE_WORDS)
            provinces[pc] = dict(code=pc, name=name, word=word, key=r["provinceKey"])
        if dc not in districts:
            word, name = _split(r["district"], DISTRICT_WORDS)
            districts[dc] = dict(
                code=dc, name=name, word=word, province_code=pc, key=r["districtKey"]
            )
        if r["wardCode"] is not None:  # the 5 island districts have one row with ward NULL
            word, name = _split(r["ward"], COMMUNE_WORDS)
            communes.append(
                dict(
                    code=int(r["wardCode"]),
                    name=name,
                    word=word,
                    district_code=dc,
                    province_code=pc,
                )
            )
    return list(provinces.values()), list(districts.values()), communes


def load_mapping():
    """-> (commune_map, island_map, province_map)
    commune_map[old_ward_code]     = {"new": [new ward codes], "default": code, "province": new prov code}
    island_map[old_district_code]  = same, for the 5 island districts without communes
    province_map[old_province_code] = new province code
    """
    conv = json.loads((DATA / "converter_2025.json").read_text(encoding="utf-8"))
    old_by_key = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}": r
        for r in _rows(
            "SELECT provinceKey, districtKey, wardKey, provinceCode,"
            " districtCode, wardCode FROM admin_units_legacy"
        )
    }
    new_code = {
        (r["provinceKey"], r["wardKey"]): int(r["wardCode"])
        for r in _rows("SELECT provinceKey, wardKey, wardCode FROM admin_units")
    }
    new_prov = {
        r["provinceKey"]: int(r["provinceCode"])
        for r in _rows("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    }
    old_prov = {r["provinceKey"]: int(r["provinceCode"]) for r in old_by_key.values()}

    province_map = {
        old_prov[o]: new_prov[n] for n, olds in conv["DICT_PROVINCE"].items() for o in olds
    }
    commune_map, island_map = {}, {}

    def put(old_key, codes, default, np):
        r = old_by_key[old_key]
        entry = {"new": codes, "default": default, "province": new_prov[np]}
        if r["wardCode"] is None:
            island_map[int(r["districtCode"])] = entry
        else:
            commune_map[int(r["wardCode"])] = entry

    # whole old communes: new ward key -> [old keys]
    for np, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for nw, old_keys in wards.items():
            c = new_code[(np, nw)]
            for ok in old_keys:
                put(ok, [c], c, np)
    # split old communes: old key -> [{newWardKey, isDefaultNewWard, newWardAreaKm2, ...}]
    for np, splits in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, parts in splits.items():
            codes = [new_code[(np, p["newWardKey"])] for p in parts]
            default = next(new_code[(np, p["newWardKey"])] for p in parts if p["isDefaultNewWard"])
            put(ok, codes, default, np)
    return commune_map, island_map, province_map
