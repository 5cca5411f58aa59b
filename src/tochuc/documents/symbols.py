"""Reading document references: a symbol ("74-NQ/TU"), a date in the styles the press and the
offices write ("10-5-2016", "10/5/2016", "ngày 10 tháng 5 năm 2016"), and every reference in a
free text ("Nghị quyết số 22-NQ/TW ngày 2-2-2008", "Quyết định 1755-QĐ/TU").

Pure functions, no database: the registry matches what they find (selectors.references_match).
The Party's format (Hướng dẫn 36-HD/VPTW) is `number-CODE/ISSUER`; issuers may carry a second
part ("08-HD/BTCTU", "15-QĐ/ĐU-KCQ"). Anything else typed as a symbol is kept as typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Letters of codes and issuers: Latin capitals and Đ (QĐ, ĐU, ĐA).
_UP = "A-ZĐ"
# The hyphen may come as Word's en or em dash ("Số 321 – QĐ/TU").
_SYMBOL = re.compile(
    rf"(?P<number>\d{{1,5}})\s*[-–—]\s*(?P<code>[{_UP}]{{1,6}})\s*/\s*"
    rf"(?P<issuer>[{_UP}]{{1,10}}(?:-[{_UP}0-9]{{1,10}})*)"
)
_DATE = re.compile(
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s*(?:[-/.]|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*"
    r"(?:[-/.]|\s+năm\s+)\s*(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)
# The names a reference starts with, longest first (Quyết định before Quy định is not an
# issue: the two differ in the second word).
TYPE_WORDS = (
    "Nghị quyết",
    "Quyết định",
    "Quy định",
    "Chỉ thị",
    "Kết luận",
    "Hướng dẫn",
    "Kế hoạch",
    "Đề án",
    "Chương trình hành động",
    "Chương trình",
    "Báo cáo",
    "Thông báo",
    "Công văn",
    "Tờ trình",
    "Quy chế",
    "Thông tri",
    "Biên bản",
)
_TYPE = "|".join(re.escape(w) for w in TYPE_WORDS)
_REFERENCE = re.compile(
    rf"(?:(?P<type>{_TYPE})\s+)?(?:số\s*:?\s*)?"
    rf"(?<![\w-])(?<!\d[.,])(?P<symbol>{_SYMBOL.pattern})(?![\w-])"
    rf"(?:\s*,?\s*(?P<date>{_DATE.pattern.replace('(?P<d>', '(?P<rd>').replace('(?P<m>', '(?P<rm>').replace('(?P<y>', '(?P<ry>')}))?",
    re.IGNORECASE,
)


# Codes written with small letters (Tờ trình: TTr, Chương trình: CTr), by their capitals.
MIXED_CASE = {"TTR": "TTr", "CTR": "CTr"}


@dataclass(frozen=True)
class Symbol:
    number: int
    code: str
    issuer: str

    @property
    def text(self) -> str:
        """The symbol as the registry writes it: the number with at least two digits."""
        return f"{self.number:02d}-{self.code}/{self.issuer}"


_NUMBER_WORD = re.compile(r"^SỐ\s*:?\s*")  # "Số 74-NQ/TU", "Số: 74-NQ/TU", "SỐ74-NQ/TU"


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", text).upper().replace("Ð", "Đ")  # the Icelandic eth


def parse_symbol(text: str) -> Symbol | None:
    """The Party-format symbol that `text` is (spaces and case forgiven), or None."""
    match = _SYMBOL.fullmatch(_NUMBER_WORD.sub("", _upper(text or "").strip()))
    if not match:
        return None
    number = int(match["number"])
    if number == 0:
        return None
    return Symbol(number, MIXED_CASE.get(match["code"], match["code"]), match["issuer"])


def normalize_symbol(text: str) -> str:
    """The key two spellings of one symbol share ("74-NQ/TU", "Số 74 - NQ/TU", "74-nq/tu")."""
    symbol = parse_symbol(text)
    if symbol is not None:
        return symbol.text
    return re.sub(r"\s+", "", _upper(text or ""))


def _date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """A day-first date in the press's styles, or None (31-2-2016 is no date)."""
    match = _DATE.fullmatch((text or "").strip())
    return _date(match["d"], match["m"], match["y"]) if match else None


@dataclass(frozen=True)
class Reference:
    start: int  # where in the text
    end: int
    type_name: str  # "Nghị quyết", as written in the registry's types ("" when not said)
    symbol: str  # normalized (Symbol.text)
    issued_on: date | None
    text: str  # the words found


_TYPE_NAMES = {w.casefold(): w for w in TYPE_WORDS}


def find_references(text: str) -> list[Reference]:
    """Every reference to a Party-format document in `text`, in order."""
    found = []
    for match in _REFERENCE.finditer(text or ""):
        symbol = parse_symbol(match["symbol"])
        if symbol is None:
            continue
        issued_on = _date(match["rd"], match["rm"], match["ry"]) if match["date"] else None
        type_name = _TYPE_NAMES.get((match["type"] or "").casefold(), "")
        found.append(
            Reference(
                start=match.start(),
                end=match.end(),
                type_name=type_name,
                symbol=symbol.text,
                issued_on=issued_on,
                text=match.group(0),
            )
        )
    return found
