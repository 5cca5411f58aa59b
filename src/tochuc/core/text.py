"""Vietnamese text: NFC normalization, accent-free search keys, collation keys, name parts."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

import icu

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9a-z ]+")
_APOSTROPHES = re.compile(r"['’ʼ‘`]")


def clean(value: str | None) -> str:
    """NFC form, single spaces, no surrounding blanks: how every name is stored."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def search_key(value: str | None) -> str:
    """Accent-free, lower-case key: 'Nguyễn Văn Ân' and 'nguyen van an' give the same key.

    NFD then strip the combining marks; đ/Đ are letters of their own (no mark to strip),
    so they are mapped to d by hand. Punctuation such as the apostrophe of "H'Hen" is
    dropped so that "hhen" and "h'hen" both find it.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _NOT_WORD.sub(" ", _APOSTROPHES.sub("", text))
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=1)
def _collator() -> icu.Collator:
    collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
    # "Chi bộ tổ dân phố số 2" before "... số 10", as people count.
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return collator


def collation_key(value: str) -> bytes:
    """ICU vi_VN sort key: a ă â b c d đ e ê ..., tones none, huyền, hỏi, ngã, sắc, nặng."""
    return _collator().getSortKey(clean(value))


def sort_vietnamese(values, key=lambda v: v):
    """Sort any iterable of strings (or objects, with key) in Vietnamese order."""
    return sorted(values, key=lambda v: collation_key(key(v)))


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese name: first word, the words between, last word."""
    words = clean(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def person_sort_key(full_name: str, birth_date: date | None) -> str:
    """The order of official lists: given name, family name, middle name, earlier birth date.

    ICU keys end in a zero byte, so concatenating them keeps "An" before "Anh" whatever
    follows. Hex keeps the key ASCII, so it sorts the same under any database collation.
    """
    family, middle, given = split_name(full_name)
    key = collation_key(given) + collation_key(family) + collation_key(middle)
    born = birth_date.strftime("%Y%m%d") if birth_date else "99999999"
    return key.hex() + born
