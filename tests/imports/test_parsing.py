"""Reading a committee's member list: which column is which field, what each cell means."""

from __future__ import annotations

import math
import unicodedata
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tochuc.core.text import search_key
from tochuc.imports.parsing import (
    COLUMNS,
    PARSERS,
    CellError,
    find_header_row,
    match_headers,
    parse_citizen_id,
    parse_date,
    parse_education_level,
    parse_ethnicity,
    parse_gender,
    parse_party_card_number,
    parse_phone,
    parse_religion,
    parse_row,
    parse_status,
    parse_text,
    parse_theory_level,
    parse_youth_union,
    unmatched,
)
from tochuc.members.reference import ETHNICITIES, RELIGIONS
from tochuc.members.services.records import EDITABLE

HEADER = {c.field: c.header for c in COLUMNS}


def serial(day: date) -> int:
    """Excel's day number (1900 date system), from its definition, valid from 01/03/1900."""
    return (day - date(1899, 12, 30)).days


# --- Columns ------------------------------------------------------------------------------


def test_one_column_per_field_of_a_member_and_the_branch_first():
    assert [c.field for c in COLUMNS] == ["organization", *EDITABLE]


def test_headers_are_the_record_page_labels():
    assert HEADER["organization"] == "Chi bộ"
    assert HEADER["full_name"] == "Họ và tên"
    assert HEADER["citizen_id"] == "Số CCCD"
    assert HEADER["admission_date"] == "Ngày vào Đảng"
    assert HEADER["ceremony_date"] == "Ngày lễ kết nạp"
    assert HEADER["theory_level"] == "Trình độ lý luận chính trị"


def test_no_name_belongs_to_two_fields():
    owner: dict[str, str] = {}
    for column in COLUMNS:
        for name in (column.header, *column.aliases):
            key = search_key(name).replace(" ", "")
            assert owner.setdefault(key, column.field) == column.field, name


def test_the_fields_a_record_cannot_do_without_are_required():
    required = {c.field for c in COLUMNS if c.required}
    assert required == {"full_name", "gender", "birth_date", "admission_date"}
    assert all(c.help for c in COLUMNS)


# --- Headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Họ và tên", "full_name"),
        ("HO TEN", "full_name"),
        ("Ho va ten", "full_name"),
        ("Họ và tên khai sinh", "full_name"),
        ("  HỌ VÀ\nTÊN (*) ", "full_name"),
        ("Ngày tháng năm sinh", "birth_date"),
        ("Ngày, tháng,\nnăm sinh", "birth_date"),
        ("Năm sinh", "birth_date"),
        ("CMND/CCCD", "citizen_id"),
        ("Căn cước công dân", "citizen_id"),
        ("Số thẻ Đảng", "party_card_number"),
        ("Ngày kết nạp", "admission_date"),
        ("Ngày vào đảng", "admission_date"),
        ("Ngày lễ kết nạp", "ceremony_date"),
        ("Ngày vào Đảng chính thức", "official_date"),
        ("LLCT", "theory_level"),
        ("Nam/Nữ", "gender"),
        ("Tên chi bộ", "organization"),
        ("Mã chi bộ", "organization"),
        ("SĐT", "phone"),
        ("Số điện thoại", "phone"),
        ("Đoàn viên", "youth_union"),
        # A header that contains one of the names as whole words.
        ("Họ và tên đảng viên (ghi có dấu)", "full_name"),
        ("Ngày sinh (ngày/tháng/năm)", "birth_date"),
        ("Ngày vào Đảng chính thức (nếu có)", "official_date"),
        ("Trình độ chuyên môn nghiệp vụ cao nhất", "education_level"),
    ],
)
def test_a_header_names_its_field(header, field):
    assert match_headers([header]) == {0: field}


