"""What the columns and cells of a committee's files mean (its member list, its organization
tree): headers to fields, which of the two a sheet is, cells to values.

Only reading happens here. Whether a whole record holds together (dates in order, a CCCD that
agrees with the birth date) is for members.validators, so an import and the record page give
the same answer; a cell that cannot be read at all is refused here, with how to fix it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from tochuc.core.cells import CellError, parse_date
from tochuc.core.cells import cell_shown as _shown
from tochuc.core.cells import cell_text as _text
from tochuc.core.text import search_key
from tochuc.imports.models import Import
from tochuc.members.models import Member
from tochuc.members.reference import (
    EDUCATION_LEVELS,
    ETHNICITIES,
    MAJORITY_ETHNICITY,
    NO_RELIGION,
    RELIGIONS,
    THEORY_LEVELS,
)
from tochuc.orgs.models import OrganizationKind


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    aliases: tuple[str, ...]
    required: bool
    help: str


def _header(field: str) -> str:
    # The record page's label, so the template and the page call a field the same.
    name = str(Member._meta.get_field(field).verbose_name)
    return name[:1].upper() + name[1:]


_DATE_HELP = "Ghi ngày/tháng/năm, ví dụ 05/02/1980."
# (field, required, aliases, help): "organization" first, then the fields of member_create.
_SPECS: list[tuple[str, bool, tuple[str, ...], str]] = [
    (
        "organization",
        False,
        (
            "Tên chi bộ",
            "Chi bộ sinh hoạt",
            "Chi bộ đang sinh hoạt",
            "Mã chi bộ",
            "Tổ chức đảng",
            "Đơn vị",
        ),
        "Tên hoặc mã chi bộ nơi đảng viên sinh hoạt; để trống khi cả tệp là của một chi bộ.",
    ),
    (
        "full_name",
        True,
        ("Họ tên", "Họ và tên khai sinh", "Họ và tên đảng viên", "Họ tên đảng viên"),
        "Họ, chữ đệm và tên, có dấu, ví dụ Nguyễn Văn An.",
    ),
    ("other_names", False, ("Tên khác", "Bí danh"), "Để trống nếu không có."),
    ("gender", True, ("Nam/Nữ",), "Nam hoặc Nữ."),
    (
        "birth_date",
        True,
        ("Ngày tháng năm sinh", "Năm sinh", "Sinh ngày"),
        _DATE_HELP,
    ),
    ("birth_place", False, ("Sinh quán", "Nơi đăng ký khai sinh"), "Theo giấy khai sinh."),
    ("hometown", False, ("Nguyên quán",), "Theo lý lịch đảng viên."),
    ("ethnicity", False, (), "Tên dân tộc trong danh mục 54 dân tộc; để trống là dân tộc Kinh."),
    ("religion", False, (), "Tên tôn giáo trong danh mục; để trống là không theo tôn giáo nào."),
    (
        "citizen_id",
        False,
        (
            "CCCD",
            "Số căn cước",
            "Số căn cước công dân",
            "Căn cước công dân",
            "CMND/CCCD",
            "Số CMND/CCCD",
            "Số định danh cá nhân",
        ),
        "12 chữ số; định dạng cột là Văn bản (Text) để Excel giữ số 0 ở đầu.",
    ),
    (
        "party_card_number",
        False,
        ("Số thẻ", "Số thẻ Đảng", "Thẻ đảng viên", "Số thẻ ĐV"),
        "Chỉ gồm chữ số; để trống nếu chưa được phát thẻ.",
    ),
    (
        "admission_date",
        True,
        ("Ngày kết nạp", "Ngày kết nạp Đảng", "Ngày kết nạp vào Đảng", "Ngày quyết định kết nạp"),
        "Ngày của quyết định kết nạp. " + _DATE_HELP,
    ),
    (
        "ceremony_date",
        False,
        ("Lễ kết nạp", "Ngày tổ chức lễ kết nạp"),
        "Để trống nếu không rõ. " + _DATE_HELP,
    ),
    (
        "official_date",
        False,
        (
            "Ngày vào Đảng chính thức",
            "Ngày công nhận chính thức",
            "Ngày công nhận đảng viên chính thức",
            "Ngày chuyển chính thức",
        ),
        "Để trống nếu còn là đảng viên dự bị. " + _DATE_HELP,
    ),
    (
        "status",
        False,
        ("Dự bị/Chính thức", "Đảng viên dự bị/chính thức", "Chính thức/Dự bị"),
        "Dự bị hoặc Chính thức; để trống: chính thức nếu có ngày chính thức, không thì dự bị.",
    ),
    ("occupation", False, ("Công việc", "Nghề"), "Ví dụ Giáo viên, Nông dân, Hưu trí."),
    (
        "education_level",
        False,
        ("Chuyên môn", "Trình độ chuyên môn nghiệp vụ", "Chuyên môn nghiệp vụ", "Trình độ đào tạo"),
        "Sơ cấp, Trung cấp, Cao đẳng, Đại học, Thạc sĩ hoặc Tiến sĩ; để trống nếu chưa qua đào tạo.",
    ),
    (
        "theory_level",
        False,
        ("Lý luận chính trị", "LLCT", "Trình độ LLCT", "Trình độ chính trị", "Lý luận"),
        "Sơ cấp, Trung cấp, Cao cấp hoặc Cử nhân; để trống nếu chưa qua đào tạo.",
    ),
    (
        "youth_union",
        False,
        ("Đoàn viên", "Đoàn viên TNCS", "Là đoàn viên", "Đoàn viên thanh niên"),
        "Ghi x (hoặc Có) nếu là đoàn viên; để trống nếu không.",
    ),
    (
        "phone",
        False,
        ("Số điện thoại", "SĐT", "Số ĐT", "Điện thoại di động", "Di động"),
        "10 chữ số, bắt đầu bằng 0.",
    ),
]
COLUMNS: list[Column] = [
    Column(field, _header(field), aliases, required, help)
    for field, required, aliases, help in _SPECS
]

# The organization tree's file: one organization a line, its parent named by code.
MEMBERS, ORGANIZATIONS = Import.Kind.MEMBERS, Import.Kind.ORGANIZATIONS
CODE_MAX_LENGTH = 32  # Organization.code's column
TREE_COLUMNS: list[Column] = [
    Column(
        "code",
        "Mã tổ chức",
        ("Mã", "Mã tổ chức đảng", "Mã TCĐ", "Mã đơn vị"),
        True,
        f"Mã riêng của tổ chức, tối đa {CODE_MAX_LENGTH} ký tự, không trùng trong tệp.",
    ),
    Column(
        "name",
        "Tên tổ chức",
        ("Tên", "Tên tổ chức đảng", "Tên đơn vị"),
        True,
        "Tên đầy đủ, có dấu, ví dụ Chi bộ Thôn Nà Pồng.",
    ),
    Column(
        "kind",
        "Loại",
        ("Loại hình tổ chức", "Loại tổ chức", "Loại hình", "Loại TCĐ"),
        True,
        "Đảng bộ tỉnh, Đảng bộ cấp trên cơ sở, Đảng bộ cơ sở (ĐBCS), Chi bộ cơ sở (CBCS), Đảng "
        "bộ bộ phận (ĐBBP) hoặc Chi bộ trực thuộc (CBTT).",
    ),
    Column(
        "parent_code",
        "Mã tổ chức cấp trên",
        ("Mã cấp trên", "Trực thuộc", "Mã trực thuộc", "Mã đơn vị cấp trên"),
        False,
        "Mã của tổ chức cấp trên: một tổ chức trong tệp hoặc đã có; để trống: trực thuộc tổ "
        "chức nhận dữ liệu.",
    ),
    Column(
        "established_on",
        "Ngày thành lập",
        ("Thành lập", "Ngày TL"),
        False,
        "Để trống nếu không rõ. " + _DATE_HELP,
    ),
]
# Both kinds' fields: their names do not overlap.
LABELS = {c.field: c.header for c in (*COLUMNS, *TREE_COLUMNS)}
COLUMNS_OF = {MEMBERS: COLUMNS, ORGANIZATIONS: TREE_COLUMNS}


# --- Headers ------------------------------------------------------------------------------


def _key(value: object) -> str:
    return search_key(_text(value))


def _names(columns: list[Column]) -> dict[str, str]:
    return {_key(name): c.field for c in columns for name in (c.header, *c.aliases)}


_FIELD_OF = {MEMBERS: _names(COLUMNS), ORGANIZATIONS: _names(TREE_COLUMNS)}
# Spaces do not count in an exact match: "Họvà tên" and "Ho va  ten" are still the name.
_EXACT = {
    kind: {key.replace(" ", ""): field for key, field in names.items()}
    for kind, names in _FIELD_OF.items()
}
# Columns a committee's sheet often has whose names contain one of ours but mean something
# else ("Ngày cấp CCCD", "Đơn vị công tác", "Số thẻ BHYT", "Đoàn viên công đoàn").
_ELSEWHERE = [
    _key(name)
    for name in (
        "Ngày cấp",
        "Nơi cấp",
        "Đơn vị công tác",
        "Nơi công tác",
        "Học vấn",
        "Giáo dục phổ thông",
        "BHYT",
        "Bảo hiểm",
        "Công đoàn",
        "Ngày vào Đoàn",
    )
]


def _has_words(text: str, words: str) -> bool:
    return f" {words} " in f" {text} "


def _contained_field(key: str, kind: str) -> str | None:
    """The one field whose name the header contains as whole words ("Họ và tên đảng viên")."""
    if any(_has_words(key, other) for other in _ELSEWHERE):
        return None
    names = _FIELD_OF[kind]
    found = [name for name in names if _has_words(key, name)]
    # "Ngày vào Đảng chính thức" also contains "Ngày vào Đảng": the longer name decides.
    kept = [n for n in found if not any(o != n and _has_words(o, n) for o in found)]
    fields = {names[n] for n in kept}
    return fields.pop() if len(fields) == 1 else None


def match_headers(headers: Sequence[object], kind: str = MEMBERS) -> dict[int, str]:
    """Column index -> field of that kind of file. Exact names first, then a header that
    contains one name only; a field goes to the first column that claims it, later ones stay
    unmatched."""
    keys = [_key(h) for h in headers]
    mapping: dict[int, str] = {}
    for exact in (True, False):
        for index, key in enumerate(keys):
            if index in mapping or not key:
                continue
            field = _EXACT[kind].get(key.replace(" ", "")) if exact else _contained_field(key, kind)
            if field and field not in mapping.values():
                mapping[index] = field
    return dict(sorted(mapping.items()))


# A sheet naming these is an organization tree, unless it also names a member's columns.
TREE_SIGNS = {"code", "parent_code", "kind"}


def file_kind(headers: Sequence[object]) -> str:
    """What the header line says the file holds: the organization tree (a code, a parent's
    code and a kind column, no column of a member's record) or members."""
    tree = set(match_headers(headers, ORGANIZATIONS).values())
    member = set(match_headers(headers, MEMBERS).values()) - {"organization"}
    return ORGANIZATIONS if tree >= TREE_SIGNS and not member else MEMBERS


def unmatched(headers: Sequence[object], mapping: Mapping[int, str]) -> dict[int, str]:
    """Column index -> header text of the non-empty columns the mapping leaves out."""
    return {i: _text(h) for i, h in enumerate(headers) if i not in mapping and _text(h)}


def find_header_row(rows: Sequence[Sequence[object]], max_scan: int = 10) -> int:
    """The row, among the first max_scan, naming the most columns (two at least): committee
    sheets open with a title line or two above the headers."""
    best, best_count = -1, 1
    for index, row in enumerate(rows[:max_scan]):
        count = max(len(match_headers(row, kind)) for kind in _FIELD_OF)
        if count > best_count:
            best, best_count = index, count
    if best < 0:
        raise ValueError(
            f"Không tìm thấy dòng tên cột trong {max_scan} dòng đầu của tệp: cần một dòng ghi "
            "tên các cột như «Họ và tên», «Ngày sinh», «Ngày vào Đảng» (danh sách đảng viên) hoặc «Mã tổ "
            "chức», «Tên tổ chức», «Loại», «Mã tổ chức cấp trên» (cây tổ chức)."
        )
    return best


# --- Dates --------------------------------------------------------------------------------


def _date_or_none(value: object) -> date | None:
    return parse_date(value) if _text(value) else None


# --- Choices ------------------------------------------------------------------------------

_GENDERS = {"nam": "male", "nu": "female", "male": "male", "female": "female"}
_STATUSES = {
    "du bi": "probationary",
    "db": "probationary",
    "dang vien du bi": "probationary",
    "probationary": "probationary",
    "chinh thuc": "official",
    "ct": "official",
    "dang vien chinh thuc": "official",
    "official": "official",
}


def parse_gender(value: object) -> str | None:
    """Nam, nữ, NU, female -> "male"/"female"; empty -> None (the record requires it)."""
    if not _text(value):
        return None
    try:
        return _GENDERS[_key(value)]
    except KeyError:
        raise CellError(f"Giới tính «{_shown(value)}» không rõ: ghi Nam hoặc Nữ.") from None


def parse_status(value: object) -> str:
    """Dự bị, DB, Chính thức, CT -> "probationary"/"official"; empty -> dự bị, the record's
    default."""
    if not _text(value):
        return str(Member._meta.get_field("status").get_default())
    try:
        return _STATUSES[_key(value)]
    except KeyError:
        raise CellError(
            f"Trạng thái «{_shown(value)}» không rõ: ghi Dự bị hoặc Chính thức."
        ) from None


def _level_table(choices: list[tuple[str, str]], synonyms: dict[str, str]) -> dict[str, str]:
    # A stored code ("dai_hoc") and its label ("Đại học") give the same key.
    table = {search_key(label): code for code, label in choices}
    table |= {search_key(code): code for code, _ in choices if code}
    return table | {search_key(name): code for name, code in synonyms.items()}


_EDUCATION = _level_table(
    EDUCATION_LEVELS,
    {
        "Không": "",
        "Cử nhân": "dai_hoc",
        "Kỹ sư": "dai_hoc",
        "Bác sĩ": "dai_hoc",
        "Thạc sỹ": "thac_si",
        "ThS": "thac_si",
        "Tiến sỹ": "tien_si",
        "TS": "tien_si",
        "Trung học chuyên nghiệp": "trung_cap",
        "TCCN": "trung_cap",
    },
)
_THEORY = _level_table(THEORY_LEVELS, {"Không": ""})


def _level(value: object, field: str, table: dict[str, str], choices: list[tuple[str, str]]) -> str:
    key = _key(value)
    if not _text(value):
        return ""
    if key in table:
        return table[key]
    # "Đại học Sư phạm", "Trung cấp LLCT": the level, then what was studied.
    for name in sorted(table, key=len, reverse=True):
        if name and key.startswith(name + " "):
            return table[name]
    names = ", ".join(label for code, label in choices if code)
    raise CellError(
        f"{LABELS[field]} «{_shown(value)}» không có trong danh mục: ghi một trong {names} "
        "(để trống nếu chưa qua đào tạo)."
    )


def parse_education_level(value: object) -> str:
    """Đại học, dai hoc, dai_hoc, Cử nhân Luật -> "dai_hoc"; empty -> ""."""
    return _level(value, "education_level", _EDUCATION, EDUCATION_LEVELS)


def parse_theory_level(value: object) -> str:
    """Cao cấp, Trung cấp lý luận chính trị -> "cao_cap"/"trung_cap"; empty -> ""."""
    return _level(value, "theory_level", _THEORY, THEORY_LEVELS)


_YES = {"x", "v", "co", "1", "true", "yes", "doan vien", "dv", "la doan vien"}
_NO = {"khong", "0", "false", "no", "chua"}
_MARKS = {"√": True, "✓": True, "✔": True, "☑": True, "-": False, "–": False, "—": False}


def parse_youth_union(value: object) -> bool:
    """x, Có, 1, Đoàn viên, a tick -> True; empty, Không, 0, a dash -> False."""
    text = _text(value)
    if not text:
        return False
    if text in _MARKS:
        return _MARKS[text]
    key = _key(value)
    if key in _YES or key in _NO:
        return key in _YES
    raise CellError(
        f"Đoàn viên «{_shown(value)}» không rõ: ghi x (hoặc Có) nếu là đoàn viên, để trống "
        "(hoặc Không) nếu không."
    )


def _compact(value: object) -> str:
    return _key(value).replace(" ", "")


# Spaces and hyphens do not count ("Ê Đê", "Ê-đê", "Êđê"); other spellings people use:
_ETHNICITY = {_compact(n): n for n in ETHNICITIES} | {
    _compact(other): n
    for other, n in {
        "Khơ-me": "Khmer",
        "H'Mông": "Mông",
        "Vân Kiều": "Bru-Vân Kiều",
        "Bru": "Bru-Vân Kiều",
        "Jrai": "Gia Rai",
        "Stiêng": "Xtiêng",
        "Mơ Nông": "Mnông",
        "Cao Lan": "Sán Chay",
        "Sán Chỉ": "Sán Chay",
    }.items()
}
_RELIGION = {_compact(n): n for n in RELIGIONS} | {
    _compact(other): n
    for other, n in {
        "Không tôn giáo": "Không",
        "Không có": "Không",
        "Phật": "Phật giáo",
        "Thiên Chúa": "Công giáo",
        "Thiên Chúa giáo": "Công giáo",
        "Hòa Hảo": "Phật giáo Hòa Hảo",
        "Hồi": "Hồi giáo",
        "Islam": "Hồi giáo",
    }.items()
}


def parse_ethnicity(value: object) -> str:
    """kinh, Dân tộc Tày, Ê-đê -> the spelling of the list; empty -> Kinh."""
    key = _key(value)
    if not _text(value):
        return MAJORITY_ETHNICITY
    found = _ETHNICITY.get(key.removeprefix("dan toc ").replace(" ", ""))
    if found is None:
        raise CellError(
            f"Dân tộc «{_shown(value)}» không có trong danh mục 54 dân tộc: ghi đúng tên dân "
            "tộc, ví dụ Kinh, Tày, Thái, Mường (để trống nếu là dân tộc Kinh)."
        )
    return found


def parse_religion(value: object) -> str:
    """phat giao, Đạo Thiên Chúa -> the spelling of the list; empty -> Không."""
    key = _key(value)
    if not _text(value):
        return NO_RELIGION
    found = _RELIGION.get(key.removeprefix("dao ").replace(" ", ""))
    if found is None:
        raise CellError(
            f"Tôn giáo «{_shown(value)}» không có trong danh mục: ghi một trong "
            f"{', '.join(RELIGIONS)} (để trống nếu không theo tôn giáo nào)."
        )
    return found


# --- Numbers kept as digits -----------------------------------------------------------------

_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+")
_WRITTEN_NUMBER = re.compile(r"[0-9]+\.0")  # 123456789012.0: a number a program wrote out
_SEPARATORS = re.compile(r"[\s.\-]")  # 0912.345.678, 0912 345 678, 0912-345-678
_DIGITS = re.compile(r"[0-9]+")  # [0-9]: \d would take "٠" or "０"
# Excel keeps 15 significant digits: a longer number was rounded before we saw it.
_EXCEL_DIGITS = 10**15


def _digits(value: object, field: str) -> tuple[str, bool] | None:
    """(digits, whether Excel held them as a number, so leading zeros are gone), or None."""
    label, shown = LABELS[field], _shown(value)
    if isinstance(value, float) and not math.isnan(value):
        if not value.is_integer():
            raise CellError(f"{label} «{shown}» phải là một dãy chữ số.")
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise CellError(f"{label} «{shown}» phải là một dãy chữ số.")
        if value >= _EXCEL_DIGITS:
            raise CellError(
                f"{label} «{shown}» dài quá 15 chữ số nên Excel đã làm tròn: định dạng cột là "
                "Văn bản (Text) rồi gõ lại số."
            )
        return str(value), True
    text = _text(value).removeprefix("'")
    if not text:
        return None
    if _SCIENTIFIC.fullmatch(text):
        raise CellError(
            f"{label} «{shown}» đã bị Excel đổi sang dạng số mũ và mất chữ số: định dạng cột "
            "là Văn bản (Text) rồi gõ lại đủ các chữ số."
        )
    if _WRITTEN_NUMBER.fullmatch(text):
        return text[:-2], True
    plus = "+" if field == "phone" and text.startswith("+") else ""
    digits = _SEPARATORS.sub("", text.removeprefix(plus))
    if not _DIGITS.fullmatch(digits):
        raise CellError(f"{label} «{shown}» chỉ được gồm chữ số: bỏ chữ cái và ký hiệu khác.")
    return plus + digits, False


def parse_citizen_id(value: object) -> str | None:
    """12 digits; a number that lost its leading zeros in Excel gets them back."""
    found = _digits(value, "citizen_id")
    if found is None:
        return None
    digits, was_number = found
    return digits.zfill(12) if was_number else digits


def parse_party_card_number(value: object) -> str | None:
    found = _digits(value, "party_card_number")
    return found[0] if found else None


def parse_phone(value: object) -> str:
    """Digits (or +84...); 9 digits are a mobile number without its 0, 84... one without its +,
    as Excel leaves them when the column holds numbers."""
    found = _digits(value, "phone")
    if found is None:
        return ""
    digits = found[0]
    if len(digits) == 9 and digits[0] != "0":
        return "0" + digits
    if len(digits) == 11 and digits.startswith("84"):
        return "+" + digits
    return digits


def parse_text(value: object) -> str:
    """Text as it is stored (NFC, single spaces); a number as Excel shows it, 12.0 as "12"."""
    return _text(value)


# --- Organization kinds ---------------------------------------------------------------------

# The office spellings of each kind (Điều lệ Đảng's names, abbreviations, and the old district
# level: a đảng bộ huyện / quận / thị xã was an upper-level committee, and since 01/07/2025 a
# đảng bộ xã / phường / đặc khu is one, DOMAIN.md).
_KIND_NAMES = {
    OrganizationKind.CENTRAL: ["Trung ương", "Đảng bộ Trung ương", "TW"],
    OrganizationKind.PROVINCE: [
        "Đảng bộ tỉnh",
        "Đảng bộ thành phố",
        "Đảng bộ thành phố trực thuộc Trung ương",
        "Đảng bộ tỉnh, thành phố trực thuộc Trung ương",
        "Tỉnh",
        "Tỉnh ủy",
        "Thành ủy",
        "ĐBT",
    ],
    OrganizationKind.UPPER: [
        "Cấp trên cơ sở",
        "Đảng bộ cấp trên trực tiếp cơ sở",
        "ĐBCTCS",
        "Đảng bộ huyện",
        "Đảng bộ quận",
        "Đảng bộ thị xã",
        "Đảng bộ thành phố thuộc tỉnh",
        "Đảng bộ khối",
        "Đảng bộ xã",
        "Đảng bộ phường",
        "Đảng bộ đặc khu",
    ],
    OrganizationKind.GRASSROOTS_COMMITTEE: ["ĐBCS", "Đảng ủy cơ sở"],
    OrganizationKind.GRASSROOTS_BRANCH: ["CBCS"],
    OrganizationKind.SUB_COMMITTEE: ["ĐBBP"],
    OrganizationKind.BRANCH: [
        "Chi bộ",
        "CBTT",
        "Chi bộ trực thuộc Đảng ủy cơ sở",
        "Chi bộ trực thuộc Đảng bộ cơ sở",
        "Chi bộ trực thuộc Đảng bộ bộ phận",
        "Chi bộ trực thuộc Đảng ủy bộ phận",
    ],
}
_KINDS = {search_key(kind.value): kind.value for kind in OrganizationKind} | {
    search_key(name): kind.value
    for kind, names in [(k, [k.label]) for k in OrganizationKind] + list(_KIND_NAMES.items())
    for name in names
}


@lru_cache(maxsize=256)
def parse_kind(value: object) -> str:
    """Đảng bộ cơ sở, ĐBCS, dang bo co so, grassroots_committee -> "grassroots_committee"."""
    if not _text(value):
        raise CellError("Chưa ghi loại tổ chức.")
    try:
        return _KINDS[_key(value)]
    except KeyError:
        names = ", ".join(k.label for k in OrganizationKind)
        raise CellError(
            f"Loại tổ chức «{_shown(value)}» không rõ: ghi một trong {names} (hoặc viết tắt "
            "ĐBCS, CBCS, ĐBBP, CBTT)."
        ) from None


def parse_code(value: object) -> str:
    """An organization's code as written (Excel's 12.0 is "12"); at most CODE_MAX_LENGTH."""
    text = _text(value).removeprefix("'")
    if len(text) > CODE_MAX_LENGTH:
        raise CellError(
            f"Mã «{_shown(value)}» dài {len(text)} ký tự, quá {CODE_MAX_LENGTH} ký tự: viết gọn lại."
        )
    return text


TREE_PARSERS: dict[str, Callable[[object], object]] = {
    "code": parse_code,
    "name": parse_text,
    "kind": parse_kind,
    "parent_code": parse_code,
    "established_on": _date_or_none,
}


def _parse_cells(
    cells: Mapping[str, object], parsers: Mapping[str, Callable[[object], object]]
) -> tuple[dict[str, object], dict[str, str]]:
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field, raw in cells.items():
        try:
            values[field] = parsers[field](raw)
        except CellError as exc:
            errors[field] = str(exc)
    return values, errors


def parse_tree_row(cells: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """{field: raw cell} of a tree file's line -> (values, error message by field)."""
    return _parse_cells(cells, TREE_PARSERS)


# --- Rows ---------------------------------------------------------------------------------

PARSERS: dict[str, Callable[[object], object]] = {
    "organization": parse_text,
    "full_name": parse_text,
    "other_names": parse_text,
    "gender": parse_gender,
    "birth_date": _date_or_none,
    "birth_place": parse_text,
    "hometown": parse_text,
    "ethnicity": parse_ethnicity,
    "religion": parse_religion,
    "citizen_id": parse_citizen_id,
    "party_card_number": parse_party_card_number,
    "admission_date": _date_or_none,
    "ceremony_date": _date_or_none,
    "official_date": _date_or_none,
    "status": parse_status,
    "occupation": parse_text,
    "education_level": parse_education_level,
    "theory_level": parse_theory_level,
    "youth_union": parse_youth_union,
    "phone": parse_phone,
}


# A file repeats the values of its coded columns (Nam, Kinh, Không, Đại học ...) on every row:
# each distinct value is read once. Dates, texts and numbers are mostly distinct, so not these.
for _field in ("gender", "ethnicity", "religion", "status", "education_level", "theory_level"):
    PARSERS[_field] = lru_cache(maxsize=4096, typed=True)(PARSERS[_field])
PARSERS["youth_union"] = lru_cache(maxsize=256, typed=True)(parse_youth_union)


def parse_row(cells: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """{field: raw cell} -> (values for member_create, error message by field). An empty cell
    gives the field's empty value (its default: Kinh, Không, dự bị); a field whose cell cannot
    be read has an error and no value. "organization" stays text: the caller finds the branch."""
    values, errors = _parse_cells(cells, PARSERS)
    if "status" in cells and not _text(cells["status"]) and values.get("official_date"):
        values["status"] = "official"  # a blank status beside an official date means official
    return values, errors
