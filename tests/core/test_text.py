"""Vietnamese text: stored names, accent-free search, official sort order."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tochuc.core.text import (
    clean,
    collation_key,
    person_sort_key,
    search_key,
    sort_vietnamese,
    split_name,
)

# --- A model of Vietnamese letters: (plain ASCII letter, letter mark, tone) ---------------
# Built independently of the code under test, so the accent-free form is known by
# construction and the alphabet order is the one users learn at school.

ALPHABET = list(unicodedata.normalize("NFC", "aăâbcdđeêghiklmnoôơpqrstuưvxy"))
PLAIN = {"ă": "a", "â": "a", "đ": "d", "ê": "e", "ô": "o", "ơ": "o", "ư": "u"}
VOWELS = set("aăâeêioôơuưy")
# none, huyền, hỏi, ngã, sắc, nặng: the order of tones in sorted lists.
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]

letter_st = st.sampled_from(
    [(base, tone) for base in ALPHABET for tone in range(len(TONES) if base in VOWELS else 1)]
)
# A word is a list of (letter, tone index); Vietnamese puts at most one tone on a syllable
# but the sort order must hold for any sequence, so the model allows several.
word_st = st.lists(letter_st, min_size=1, max_size=7)


def spell(word, upper_first: bool = False) -> str:
    text = "".join(unicodedata.normalize("NFC", base + TONES[tone]) for base, tone in word)
    return text[:1].upper() + text[1:] if upper_first else text


def plain(word) -> str:
    return "".join(PLAIN.get(base, base) for base, _ in word)


def primary(word) -> tuple:
    return tuple(ALPHABET.index(base) for base, _ in word)


def tones(word) -> tuple:
    return tuple(tone for _, tone in word)


name_words_st = st.lists(word_st, min_size=1, max_size=5)
vietnamese_text_st = name_words_st.map(lambda words: " ".join(spell(w, True) for w in words))
ASCII_KEY = set("abcdefghijklmnopqrstuvwxyz0123456789 ")


# --- clean -------------------------------------------------------------------------------


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_clean_is_idempotent_nfc_and_single_spaced(value):
    cleaned = clean(value)
    assert clean(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned


def test_clean_composes_and_trims_what_users_paste():
    typed_on_a_mac = unicodedata.normalize("NFD", "Nguyễn Văn Ân")
    assert typed_on_a_mac != "Nguyễn Văn Ân"
    assert clean(f"  {typed_on_a_mac}\t\n") == "Nguyễn Văn Ân"
    assert clean("Nguyễn   Văn\u00a0An") == "Nguyễn Văn An"
    assert clean(None) == ""
    assert clean("   ") == ""


# --- search_key --------------------------------------------------------------------------


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_search_key_is_idempotent_ascii_lower_case(value):
    key = search_key(value)
    assert search_key(key) == key
    assert set(key) <= ASCII_KEY
    assert key == key.strip()
    assert "  " not in key


@given(name_words_st, st.data())
@settings(max_examples=300, deadline=None)
def test_search_key_ignores_accents_case_and_normal_form(words, data):
    accented = " ".join(spell(w, upper_first=data.draw(st.booleans())) for w in words)
    expected = " ".join(plain(w) for w in words)
    assert search_key(accented) == expected
    assert search_key(expected) == expected
    assert search_key(accented.upper()) == expected
    assert search_key(accented.lower()) == expected
    assert search_key(unicodedata.normalize("NFD", accented)) == expected
    assert search_key(f"  {accented}  ") == expected


def test_search_key_maps_d_stroke_to_d():
    assert search_key("Đặng Thị Ánh") == "dang thi anh"
    assert search_key("đ") == search_key("Đ") == "d"
    assert search_key("ĐẢNG BỘ TỈNH ĐIỆN BIÊN") == "dang bo tinh dien bien"


def test_accent_free_typing_finds_the_name():
    assert search_key("nguyen van an") == search_key("Nguyễn Văn An")
    assert search_key("nguyen van an") in search_key("Đảng viên Nguyễn Văn An")
    assert search_key("cao bang") in search_key("Đảng bộ tỉnh Cao Bằng")
    # the marks that make ă, â, ê, ô, ơ, ư letters of their own are dropped as well
    assert search_key("Ân") == search_key("an")


def test_search_key_of_names_with_apostrophes():
    # "H'Hen Niê" is found whether the apostrophe is typed or not, straight or curly.
    key = search_key("H'Hen Niê")
    assert search_key("hhen") in key
    assert search_key("h'hen") in key
    assert search_key("H’Hen Niê") == key
    assert search_key("hhen nie") == key
    assert search_key("ksor h'nhi") == search_key("Ksor H’Nhí")
    assert search_key("Bru-Vân Kiều") == "bru van kieu"


# --- collation ---------------------------------------------------------------------------


def test_vietnamese_alphabet_order():
    names = ["Đức", "Dương", "Duy", "Dũng", "Ba", "Ân", "Ăn", "Ánh", "An"]
    expected = ["An", "Ánh", "Ăn", "Ân", "Ba", "Dũng", "Duy", "Dương", "Đức"]
    assert sorted(names, key=collation_key) == expected
    assert sort_vietnamese(reversed(expected)) == expected


def test_letters_and_tones_order():
    assert sort_vietnamese(["ạ", "á", "ã", "ả", "à", "a"]) == ["a", "à", "ả", "ã", "á", "ạ"]
    letters = list(reversed(ALPHABET))
    assert sort_vietnamese(letters) == ALPHABET
    assert sort_vietnamese([x.upper() for x in letters]) == [x.upper() for x in ALPHABET]


def test_sort_vietnamese_with_a_key():
    rows = [{"name": "Đức"}, {"name": "Dương"}, {"name": "An"}]
    assert [r["name"] for r in sort_vietnamese(rows, key=lambda r: r["name"])] == [
        "An",
        "Dương",
        "Đức",
    ]


@given(word_st, word_st)
@settings(max_examples=300, deadline=None)
def test_collation_follows_letters_first_then_tones(a, b):
    # Letters decide (a < ă < â < b ... d < đ ...); only when the letters are the same
    # do the tones decide, from the left, in the order none, huyền, hỏi, ngã, sắc, nặng.
    assume((primary(a), tones(a)) != (primary(b), tones(b)))
    ka, kb = collation_key(spell(a)), collation_key(spell(b))
    assert (ka < kb) == ((primary(a), tones(a)) < (primary(b), tones(b)))


@given(vietnamese_text_st)
@settings(deadline=None)
def test_collation_key_does_not_depend_on_normal_form_or_spacing(text):
    assert collation_key(unicodedata.normalize("NFD", text)) == collation_key(text)
    assert collation_key(f" {text.replace(' ', '  ')} ") == collation_key(text)


# --- names and the order of official lists ----------------------------------------------


def test_split_name():
    assert split_name("Nguyễn Văn An") == ("Nguyễn", "Văn", "An")
    assert split_name("  Tôn Nữ Thị   Ngọc Lan ") == ("Tôn", "Nữ Thị Ngọc", "Lan")
    assert split_name("Lê Lai") == ("Lê", "", "Lai")
    assert split_name("Y Ngông Niê Kdăm") == ("Y", "Ngông Niê", "Kdăm")
    assert split_name("H'Hen Niê") == ("H'Hen", "", "Niê")
    assert split_name("Ksor H'Nhí") == ("Ksor", "", "H'Nhí")


def _ordered(people):
    return [p[0] for p in sorted(people, key=lambda p: person_sort_key(p[0], p[1]))]


def test_official_list_order():
    born = date(1985, 1, 1)
    # given name first
    assert _ordered([("Nguyễn Văn Bình", born), ("Trần Văn An", born)]) == [
        "Trần Văn An",
        "Nguyễn Văn Bình",
    ]
    # then family name
    assert _ordered([("Nguyễn Văn An", born), ("Lê Văn An", born)]) == [
        "Lê Văn An",
        "Nguyễn Văn An",
    ]
    # then middle name
    assert _ordered([("Nguyễn Văn An", born), ("Nguyễn Thị An", born)]) == [
        "Nguyễn Thị An",
        "Nguyễn Văn An",
    ]
    # then the earlier birth date
    people = [("Nguyễn Văn An", date(1990, 6, 1)), ("Nguyễn Văn An", date(1980, 6, 1))]
    assert [p[1] for p in sorted(people, key=lambda p: person_sort_key(*p))] == [
        date(1980, 6, 1),
        date(1990, 6, 1),
    ]
    # Vietnamese letters and tones inside given names
    assert _ordered(
        [
            ("Vũ Đức", born),
            ("Lê Dương", born),
            ("Hà Duy", born),
            ("Mai Ân", born),
            ("Phạm Ánh", born),
            ("Tô An", born),
            ("Đỗ Ăn", born),
            ("Lý Dũng", born),
        ]
    ) == ["Tô An", "Phạm Ánh", "Đỗ Ăn", "Mai Ân", "Lý Dũng", "Hà Duy", "Lê Dương", "Vũ Đức"]
    # a given name that is a prefix of another comes first, whatever the family name
    assert _ordered([("Âu Anh", born), ("Vũ An", born)]) == ["Vũ An", "Âu Anh"]


def test_person_sort_key_is_ascii_and_unknown_birth_date_goes_last():
    key = person_sort_key("Nguyễn Văn An", date(1980, 1, 1))
    assert key.isascii()
    assert key.endswith("19800101")
    assert person_sort_key("Nguyễn Văn An", None) > person_sort_key(
        "Nguyễn Văn An", date(2099, 12, 31)
    )


def test_names_with_apostrophes_sort_and_split():
    born = date(1990, 1, 1)
    names = ["Ksor H'Nhí", "H'Hen Niê", "Y Ngông Niê Kdăm", "Nguyễn Văn An"]
    # given names: An < H'Nhí < Kdăm < Niê
    assert _ordered([(n, born) for n in names]) == [
        "Nguyễn Văn An",
        "Ksor H'Nhí",
        "Y Ngông Niê Kdăm",
        "H'Hen Niê",
    ]


person_st = st.tuples(
    st.lists(word_st, min_size=0, max_size=3).map(lambda ws: [spell(w, True) for w in ws]),
    word_st.map(lambda w: spell(w, True)),
    word_st.map(lambda w: spell(w, True)),
    st.dates(date(1900, 1, 1), date(2099, 12, 31)),
)


@given(person_st, person_st)
@settings(max_examples=200, deadline=None)
def test_person_sort_key_orders_like_given_family_middle_birth(p, q):
    def full_name(person):
        middle, family, given_, _ = person
        return " ".join([family, *middle, given_])

    def expected(person):
        middle, family, given_, born = person
        return (
            collation_key(given_),
            collation_key(family),
            collation_key(" ".join(middle)),
            born,
        )

    kp = person_sort_key(full_name(p), p[3])
    kq = person_sort_key(full_name(q), q[3])
    assert (kp < kq) == (expected(p) < expected(q))
    assert (kp == kq) == (expected(p) == expected(q))