@pytest.mark.parametrize(
    "header",
    [
        "STT",
        "Ghi chú",
        "Họ và tên, ngày sinh",  # two fields in one column
        "Ngày cấp CCCD",
        "Nơi cấp CCCD",
        "Số thẻ BHYT",
        "Đơn vị công tác",
        "Trình độ học vấn",
        "Đoàn viên công đoàn",
        "",
        None,
    ],
)
def test_a_header_that_is_no_field_or_two_stays_unmatched(header):
    assert match_headers([header]) == {}


def test_a_field_goes_to_one_column_only():
    headers = ["Họ và tên", "Ngày sinh", "Họ tên", "Ghi chú", ""]
    mapping = match_headers(headers)
    assert mapping == {0: "full_name", 1: "birth_date"}
    assert unmatched(headers, mapping) == {2: "Họ tên", 3: "Ghi chú"}


def test_an_exact_name_wins_over_a_header_that_only_contains_it():
    mapping = match_headers(["Họ và tên đảng viên (khai sinh)", "Họ và tên"])
    assert mapping == {1: "full_name"}


def test_the_header_row_is_found_below_the_title():
    rows = [
        ["ĐẢNG BỘ XÃ AN BÌNH", None, None],
        ["DANH SÁCH ĐẢNG VIÊN CHI BỘ THÔN 1", None, None],
        [None, None, None],
        ["STT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng"],
        [1, "Nguyễn Văn An", "05/02/1980", "03/02/2005"],
    ]
    assert find_header_row(rows) == 3
    with pytest.raises(ValueError, match="Không tìm thấy dòng tên cột trong 3 dòng đầu"):
        find_header_row(rows, max_scan=3)


def test_a_sheet_without_a_header_row_is_refused():
    with pytest.raises(ValueError, match="«Họ và tên»"):
        find_header_row([["Họ và tên"], ["Nguyễn Văn An"]])
    with pytest.raises(ValueError):
        find_header_row([])


# --- Dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "05/02/1980",
        "5/2/1980",
        "5-2-1980",
        "05.02.1980",
        " 05 / 02 / 1980 ",
        "1980-02-05",
        "1980-02-05 00:00:00",
        date(1980, 2, 5),
        datetime(1980, 2, 5, 13, 30),
        29256,
        29256.0,
        29256.75,  # a serial with a time of day
    ],
)
def test_dates_a_committee_writes(value):
    assert parse_date(value) == date(1980, 2, 5)


def test_excel_serials_from_the_first_correct_one():
    assert parse_date(61) == date(1900, 3, 1)
    assert parse_date(45658) == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "31/02/1980",
            "«31/02/1980» không phải ngày có thật: ghi ngày theo dạng ngày/tháng/năm, "
            "ví dụ 05/02/1980.",
        ),
        ("5/2/80", "hai chữ số của năm"),
        ("1980", "«1980» chỉ có năm"),
        (1980, "«1980» chỉ có năm"),
        (1980.0, "«1980» chỉ có năm"),
        ("02/1980", "thiếu ngày"),
        ("ngày 5 tháng 2", "không đọc được là ngày"),
        ("05/13/1980", "không phải ngày có thật"),
        ("05/02/19800", "không phải ngày có thật"),
        (5, "không phải ngày"),
        (True, "không đọc được là ngày"),
        (math.inf, "không phải ngày"),
        ("", "Chưa ghi ngày"),
        (None, "Chưa ghi ngày"),
    ],
)
def test_dates_that_cannot_be_read_say_how_to_write_them(value, message):
    with pytest.raises(CellError, match=message) as caught:
        parse_date(value)
    assert "ví dụ 05/02/1980" in str(caught.value)


def test_day_comes_first():
    assert parse_date("02/05/1980") == date(1980, 5, 2)


# --- Choices ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Nam", "male"), ("nữ", "female"), ("NU", "female"), ("Nữ ", "female"), ("male", "male")],
)
def test_gender(value, expected):
    assert parse_gender(value) == expected


