"""Reading a value as a person wrote it in a cell or a form: its text, and dates written day
first; a value that cannot be read is a CellError saying, in Vietnamese, what to write.

Below the importer (imports.parsing reads whole rows with it) and the forms
(core.forms.TypedDateField), so a page and an import give the same message.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from tochuc.core.text import clean


class CellError(ValueError):
    """A cell that cannot be read; the message says, in Vietnamese, what to write instead."""


def cell_text(value: object) -> str:
    """A cell as the text a person reads in it (Excel's 12.0 is "12"; pandas' NaN is empty)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return clean(str(value))


def cell_shown(value: object) -> str:
    text = cell_text(value)
    return text if len(text) <= 40 else text[:39] + "…"


_HOW = "ghi ngày theo dạng ngày/tháng/năm, ví dụ 05/02/1980"
_SEP = r"\s*[./-]\s*"
_DMY = re.compile(rf"([0-9]{{1,2}}){_SEP}([0-9]{{1,2}}){_SEP}([0-9]+)")
_YMD = re.compile(rf"([0-9]{{4}}){_SEP}([0-9]{{1,2}}){_SEP}([0-9]{{1,2}})")
_MONTH_YEAR = re.compile(rf"[0-9]{{1,2}}{_SEP}[0-9]{{4}}")
_YEAR = re.compile(r"[0-9]{4}")
# "1980-02-05 00:00:00": a date a program wrote out with its time.
_TIME = re.compile(r"[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")
# Excel counts days from 30/12/1899 but also counts a 29/02/1900 that never was, so serials
# before 01/03/1900 (61) are a day off; none of them is a date a member record needs.
_EXCEL_EPOCH = date(1899, 12, 30)
_FIRST_SERIAL = 61
_LAST_SERIAL = (date.max - _EXCEL_EPOCH).days
# A year typed alone into Excel comes as a number; read as a serial it would be a day in 1905.
_YEARS = range(1900, 2101)


def _bare_year(shown: str) -> CellError:
    return CellError(f"«{shown}» chỉ có năm: cần đủ ngày, tháng, năm, ví dụ 05/02/1980.")


def parse_date(value: object) -> date:
    """A date from a cell: a date (or datetime) object, an Excel serial number, or text written
    day first (05/02/1980, 5-2-1980, 05.02.1980) or year first (1980-02-05)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    shown = cell_shown(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(f"«{shown}» không phải ngày: {_HOW}.")
        serial = math.floor(value)
        if serial in _YEARS:
            raise _bare_year(shown)
        if not _FIRST_SERIAL <= serial <= _LAST_SERIAL:
            raise CellError(f"Số «{shown}» không phải ngày: {_HOW}.")
        return _EXCEL_EPOCH + timedelta(days=serial)
    text = _TIME.sub("", cell_text(value))
    if not text:
        raise CellError(f"Chưa ghi ngày: {_HOW}.")
    if match := _DMY.fullmatch(text):
        day, month, year = match.groups()
    elif match := _YMD.fullmatch(text):
        year, month, day = match.groups()
    elif _YEAR.fullmatch(text):
        raise _bare_year(shown)
    elif _MONTH_YEAR.fullmatch(text):
        raise CellError(f"«{shown}» thiếu ngày: cần đủ ngày, tháng, năm, ví dụ 05/02/1980.")
    else:
        raise CellError(f"«{shown}» không đọc được là ngày: {_HOW}.")
    if len(year) == 2:
        raise CellError(
            f"«{shown}» chỉ ghi hai chữ số của năm, không rõ thế kỷ: ghi đủ bốn chữ số của năm, "
            "ví dụ 05/02/1980."
        )
    try:
        if len(year) != 4:
            raise ValueError(year)
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"«{shown}» không phải ngày có thật: {_HOW}.") from None
