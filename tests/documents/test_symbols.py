"""The parser of document references: symbols, dates and references in free text, in the
spellings users paste (hypothesis)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.documents.symbols import (
    TYPE_WORDS,
    find_references,
    normalize_symbol,
    parse_date,
    parse_symbol,
)

CODES = ["NQ", "QĐ", "CT", "KL", "HD", "KH", "CV", "BS", "TB", "BC", "TTr", "CTr", "QC", "TT"]
CODES += ["BB", "ĐA"]
ISSUERS = ["TW", "VPTW", "BTCTW", "UBKTTW", "TU", "VPTU", "BTCTU", "UBKTTU", "HU", "ĐU"]
ISSUERS += ["BTCĐU", "TCTW", "ĐU-KCQ"]

numbers = st.integers(1, 99999)
spaces = st.sampled_from(["", " ", "  "])
# Word's autocorrect turns " - " into an en dash; people paste that too.
dashes = st.sampled_from(["-", "-", "–"])
cases = st.sampled_from([str, str.upper, str.lower])
prefixes = st.sampled_from(["", "Số ", "số ", "SỐ ", "Số  ", "Số: ", "Số:", " "])


@st.composite
def symbols(draw):
    """(a spelling of a well-formed symbol, the registry's text of it)."""
    number, code, issuer = (
        draw(numbers),
        draw(st.sampled_from(CODES)),
        draw(st.sampled_from(ISSUERS)),
    )
    digits = str(number).zfill(draw(st.integers(1, 5)))
    case = draw(cases)
    dash = draw(dashes)
    spelled = (
        draw(prefixes)
        + digits
        + draw(spaces)
        + dash
        + draw(spaces)
        + case(code)
        + draw(spaces)
        + "/"
        + draw(spaces)
        + case(issuer)
        + draw(spaces)
    )
    return spelled, f"{number:02d}-{code}/{issuer}"


@given(symbols())
def test_every_spelling_of_a_symbol_reads_the_same(case):
    spelled, text = case
    symbol = parse_symbol(spelled)
    assert symbol is not None, spelled
    assert symbol.text == text
    assert normalize_symbol(spelled) == text
    assert parse_symbol(text) == symbol  # the registry's text reads back to itself


@pytest.mark.parametrize(
    "text",
    [
        "",
        "NQ/TU",  # no number
        "-NQ/TU",
        "Số NQ/TU",
        "0-NQ/TU",  # number 0
        "00-NQ/TU",
        "Số 000 - QĐ/TU",
        "74-/TU",  # letters missing
        "74-NQ/",
        "74-NQ",
        "74/TU",
        "74NQ/TU",
        "1234/QĐ-UBND",  # the state's style, not the Party's
        "15/2020/NĐ-CP",
        "123456-NQ/TU",  # six digits
        "74-NQ/TU/X",
        "74-N1/TU",
        "số",
        "COVID-19",
        "2021-2025",
    ],
)
def test_malformed_symbols_are_none(text):
    assert parse_symbol(text) is None


@given(st.text())
def test_any_text_as_a_symbol_never_raises(text):
    symbol = parse_symbol(text)
    if symbol is not None:
        assert symbol.number > 0
        assert parse_symbol(symbol.text) == symbol
    assert isinstance(normalize_symbol(text), str)


@given(st.sampled_from(["", "Số "]), st.sampled_from(CODES), st.sampled_from(ISSUERS))
def test_number_zero_is_no_symbol(prefix, code, issuer):
    assert parse_symbol(f"{prefix}0-{code}/{issuer}") is None
    assert parse_symbol(f"{prefix}{code}/{issuer}") is None


def _pad(value: int, padded: bool) -> str:
    return f"{value:02d}" if padded else str(value)


date_styles = st.sampled_from(["-", "/", ".", "words", "Words"])


def spell_date(day: date, style: str, pad_day: bool, pad_month: bool) -> str:
    d, m = _pad(day.day, pad_day), _pad(day.month, pad_month)
    if style == "words":
        return f"ngày {d} tháng {m} năm {day.year}"
    if style == "Words":
        return f"Ngày {d} tháng {m} năm {day.year}"
    return f"{d}{style}{m}{style}{day.year}"


@given(st.dates(date(1930, 1, 1), date(2100, 12, 31)), date_styles, st.booleans(), st.booleans())
def test_dates_in_the_seeds_styles(day, style, pad_day, pad_month):
    assert parse_date(spell_date(day, style, pad_day, pad_month)) == day


@pytest.mark.parametrize(
    "text,expected",
    [
        ("10-5-2016", date(2016, 5, 10)),
        ("10/5/2016", date(2016, 5, 10)),
        ("10.5.2016", date(2016, 5, 10)),
        ("ngày 10 tháng 5 năm 2016", date(2016, 5, 10)),
        ("ngày 02 tháng 02 năm 2008", date(2008, 2, 2)),
        ("05/01/2020", date(2020, 1, 5)),
        ("29-2-2016", date(2016, 2, 29)),
    ],
)
def test_dates_of_the_seeds(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31-2-2016",
        "30/2/2016",
        "29-2-2015",
        "31-4-2016",
        "32-1-2016",
        "0-5-2016",
        "10-13-2016",
        "10-0-2016",
        "ngày 31 tháng 2 năm 2016",
        "10-5-16",
        "10-5",
        "2016-05-10",
        "tháng 5 năm 2016",
        "",
    ],
)
def test_impossible_or_partial_dates_are_none(text):
    assert parse_date(text) is None