def test_gender_empty_or_unknown():
    assert parse_gender(None) is None
    assert parse_gender("  ") is None
    with pytest.raises(CellError, match="ghi Nam hoặc Nữ"):
        parse_gender("X")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Dự bị", "probationary"),
        ("DB", "probationary"),
        ("chinh thuc", "official"),
        ("CT", "official"),
        ("Đảng viên chính thức", "official"),
        ("official", "official"),
        (None, "probationary"),
    ],
)
def test_status(value, expected):
    assert parse_status(value) == expected


def test_status_unknown():
    with pytest.raises(CellError, match="ghi Dự bị hoặc Chính thức"):
        parse_status("Đang sinh hoạt")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Đại học", "dai_hoc"),
        ("dai hoc", "dai_hoc"),
        ("dai_hoc", "dai_hoc"),
        ("Cử nhân Luật", "dai_hoc"),
        ("Kỹ sư xây dựng", "dai_hoc"),
        ("Thạc sỹ", "thac_si"),
        ("ThS. Quản lý giáo dục", "thac_si"),
        ("Cao đẳng sư phạm", "cao_dang"),
        ("Chưa qua đào tạo", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_education_level(value, expected):
    assert parse_education_level(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Cao cấp", "cao_cap"),
        ("cao cap", "cao_cap"),
        ("Trung cấp LLCT", "trung_cap"),
        ("Cao cấp lý luận chính trị", "cao_cap"),
        ("Cử nhân chính trị", "cu_nhan"),
        ("so_cap", "so_cap"),
        (None, ""),
    ],
)
def test_theory_level(value, expected):
    assert parse_theory_level(value) == expected


def test_levels_outside_the_list_name_the_list():
    with pytest.raises(CellError, match="Trình độ chuyên môn «12/12» không có trong danh mục"):
        parse_education_level("12/12")
    with pytest.raises(CellError, match="Sơ cấp, Trung cấp, Cao cấp, Cử nhân"):
        parse_theory_level("Đại học")


@pytest.mark.parametrize(
    "value", ["x", "X", "có", "co", "1", 1, 1.0, True, "True", "Đoàn viên", "√", "✓"]
)
def test_youth_union_yes(value):
    assert parse_youth_union(value) is True


@pytest.mark.parametrize("value", [None, "", "không", "0", 0, 0.0, False, "-", math.nan])
def test_youth_union_no(value):
    assert parse_youth_union(value) is False


def test_youth_union_unknown():
    with pytest.raises(CellError, match="ghi x"):
        parse_youth_union("2")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "Kinh"),
        ("", "Kinh"),
        ("kinh", "Kinh"),
        ("TAY", "Tày"),
        ("Dân tộc Thái", "Thái"),
        ("Ê-đê", "Ê Đê"),
        ("Êđê", "Ê Đê"),
        ("bru van kieu", "Bru-Vân Kiều"),
        ("H'Mông", "Mông"),
        ("Khơ-me", "Khmer"),
    ],
)
def test_ethnicity(value, expected):
    assert parse_ethnicity(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "Không"),
        ("khong", "Không"),
        ("phat giao", "Phật giáo"),
        ("Đạo Thiên Chúa", "Công giáo"),
        ("Hòa Hảo", "Phật giáo Hòa Hảo"),
        ("CAO ĐÀI", "Cao Đài"),
    ],
)
def test_religion(value, expected):
    assert parse_religion(value) == expected


def test_every_listed_name_reads_back_as_itself_without_accents():
    for name in ETHNICITIES:
        assert parse_ethnicity(search_key(name)) == name
    for name in RELIGIONS:
        assert parse_religion(search_key(name).upper()) == name


def test_names_outside_the_lists():
    with pytest.raises(CellError, match="Dân tộc «Việt» không có trong danh mục 54 dân tộc"):
        parse_ethnicity("Việt")
    with pytest.raises(CellError, match="Tôn giáo «Đạo Mẫu» không có trong danh mục: ghi một"):
        parse_religion("Đạo Mẫu")


