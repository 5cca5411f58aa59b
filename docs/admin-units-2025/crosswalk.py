"""vietnamadminunits new-ward code -> vietnam-provinces Ward code, matched by (province code, name)."""

import re
import sqlite3
import unicodedata

import vietnam_provinces
from vau_data import DATA

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng


def name_key(name: str) -> str:
    """Case, spacing, ’/', –/- and old/new tone placement (hoà/hòa, thuỷ/thủy) insensitive."""
    s = re.sub(r"\s+", " ", name.replace("\u2019", "'").replace("\u2013", "-")).strip().lower()
    out = []
    for syl in s.split(" "):
        d = unicodedata.normalize("NFD", syl)
        tone = "".join(c for c in d if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES)) + tone)
    return " ".join(out)


def vau_to_vp():
    con = sqlite3.connect(f"file:{DATA / 'dataset.db'}?mode=ro", uri=True)
    vau = {
        (int(p), name_key(w)): int(c)
        for c, w, p in con.execute("SELECT wardCode, ward, provinceCode FROM admin_units")
    }
    con.close()
    vp = {
        (int(w.province_code), name_key(w.name)): int(w.code)
        for w in vietnam_provinces.Ward.iter_all()
    }
    assert len(vau) == len(vp) == 3321 and vau.keys() == vp.keys()
    return {vau[k]: vp[k] for k in vau}
