"""Checks of a member record; each problem is a Vietnamese sentence keyed by its field."""

from __future__ import annotations

import re
from datetime import date

from tochuc.core.rules import rule_value
from tochuc.members.reference import (
    CCCD_PROVINCES,
    EDUCATION_LEVELS,
    ETHNICITIES,
    RELIGIONS,
    THEORY_LEVELS,
)

_NAME = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*(?: [^\W\d_]+(?:['’\-][^\W\d_]+)*)*$")
# The lengths of the text columns of members.Member: longer input is refused, not cut.
NAME_MAX_LENGTH = 128
_MAX_LENGTH = {
    "full_name": ("Họ và tên", NAME_MAX_LENGTH),
    "other_names": ("Tên gọi khác", NAME_MAX_LENGTH),
    "birth_place": ("Nơi sinh", 255),
    "hometown": ("Quê quán", 255),
    "occupation": ("Nghề nghiệp", 128),
}
_PHONE = re.compile(r"^(?:0|\+84)[0-9]{9}$")  # [0-9]: \d would take "٠" or "０"


def years_between(start: date, end: date) -> int:
    """Whole years from start to end (an age on a date)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def citizen_id_problems(citizen_id: str, gender: str | None, birth_date: date | None) -> list[str]:
    """The CCCD's 12 digits: province of birth registration (3), gender and century (1),
    last two digits of the birth year (2), serial (6) -- they must agree with the record."""
    if not re.fullmatch(r"[0-9]{12}", citizen_id):
        return ["Số CCCD phải gồm đúng 12 chữ số."]
    problems = []
    if citizen_id[:3] not in CCCD_PROVINCES:
        problems.append(
            f"Số CCCD bắt đầu bằng «{citizen_id[:3]}»: không phải mã tỉnh nơi đăng ký khai sinh."
        )
    digit = int(citizen_id[3])
    century, is_female = divmod(digit, 2)
    born_century = 1900 + 100 * century  # 0/1: 1900s, 2/3: 2000s, 4/5: 2100s ...
    if gender in ("male", "female") and (gender == "female") != bool(is_female):
        problems.append(
            f"Chữ số thứ 4 của CCCD ({digit}) là của {'nữ' if is_female else 'nam'}, "
            f"không khớp giới tính đã khai."
        )
    if birth_date is not None:
        if birth_date.year // 100 * 100 != born_century:
            problems.append(
                f"Chữ số thứ 4 của CCCD ({digit}) chỉ người sinh trong các năm "
                f"{born_century}–{born_century + 99}, không khớp ngày sinh {birth_date:%d/%m/%Y}."
            )
        elif citizen_id[4:6] != f"{birth_date.year % 100:02d}":
            problems.append(
                f"Chữ số thứ 5–6 của CCCD ({citizen_id[4:6]}) phải là hai số cuối năm sinh "
                f"({birth_date.year % 100:02d})."
            )
    return problems


def member_problems(data: dict, *, today: date | None = None) -> dict[str, list[str]]:
    """Every problem of a whole member record (the fields of Member, as a dict)."""
    today = today or date.today()
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    name = data.get("full_name") or ""
    if not name:
        add("full_name", "Họ và tên không được để trống.")
    elif len(name.split(" ")) < 2:
        add("full_name", "Họ và tên phải có ít nhất họ và tên (hai từ).")
    elif not _NAME.match(name):
        add("full_name", "Họ và tên chỉ gồm chữ cái, dấu cách, dấu nháy (H'Hen) và gạch nối.")
    for field, (label, limit) in _MAX_LENGTH.items():
        if len(data.get(field) or "") > limit:
            add(
                field,
                f"{label} dài {len(data[field])} ký tự, quá giới hạn {limit} ký tự: viết gọn lại.",
            )
    if data.get("gender") not in ("male", "female"):
        add("gender", "Giới tính phải là Nam hoặc Nữ.")
    birth, admitted, official = (
        data.get("birth_date"),
        data.get("admission_date"),
        data.get("official_date"),
    )
    if not birth:
        add("birth_date", "Ngày sinh không được để trống.")
    elif birth > today:
        add("birth_date", "Ngày sinh không được sau ngày hôm nay.")
    if not admitted:
        add("admission_date", "Ngày vào Đảng không được để trống.")
    elif admitted > today:
        add("admission_date", "Ngày vào Đảng không được sau ngày hôm nay.")
    elif birth and birth >= admitted:
        add("birth_date", "Ngày sinh phải trước ngày vào Đảng.")
    elif birth and birth <= today:
        age = years_between(birth, admitted)
        low, high = (
            rule_value("admission_age_min", admitted),
            rule_value("admission_age_max", admitted),
        )
        if not low <= age <= high:
            add(
                "admission_date",
                f"Tuổi khi vào Đảng là {age}, phải từ {low} đến {high} tuổi: "
                "kiểm tra lại ngày sinh và ngày vào Đảng.",
            )
    status = data.get("status")
    if status not in ("probationary", "official"):
        add("status", "Trạng thái phải là dự bị hoặc chính thức.")
    if status == "official" and not official:
        add("official_date", "Đảng viên chính thức phải có ngày chính thức.")
    if status == "probationary" and official:
        add("official_date", "Đảng viên dự bị chưa có ngày chính thức: để trống ô này.")
    ceremony = data.get("ceremony_date")
    if ceremony and admitted:
        if ceremony < admitted:
            add("ceremony_date", "Lễ kết nạp phải từ ngày quyết định kết nạp trở đi.")
        elif ceremony > today:
            add("ceremony_date", "Ngày lễ kết nạp không được sau ngày hôm nay.")
    if official and admitted:
        start = ceremony if ceremony and ceremony >= admitted else admitted
        months = rule_value("probation_months", start)
        earliest = add_months(start, months)
        if official < earliest:
            since = "lễ kết nạp" if start == ceremony else "ngày vào Đảng"
            add(
                "official_date",
                f"Ngày chính thức phải sau {since} ít nhất {months} tháng "
                f"(sớm nhất {earliest:%d/%m/%Y}).",
            )
        elif official > today:
            add("official_date", "Ngày chính thức không được sau ngày hôm nay.")
    if data.get("ethnicity") not in ETHNICITIES:
        add("ethnicity", f"Dân tộc «{data.get('ethnicity')}» không có trong danh mục 54 dân tộc.")
    if data.get("religion") not in RELIGIONS:
        add("religion", f"Tôn giáo «{data.get('religion')}» không có trong danh mục.")
    if data.get("citizen_id"):
        for problem in citizen_id_problems(data["citizen_id"], data.get("gender"), birth):
            add("citizen_id", problem)
    if (data.get("education_level") or "") not in dict(EDUCATION_LEVELS):
        add("education_level", "Trình độ chuyên môn không có trong danh mục.")
    if (data.get("theory_level") or "") not in dict(THEORY_LEVELS):
        add("theory_level", "Trình độ lý luận chính trị không có trong danh mục.")
    if not isinstance(data.get("youth_union", False), bool):
        add("youth_union", "Đoàn viên: chọn có hoặc không.")
    card = data.get("party_card_number")
    if card and not re.fullmatch(r"[0-9]{6,16}", card):
        add("party_card_number", "Số thẻ đảng viên chỉ gồm chữ số (6–16 chữ số).")
    phone = data.get("phone")
    if phone and not _PHONE.match(phone):
        add("phone", "Số điện thoại phải có 10 chữ số, bắt đầu bằng 0 (hoặc +84).")
    return errors