# --- Digits -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("001080012345", "001080012345"),
        ("001 080 012 345", "001080012345"),
        ("001.080.012.345", "001080012345"),
        ("'001080012345", "001080012345"),
        (1080012345, "001080012345"),  # Excel held it as a number and dropped the zeros
        (1.080012345e9, "001080012345"),
        (123456789012.0, "123456789012"),
        ("1080012345.0", "001080012345"),  # a number a program wrote out
        (None, None),
        ("", None),
    ],
)
def test_citizen_id(value, expected):
    assert parse_citizen_id(value) == expected


def test_only_a_citizen_id_gets_its_zeros_back():
    assert parse_party_card_number(12345678) == "12345678"
    assert parse_party_card_number("012345678") == "012345678"
    assert parse_party_card_number(None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        (912345678, "0912345678"),
        (912345678.0, "0912345678"),
        ("+84 912 345 678", "+84912345678"),
        (84912345678, "+84912345678"),
        (None, ""),
    ],
)
def test_phone(value, expected):
    assert parse_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1,23457E+11", "dạng số mũ"),
        ("1.23457e11", "dạng số mũ"),
        (1234567890123456, "Excel đã làm tròn"),
        (12.5, "dãy chữ số"),
        (-5, "dãy chữ số"),
        ("0123abc", "chỉ được gồm chữ số"),
        ("+84 123", "chỉ được gồm chữ số"),  # the + belongs to a phone number only
    ],
)
def test_digits_that_cannot_be_trusted(value, message):
    with pytest.raises(CellError, match=message) as caught:
        parse_citizen_id(value)
    assert str(caught.value).startswith("Số CCCD «")


def test_text():
    assert parse_text("  Nguyễn   Văn\nAn ") == "Nguyễn Văn An"
    assert parse_text(unicodedata.normalize("NFD", "Hà Nội")) == "Hà Nội"
    assert parse_text(12.0) == "12"
    assert parse_text(None) == ""


# --- Rows ---------------------------------------------------------------------------------


def test_a_row_becomes_the_values_of_a_record():
    values, errors = parse_row(
        {
            "organization": 12.0,
            "full_name": " Nguyễn  Văn An ",
            "gender": "Nam",
            "birth_date": "05/02/1980",
            "ethnicity": None,
            "religion": "",
            "citizen_id": 1080012345,
            "party_card_number": None,
            "admission_date": datetime(2005, 2, 3),
            "official_date": None,
            "status": "Dự bị",
            "education_level": "Đại học",
            "youth_union": "x",
            "phone": 912345678,
        }
    )
    assert errors == {}
    assert values == {
        "organization": "12",
        "full_name": "Nguyễn Văn An",
        "gender": "male",
        "birth_date": date(1980, 2, 5),
        "ethnicity": "Kinh",
        "religion": "Không",
        "citizen_id": "001080012345",
        "party_card_number": None,
        "admission_date": date(2005, 2, 3),
        "official_date": None,
        "status": "probationary",
        "education_level": "dai_hoc",
        "youth_union": True,
        "phone": "0912345678",
    }


def test_cells_that_cannot_be_read_are_reported_by_field():
    values, errors = parse_row(
        {"full_name": "Trần Thị Ánh", "gender": "?", "birth_date": "31/02/1980", "phone": "abc"}
    )
    assert values == {"full_name": "Trần Thị Ánh"}
    assert set(errors) == {"gender", "birth_date", "phone"}
    assert errors["birth_date"].startswith("«31/02/1980» không phải ngày có thật")


def test_every_column_has_a_parser():
    assert set(PARSERS) == {c.field for c in COLUMNS}


# --- Properties ---------------------------------------------------------------------------

dates_st = st.dates(date(1900, 1, 1), date(2100, 12, 31))