@given(st.text())
def test_any_text_as_a_date_never_raises(text):
    parse_date(text)


# Words of a report with no reference in them: the filler of the texts below.
_REPORT = (
    "Đảng bộ tỉnh đã lãnh đạo chỉ đạo các cấp ủy triển khai thực hiện nghiêm túc đạt kết quả "
    "quan trọng nâng cao chất lượng tổ chức cơ sở đảng và đảng viên trong giai đoạn mới xã "
    "phường thị trấn chi bộ thôn bản tổ dân phố đồng chí bí thư phó bí thư cấp ủy viên đại hội "
    "nhiệm kỳ kết nạp đảng viên mới ngày năm tỷ lệ đạt trên so với cùng kỳ"
)
WORDS = _REPORT.split()
NOISE = [
    "COVID-19",
    "2021-2025",
    "giai đoạn 2016-2020",
    "0912-345-678",
    "0203.3852.111",
    "3/4",
    "1/2",
    "24/7",
    "87,65%",
    "74.600",
    "1234/QĐ-UBND",
    "15/2020/NĐ-CP",
    "ISO 9001:2015",
    "F0-F1",
    "10-5-2016",
    "ngày 2 tháng 9",
    "Số 5",
    "số liệu",
    "km/h",
    "(2)",
    "khóa XIII",
]
fillers = st.one_of(st.sampled_from(WORDS), st.sampled_from(NOISE), st.integers(0, 10**6).map(str))


@given(
    st.lists(
        st.one_of(fillers, st.sampled_from(TYPE_WORDS), st.sampled_from(["số", "Số", "theo"])),
        max_size=60,
    ),
    st.sampled_from([" ", ", ", ". ", "\n"]),
)
def test_no_reference_in_text_without_any(words, separator):
    assert find_references(separator.join(words)) == []


@st.composite
def planted(draw):
    """(the words of a reference, its type, symbol text, date)."""
    number, code, issuer = (
        draw(numbers),
        draw(st.sampled_from(CODES)),
        draw(st.sampled_from(ISSUERS)),
    )
    type_name = draw(st.sampled_from(("",) + TYPE_WORDS))
    case = draw(st.sampled_from([str, str.lower, str.upper]))
    words = []
    if type_name:
        words.append(case(type_name))
    words.append(draw(st.sampled_from(["", "số ", "Số "])) + f"{number}-{code}/{issuer}")
    day = draw(st.none() | st.dates(date(1930, 1, 1), date(2100, 12, 31)))
    if day is not None:
        style = draw(date_styles)
        spelled = spell_date(day, style, draw(st.booleans()), draw(st.booleans()))
        if style in "-/.":
            spelled = "ngày " + spelled
        words.append(draw(st.sampled_from(["", ","])) + spelled.lower())
    return " ".join(words), type_name, f"{number:02d}-{code}/{issuer}", day


@given(st.lists(st.tuples(st.lists(st.sampled_from(WORDS), max_size=6), planted()), max_size=6))
def test_every_planted_reference_is_found_with_its_date_and_type(parts):
    pieces, expected = [], []
    for filler, (words, type_name, symbol, day) in parts:
        pieces += filler
        pieces.append(words)
        expected.append((type_name, symbol, day, words))
    text = " ".join(pieces) + " về công tác tổ chức."
    found = find_references(text)
    assert [(r.type_name, r.symbol, r.issued_on, r.text) for r in found] == expected
    for reference in found:
        assert text[reference.start : reference.end] == reference.text


def test_references_of_the_seeds():
    text = (
        "Thực hiện Nghị quyết số 22-NQ/TW ngày 2-2-2008 của Bộ Chính trị, Kế hoạch số "
        "48-KH/TU ngày 28-4-2008; Hướng dẫn số 08-HD/BTCTU cụ thể hóa Hướng dẫn số "
        "12-HD/BTCTW ngày 06/7/2018, khen thưởng theo Quyết định 1755-QĐ/TU."
    )
    found = [(r.type_name, r.symbol, r.issued_on) for r in find_references(text)]
    assert found == [
        ("Nghị quyết", "22-NQ/TW", date(2008, 2, 2)),
        ("Kế hoạch", "48-KH/TU", date(2008, 4, 28)),
        ("Hướng dẫn", "08-HD/BTCTU", None),
        ("Hướng dẫn", "12-HD/BTCTW", date(2018, 7, 6)),
        ("Quyết định", "1755-QĐ/TU", None),
    ]


@pytest.mark.parametrize(
    "text,symbol,day",
    [
        ("Nghị quyết số 22-NQ/TW ngày 31-2-2008", "22-NQ/TW", None),  # no such day
        ("Nghị quyết số 22-NQ/TW ngày 2-2-20081", "22-NQ/TW", None),
        ("(74-NQ/TU)", "74-NQ/TU", None),
        ("Quyết định số 321 – QĐ/TU ngày 05/3/2025", "321-QĐ/TU", date(2025, 3, 5)),
    ],
)
def test_references_edges(text, symbol, day):
    [reference] = find_references(text)
    assert (reference.symbol, reference.issued_on) == (symbol, day)


@pytest.mark.parametrize("text", ["1.234-NQ/TU", "A-12-NQ/TU", "x12-NQ/TU", "22-NQ/TW10-5-2016"])
def test_no_reference_glued_to_other_characters(text):
    assert find_references(text) == []


@given(st.text())
def test_any_text_never_raises(text):
    for reference in find_references(text):
        assert parse_symbol(reference.symbol) is not None
