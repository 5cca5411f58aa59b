"""Checks of a member record: CCCD structure, ages, dates, names, lists; rules are data."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.core.test_text import vietnamese_text_st
from tochuc.core.models import Regulation
from tochuc.members.reference import CCCD_PROVINCES, ETHNICITIES, RELIGIONS
from tochuc.members.validators import citizen_id_problems, member_problems

TODAY = date(2026, 6, 1)
PROVINCE_CODES = sorted(CCCD_PROVINCES)


def cccd(province: str, gender: str, birth: date, serial: int) -> str:
    """Built from the rule in DOMAIN.md, not from the code under test."""
    digit = {(19, "male"): 0, (19, "female"): 1, (20, "male"): 2, (20, "female"): 3}[
        (birth.year // 100, gender)
    ]
    return f"{province}{digit}{birth.year % 100:02d}{serial:06d}"


valid_cccd_st = st.tuples(
    st.sampled_from(PROVINCE_CODES),
    st.sampled_from(["male", "female"]),
    st.dates(date(1900, 1, 1), date(2099, 12, 31)),
    st.integers(0, 999_999),
)


# --- CCCD -------------------------------------------------------------------------------


def test_known_cccds():
    assert citizen_id_problems("001085000123", "male", date(1985, 3, 15)) == []
    assert citizen_id_problems("079190000001", "female", date(1990, 1, 2)) == []
    assert citizen_id_problems("066301000001", "female", date(2001, 7, 7)) == []
    assert citizen_id_problems("020200000001", "male", date(2000, 1, 1)) == []


@given(valid_cccd_st)
@settings(max_examples=500, deadline=None)
def test_valid_cccds_pass(parts):
    province, gender, birth, serial = parts
    assert citizen_id_problems(cccd(*parts), gender, birth) == []


@given(valid_cccd_st, st.integers(0, 9))
@settings(max_examples=300, deadline=None)
def test_a_wrong_gender_or_century_digit_is_caught(parts, digit):
    province, gender, birth, serial = parts
    good = cccd(*parts)
    assume(str(digit) != good[3])
    bad = good[:3] + str(digit) + good[4:]
    problems = citizen_id_problems(bad, gender, birth)
    assert problems
    assert all("CCCD" in p for p in problems)
    assert any("Chữ số thứ 4" in p for p in problems)


def test_gender_digit_messages():
    (problem,) = citizen_id_problems("001185000123", "male", date(1985, 3, 15))
    assert problem == "Chữ số thứ 4 của CCCD (1) là của nữ, không khớp giới tính đã khai."
    (problem,) = citizen_id_problems("001285000123", "male", date(1985, 3, 15))
    assert "1900–1999" not in problem and "2000–2099" in problem and "15/03/1985" in problem


@given(valid_cccd_st, st.integers(0, 99))
@settings(max_examples=300, deadline=None)
def test_wrong_year_digits_are_caught(parts, year2):
    province, gender, birth, serial = parts
    good = cccd(*parts)
    assume(f"{year2:02d}" != good[4:6])
    bad = good[:4] + f"{year2:02d}" + good[6:]
    problems = citizen_id_problems(bad, gender, birth)
    assert problems == [
        f"Chữ số thứ 5–6 của CCCD ({year2:02d}) phải là hai số cuối năm sinh "
        f"({birth.year % 100:02d})."
    ]


@given(valid_cccd_st, st.integers(0, 999).map(lambda n: f"{n:03d}"))
@settings(max_examples=300, deadline=None)
def test_unknown_province_code_is_caught(parts, code):
    assume(code not in CCCD_PROVINCES)
    province, gender, birth, serial = parts
    bad = code + cccd(*parts)[3:]
    problems = citizen_id_problems(bad, gender, birth)
    assert len(problems) == 1
    assert f"«{code}»" in problems[0] and "mã tỉnh" in problems[0]


@given(st.text(max_size=20))
@settings(max_examples=500, deadline=None)
def test_anything_but_twelve_ascii_digits_is_refused(value):
    assume(not re.fullmatch(r"[0-9]{12}", value))
    assert citizen_id_problems(value, "male", date(1985, 3, 15)) == [
        "Số CCCD phải gồm đúng 12 chữ số."
    ]


@pytest.mark.parametrize(
    "value",
    [
        "00108500012",
        "0010850001234",
        "00108500012a",
        "001 085 000 123",
        "",
        "٠٠١٠٨٥٠٠٠١٢٣",  # Arabic-Indic digits
        "００１０８５０００１２３",
    ],  # full-width digits
)
def test_malformed_cccds(value):
    assert citizen_id_problems(value, "male", date(1985, 3, 15)) == [
        "Số CCCD phải gồm đúng 12 chữ số."
    ]


# --- the whole record -------------------------------------------------------------------


def record(**changes) -> dict:
    data = {
        "full_name": "Nguyễn Văn An",
        "other_names": "",
        "gender": "male",
        "birth_date": date(1985, 3, 15),
        "birth_place": "",
        "hometown": "",
        "ethnicity": "Kinh",
        "religion": "Không",
        "citizen_id": "004085000001",
        "party_card_number": None,
        "admission_date": date(2010, 5, 19),
        "official_date": date(2011, 5, 19),
        "status": "official",
        "occupation": "",
        "education_level": "",
        "theory_level": "",
        "youth_union": False,
        "phone": "",
    }
    data.update(changes)
    return data


def problems(**changes) -> dict[str, list[str]]:
    return member_problems(record(**changes), today=TODAY)


pytestmark = pytest.mark.django_db  # rules are read from the Regulation table


def test_a_valid_record_has_no_problems():
    assert problems() == {}
    assert problems(status="probationary", official_date=None) == {}
    assert (
        problems(
            gender="female",
            citizen_id="001190000002",
            birth_date=date(1990, 1, 2),
            party_card_number="12345678",
            phone="0912345678",
            education_level="dai_hoc",
            theory_level="cao_cap",
            ethnicity="Ê Đê",
            religion="Công giáo",
        )
        == {}
    )


@pytest.mark.parametrize(
    ("admitted", "ok"),
    [
        (date(2003, 3, 14), False),  # 17, the day before the 18th birthday
        (date(2003, 3, 15), True),  # 18 on the day
    ],
)
def test_age_at_admission_lower_bound(admitted, ok):
    found = problems(admission_date=admitted, official_date=None, status="probationary")
    if ok:
        assert found == {}
    else:
        (message,) = found["admission_date"]
        assert "Tuổi khi vào Đảng là 17" in message
        assert "từ 18 đến 60" in message


@pytest.mark.parametrize(
    ("admitted", "age", "ok"),
    [
        (date(2010, 3, 15), 60, True),
        (date(2011, 3, 14), 60, True),
        (date(2011, 3, 15), 61, False),
    ],
)
def test_age_at_admission_upper_bound(admitted, age, ok):
    found = problems(
        birth_date=date(1950, 3, 15),
        citizen_id="004050000001",
        admission_date=admitted,
        official_date=None,
        status="probationary",
    )
    if ok:
        assert found == {}
    else:
        assert found["admission_date"] == [
            f"Tuổi khi vào Đảng là {age}, phải từ 18 đến 60 tuổi: "
            "kiểm tra lại ngày sinh và ngày vào Đảng."
        ]


def test_probation_is_twelve_months():
    found = problems(official_date=date(2011, 5, 18))
    assert found == {
        "official_date": [
            "Ngày chính thức phải sau ngày vào Đảng ít nhất 12 tháng (sớm nhất 19/05/2011)."
        ]
    }
    assert problems(official_date=date(2011, 5, 19)) == {}
    # earlier than the admission itself
    assert "official_date" in problems(official_date=date(2009, 1, 1))


def test_status_and_official_date_agree():
    assert problems(official_date=None) == {
        "official_date": ["Đảng viên chính thức phải có ngày chính thức."]
    }
    found = problems(status="probationary")
    assert list(found) == ["official_date"]
    assert "dự bị" in found["official_date"][0]
    assert list(problems(status="expelled")) == ["status"]


def test_dates_in_the_future_are_refused():
    assert "birth_date" in problems(birth_date=date(2026, 6, 2))
    found = problems(admission_date=date(2026, 6, 2), official_date=None, status="probationary")
    assert found == {"admission_date": ["Ngày vào Đảng không được sau ngày hôm nay."]}
    found = problems(admission_date=date(2025, 5, 19), official_date=date(2026, 6, 2))
    assert found == {"official_date": ["Ngày chính thức không được sau ngày hôm nay."]}


def test_missing_dates():
    assert problems(birth_date=None)["birth_date"] == ["Ngày sinh không được để trống."]
    assert problems(admission_date=None)["admission_date"] == ["Ngày vào Đảng không được để trống."]


def test_lists_of_ethnic_groups_and_religions():
    assert len(ETHNICITIES) == 54
    for ethnicity in ETHNICITIES:
        assert "ethnicity" not in problems(ethnicity=ethnicity)
    for religion in RELIGIONS:
        assert "religion" not in problems(religion=religion)
    assert problems(ethnicity="Kinh2") == {
        "ethnicity": ["Dân tộc «Kinh2» không có trong danh mục 54 dân tộc."]
    }
    assert list(problems(ethnicity="")) == ["ethnicity"]
    assert list(problems(religion="Thần đạo")) == ["religion"]


def test_education_and_theory_levels_come_from_their_lists():
    assert problems(education_level="thac_si", theory_level="cu_nhan") == {}
    assert list(problems(education_level="giao_su")) == ["education_level"]
    assert list(problems(theory_level="sieu_cap")) == ["theory_level"]


@pytest.mark.parametrize(
    "name",
    [
        "H'Hen Niê",
        "Y Ngông Niê Kdăm",
        "Ksor H'Nhí",
        "Ksor H’Nhí",
        "Lê Thị Bru-Vân",
        "Tôn Nữ Thị Ngọc Lan",
    ],
)
def test_names_of_every_people_are_accepted(name):
    assert problems(full_name=name) == {}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Nguyễn Văn 3", "chỉ gồm chữ cái"),
        ("Nguyễn Văn An!", "chỉ gồm chữ cái"),
        ("An", "hai từ"),
        ("", "không được để trống"),
    ],
)
def test_bad_names_are_refused(name, message):
    found = problems(full_name=name)
    assert list(found) == ["full_name"]
    assert message in found["full_name"][0]


@given(vietnamese_text_st.filter(lambda n: " " in n))
@settings(max_examples=50, deadline=None)
def test_generated_vietnamese_names_are_accepted(name):
    assert "full_name" not in problems(full_name=name)


def test_phone_numbers():
    assert problems(phone="0912345678") == {}
    assert problems(phone="+84912345678") == {}
    for bad in ["12345", "091234567", "09123456789", "0912-345-678", "٠٩١٢٣٤٥٦٧٨"]:
        assert list(problems(phone=bad)) == ["phone"], bad


def test_party_card_numbers():
    assert problems(party_card_number="123456") == {}
    for bad in ["12345", "AB123456", "١٢٣٤٥٦٧٨"]:
        assert list(problems(party_card_number=bad)) == ["party_card_number"], bad


def test_the_cccd_is_checked_against_the_record():
    assert list(problems(gender="female")) == ["citizen_id"]  # CCCD says male
    assert list(problems(birth_date=date(1986, 3, 15))) == ["citizen_id"]  # says 1985
    assert list(problems(citizen_id="123")) == ["citizen_id"]
    assert problems(citizen_id=None) == {}  # not every record has one yet


def test_every_problem_is_reported_at_once():
    found = problems(full_name="X", gender="?", ethnicity="?", phone="1")
    assert set(found) >= {"full_name", "gender", "ethnicity", "phone"}


# --- regulations are data ---------------------------------------------------------------


def test_a_regulation_row_changes_the_admission_age_from_its_date_only():
    Regulation.objects.create(
        key="admission_age_min",
        value=16,
        effective_from=date(2025, 7, 1),
        source="a test regulation",
    )
    born = date(2008, 3, 15)  # 16 in 2024 and in 2025, 17 in 2025-03
    cid = "004208000001"

    def at(admitted):
        return problems(
            birth_date=born,
            citizen_id=cid,
            admission_date=admitted,
            official_date=None,
            status="probationary",
        )

    before = at(date(2025, 6, 30))  # 17, before the new rule: refused
    assert "từ 18 đến 60" in before["admission_date"][0]
    assert at(date(2025, 7, 1)) == {}  # 17, on the day the rule takes effect
    assert at(date(2024, 3, 15))["admission_date"]  # 16 under the old rule
    row = Regulation.objects.get(key="admission_age_min")
    row.effective_from = date(2024, 1, 1)
    row.save()  # as Django admin saves it: the cached values are dropped at once
    assert at(date(2024, 3, 15)) == {}
    younger = problems(
        birth_date=date(2009, 3, 15),
        citizen_id="004209000001",
        admission_date=date(2025, 3, 14),
        official_date=None,
        status="probationary",
    )
    assert "Tuổi khi vào Đảng là 15, phải từ 16 đến 60" in younger["admission_date"][0]


def test_a_regulation_row_changes_the_probation_period():
    Regulation.objects.create(key="probation_months", value=18, effective_from=date(2012, 1, 1))
    assert problems() == {}  # admitted 2010: 12 months still apply
    found = problems(admission_date=date(2013, 1, 10), official_date=date(2014, 1, 10))
    assert "ít nhất 18 tháng (sớm nhất 10/07/2014)" in found["official_date"][0]