@given(dates_st)
def test_any_date_written_in_an_accepted_way_reads_back(day):
    written = [
        day,
        datetime.combine(day, time(8, 15)),
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d-%m-%Y}",
        f"{day.day}-{day.month}-{day.year}",
        f"{day:%d.%m.%Y}",
        f"{day:%Y-%m-%d}",
        f"{day:%Y-%m-%d} 00:00:00",
    ]
    for value in written:
        assert parse_date(value) == day, value


@given(dates_st)
def test_any_excel_serial_reads_back(day):
    assume(day >= date(1900, 3, 1) and serial(day) not in range(1900, 2101))
    assert parse_date(serial(day)) == day
    assert parse_date(float(serial(day))) == day


any_cell_st = st.one_of(
    st.none(),
    st.booleans(),
    st.text(),
    st.text(alphabet="0123456789/-. :eE+"),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, 0.0, -0.0]),
    st.dates(),
    st.datetimes(),
)


@given(any_cell_st)
def test_reading_a_date_fails_only_with_a_message(value):
    try:
        parse_date(value)
    except CellError as exc:
        assert str(exc).endswith(".")


@given(st.dictionaries(st.sampled_from([c.field for c in COLUMNS]), any_cell_st))
def test_reading_a_row_never_fails(cells):
    values, errors = parse_row(cells)
    assert set(values) | set(errors) == set(cells)
    assert not set(values) & set(errors)
    assert all(isinstance(m, str) and m for m in errors.values())


def unaccented(text: str) -> str:
    """Vietnamese without marks, case kept (đ/Đ have no mark to strip)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@st.composite
def written_header_st(draw, column):
    name = draw(st.sampled_from([column.header, *column.aliases]))
    if draw(st.booleans()):
        name = unaccented(name)
    name = "".join(ch.upper() if draw(st.booleans()) else ch.lower() for ch in name)
    gaps = draw(st.lists(st.sampled_from([" ", "  ", "\n", " \n "]), min_size=name.count(" ")))
    words = name.split(" ")
    name = "".join(w + g for w, g in zip(words, [*gaps[: len(words) - 1], ""], strict=True))
    return draw(st.sampled_from(["", " ", "\n"])) + name + draw(st.sampled_from(["", " ", ":"]))


@st.composite
def sheet_headers_st(draw):
    columns = draw(st.permutations(COLUMNS))
    columns = columns[: draw(st.integers(1, len(columns)))]
    return [(draw(written_header_st(c)), c.field) for c in columns]


@settings(max_examples=200)
@given(sheet_headers_st())
def test_headers_however_written_find_their_fields(sheet):
    headers = [header for header, _ in sheet]
    assert match_headers(headers) == {i: field for i, (_, field) in enumerate(sheet)}


twelve_digits_st = st.from_regex(r"[0-9]{12}", fullmatch=True)


@given(twelve_digits_st)
def test_a_citizen_id_survives_excel_holding_it_as_a_number(digits):
    for value in (digits, int(digits), float(int(digits)), str(float(int(digits)))):
        assert parse_citizen_id(value) == digits


@given(st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True))
def test_a_phone_number_survives_excel_holding_it_as_a_number(digits):
    assert parse_phone(int(digits)) == digits
    assert parse_phone(float(int(digits))) == digits


@given(st.from_regex(r"[1-9][0-9]{5,14}", fullmatch=True))
def test_a_card_number_survives_excel_holding_it_as_a_number(digits):
    assert parse_party_card_number(int(digits)) == digits
    assert parse_party_card_number(float(int(digits))) == digits


def test_timedelta_serial_model_agrees_with_a_known_day():
    # The test's own serial() agrees with Excel's well-known value for 05/02/1980.
    assert serial(date(1980, 2, 5)) == 29256
    assert date(1899, 12, 30) + timedelta(days=29256) == date(1980, 2, 5)
