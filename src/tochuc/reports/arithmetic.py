"""Arithmetic checks on figures typed into report text: totals, their parts and percentages."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

from tochuc.core.formats import number

__all__ = ["Finding", "check_text", "parse_number"]


@dataclass(frozen=True)
class Finding:
    """One place where the figures in the text do not add up."""

    start: int  # offset of the excerpt in the text
    end: int
    quote: str  # the excerpt checked, text[start:end]
    stated: str  # what the text says, formatted Vietnamese ("278", "87,66%")
    computed: str  # what the parts give ("279", "87,65%")
    message: str  # one Vietnamese sentence naming both numbers
    # False when the figures only probably belong together (a "trong đó" list may be a subset
    # rather than a full breakdown): the message then asks for a check instead of asserting.
    certain: bool = True


# --- Numbers ---------------------------------------------------------------------------------

# Vietnamese format: "." groups thousands (always by 3), "," marks decimals. A dot followed by
# fewer or more than 3 digits ("11.1", "74.60") is not a Vietnamese number at all.
_NUMBER_RE = re.compile(r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?")

# Longer figures are codes or noise, not counts; keeping them out also keeps every sum well
# inside Decimal's precision, so quantize() in formats.number() cannot fail.
_MAX_DIGITS = 18


def parse_number(token: str) -> Decimal | None:
    """Read a Vietnamese number: "74.600" -> 74600, "87,65" -> 87.65; None if not a number."""
    if not isinstance(token, str):
        return None
    text = token.strip()
    if not _NUMBER_RE.fullmatch(text):
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _wrong_sum(total: _Tok, parts: list[_Tok]) -> tuple[str, str, str] | None:
    """None when the parts add up to the total; else the stated total, the computed sum (to
    the parts' decimals) and the parts, as the finding prints them."""
    computed = sum((p.value for p in parts), Decimal(0))
    if computed == total.value:
        return None
    places = max(_decimals(t.value) for t in [total, *parts])
    terms = " + ".join(number(p.value, _decimals(p.value)) for p in parts)
    return number(total.value, _decimals(total.value)), number(computed, places), terms


# --- Tokens ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num", "ratio", "word", "punct", "other"
    start: int
    end: int
    text: str  # words: NFC lower case; punctuation: the character ("\n" for a line break)
    value: Decimal = Decimal(0)  # num: the number; ratio: the numerator
    denom: Decimal = Decimal(0)  # ratio: the denominator
    percent: bool = False  # num written with "%"


# A "blob" is digits glued by . , / : - – —, so that dates (25/6/2020, 2-2-2008), times (15:21),
# terms (2021-2025) and document codes come out as one token that is then classified whole,
# instead of leaking numbers that look like totals or ratios.
_SCAN_RE = re.compile(
    r"(?P<blob>[0-9]+(?:[.,/:\-–—][0-9]+)*)"
    r"|(?P<word>(?:[^\W\d_]|[\u0300-\u036f])+)"
    r"|(?P<nl>\n)"
    r"|(?P<space>[^\S\n]+)"
    r"|(?P<punct>.)",
    re.DOTALL,
)
_GLUE = "-/–—."  # a blob glued by one of these to letters is part of a code: 22-NQ/TW, NQ/22


def _classify_blob(text: str, start: int, end: int) -> tuple[str, Decimal, Decimal]:
    blob = text[start:end]
    if sum(ch.isdigit() for ch in blob) > _MAX_DIGITS:
        return "other", Decimal(0), Decimal(0)
    before = text[start - 1] if start > 0 else ""
    before2 = text[start - 2] if start > 1 else ""
    after = text[end] if end < len(text) else ""
    after2 = text[end + 1] if end + 1 < len(text) else ""
    if before.isalnum() or after.isalnum():
        return "other", Decimal(0), Decimal(0)
    if (before and before in _GLUE and before2.isalnum()) or (
        after and after in _GLUE and after2.isalnum()
    ):
        return "other", Decimal(0), Decimal(0)
    pieces = blob.split("/")
    if len(pieces) == 2:
        # Exactly one slash: a candidate ratio. Three pieces (25/6/2020) is a date, never a ratio.
        a, b = parse_number(pieces[0]), parse_number(pieces[1])
        if a is not None and b is not None:
            return "ratio", a, b
        return "other", Decimal(0), Decimal(0)
    value = parse_number(blob)
    if value is None:
        return "other", Decimal(0), Decimal(0)
    return "num", value, Decimal(0)


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    length = len(text)
    while pos < length:
        match = _SCAN_RE.match(text, pos)
        if match is None:  # cannot happen ("." with DOTALL matches anything); never loop forever
            break
        kind = match.lastgroup or "punct"
        start, end = match.span()
        pos = end
        if kind == "space":
            continue
        if kind == "word":
            word = unicodedata.normalize("NFC", match.group()).lower()
            toks.append(_Tok("word", start, end, word))
        elif kind == "blob":
            blob_kind, value, denom = _classify_blob(text, start, end)
            percent = False
            # "87,65%" or "87,65 %": the sign belongs to the number.
            probe = end
            while probe < length and text[probe] in " \t\u00a0":
                probe += 1
            if probe < length and text[probe] == "%":
                if blob_kind == "num":
                    percent = True
                else:
                    blob_kind = "other"
                end = pos = probe + 1
            toks.append(_Tok(blob_kind, start, end, text[start:end], value, denom, percent))
        else:
            toks.append(_Tok("punct", start, end, match.group()))
    return toks


# --- Vocabulary ------------------------------------------------------------------------------

# A figure right after these is approximate ("hơn 74.600") or a date / an ordinal / a document
# number ("năm 2020", "số 22"), so it is never taken as an exact total.
_NOT_A_TOTAL_AFTER = frozenset(
    {
        "hơn",
        "khoảng",
        "gần",
        "trên",
        "dưới",
        "xấp",
        "xỉ",
        "hàng",
        "ngoài",
        "chừng",
        "ước",
        "từ",
        "đến",
        "tới",
        "năm",
        "ngày",
        "tháng",
        "quý",
        "khóa",
        "khoá",
        "lần",
        "thứ",
        "đợt",
        "kỳ",
        "kì",
        "số",
        "lúc",
    }
)
# A ratio right after these is a date ("ngày 25/6", "sáng nay 8/7"), not a share.
_NOT_A_RATIO_AFTER = frozenset(
    {
        "ngày",
        "hôm",
        "nay",
        "sáng",
        "chiều",
        "trưa",
        "tối",
        "đêm",
        "tháng",
        "năm",
        "từ",
        "đến",
        "tới",
        "lúc",
        "số",
        "khóa",
        "khoá",
    }
)
# Operators: a number next to one of these is part of a larger expression than a plain sum.
_OPERATORS = frozenset({"+", "-", "–", "—", "−", "*", "×", "/", "÷", "%", "=", "^"})
_SENTENCE_END = frozenset({".", "!", "?", "\n", "…"})
# What may introduce the percent of a ratio: "đạt 87,65%", "chiếm tỷ lệ 20%".
_LEADS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        {
            ("đạt",),
            ("chiếm",),
            ("bằng",),
            ("là",),
            ("tỷ", "lệ"),
            ("tỉ", "lệ"),
            ("đạt", "tỷ", "lệ"),
            ("đạt", "tỉ", "lệ"),
            ("chiếm", "tỷ", "lệ"),
            ("chiếm", "tỉ", "lệ"),
            ("tỷ", "lệ", "đạt"),
            ("tỉ", "lệ", "đạt"),
        },
        key=len,
        reverse=True,
    )
)
_MAX_TOTAL_WORDS = 6  # "278 trường hợp:", "567 tổ chức cơ sở đảng, gồm"
_MAX_PART_WORDS = 8
_MAX_RATIO_WORDS = 12
# The unit of a total checked against a "trong đó" list: "trường hợp", "đảng viên", "tổ chức cơ
# sở đảng" -- up to three Vietnamese words, counted here in syllables.
_MAX_UNIT_WORDS = 5
_MAX_SUBSET_LEAD_WORDS = 15  # words between a total and its "trong đó" in the same sentence
_MIN_SUBSET_PARTS = 3


def _is(tok: _Tok | None, kind: str, text: str | None = None) -> bool:
    return tok is not None and tok.kind == kind and (text is None or tok.text == text)


def _has_trong_do(words: list[str]) -> bool:
    # "trong đó" introduces a subset ("74.600 đảng viên, trong đó 20.000 nữ"), never a partition.
    return any(a == "trong" and b == "đó" for a, b in zip(words, words[1:], strict=False))


def _lead_suffix(words: list[str]) -> int:
    """Length of the lead phrase ("đạt", "chiếm tỷ lệ") that ends `words`, 0 if none."""
    for lead in _LEADS:
        if len(words) >= len(lead) and tuple(words[-len(lead) :]) == lead:
            return len(lead)
    return 0


class _Checker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokenize(text)
        self.findings: list[Finding] = []

    def tok(self, index: int) -> _Tok | None:
        return self.toks[index] if 0 <= index < len(self.toks) else None

    def words_from(self, k: int, most: int) -> tuple[list[str], int]:
        """The words from token k on (at most `most`), and the index after them."""
        words: list[str] = []
        while _is(self.tok(k), "word") and len(words) < most:
            words.append(self.toks[k].text)
            k += 1
        return words, k

    def plain_num(self, index: int) -> bool:
        tok = self.tok(index)
        return tok is not None and tok.kind == "num" and not tok.percent

    def can_be_total(self, index: int) -> bool:
        """A plain exact figure that is not glued to an expression, a date or an estimate."""
        if not self.plain_num(index):
            return False
        prev = self.tok(index - 1)
        if prev is None:
            return True
        if prev.kind in ("num", "ratio", "other"):
            return False  # "74 600" with a space, or a figure right after a code: ambiguous
        if prev.kind == "punct" and prev.text in _OPERATORS:
            return False
        if prev.kind == "word" and prev.text in _NOT_A_TOTAL_AFTER:
            # "tổng số 278" is a total; "Quyết định số 1755" is not.
            before = self.tok(index - 2)
            return prev.text == "số" and _is(before, "word", "tổng")
        return True

    def report(
        self,
        start: int,
        end: int,
        stated: str,
        computed: str,
        message: str,
        *,
        certain: bool = True,
    ) -> None:
        self.findings.append(
            Finding(start, end, self.text[start:end], stated, computed, message, certain)
        )

    def report_sum(self, total: _Tok, parts: list[_Tok], start: int, end: int) -> None:
        wrong = _wrong_sum(total, parts)
        if wrong:
            stated_text, computed_text, terms = wrong
            self.report(
                start,
                end,
                stated_text,
                computed_text,
                f"Tổng ghi {stated_text} nhưng các thành phần cộng lại được {computed_text} "
                f"({terms}).",
            )

    # 1. Explicit sums: "278 trường hợp: 104 + 102 + 62", "278 = 104 + 174", "104 + 174 = 278".
    def check_sums(self) -> None:
        index = 0
        while index < len(self.toks):
            if not self.plain_num(index) or _is(self.tok(index - 1), "punct", "+"):
                index += 1
                continue
            first = last = index
            while _is(self.tok(last + 1), "punct", "+") and self.plain_num(last + 2):
                last += 2
            if last == first:
                index += 1
                continue
            self.check_chain(first, last)
            index = last + 1

    def check_chain(self, first: int, last: int) -> None:
        parts = [self.toks[i] for i in range(first, last + 1, 2)]
        after = self.tok(last + 1)
        if after is not None and (
            after.kind in ("num", "ratio", "other")
            or (after.kind == "punct" and after.text in _OPERATORS and after.text != "=")
            or (after.kind == "word" and after.text == "x")
        ):
            return  # "104 + 102 - 6", "104 + 102 x 2": not a plain sum
        before = self.tok(first - 1)
        if before is not None and (
            before.kind in ("num", "ratio", "other")
            or (before.kind == "punct" and before.text in _OPERATORS and before.text != "=")
            or (before.kind == "word" and before.text == "x")
        ):
            return
        # Total on the left: "N <words>: a + b" (at least one word) or "N <words> = a + b".
        if before is not None and before.kind == "punct" and before.text in (":", "="):
            words: list[str] = []
            k = first - 2
            while _is(self.tok(k), "word") and len(words) <= _MAX_TOTAL_WORDS:
                words.insert(0, self.toks[k].text)
                k -= 1
            if (
                len(words) <= _MAX_TOTAL_WORDS
                and (words or before.text == "=")
                and not _has_trong_do(words)
                and self.can_be_total(k)
            ):
                total = self.toks[k]
                self.report_sum(total, parts, total.start, self.toks[last].end)
        # Total on the right: "a + b = N", unless N itself starts another expression.
        if _is(after, "punct", "="):
            k = last + 2
            nxt = self.tok(k + 1)
            if self.plain_num(k) and not (
                nxt is not None
                and (
                    nxt.kind in ("num", "ratio", "other")
                    or (nxt.kind == "punct" and nxt.text in _OPERATORS)
                    or (nxt.kind == "word" and nxt.text == "x")
                )
            ):
                total = self.toks[k]
                self.report_sum(total, parts, self.toks[first].start, total.end)

    # 2. Partitions: "803 TCCSĐ (406 đảng bộ và 397 chi bộ)", "567 tổ chức, gồm 300 ... và 267 ...".
    def check_partitions(self) -> None:
        for index in range(len(self.toks)):
            if self.can_be_total(index):
                self.check_partition(index)

    def check_partition(self, index: int) -> None:
        words: list[str] = []
        k = index + 1
        while _is(self.tok(k), "word") and self.toks[k].text not in ("gồm", "bao"):
            words.append(self.toks[k].text)
            k += 1
            if len(words) > _MAX_TOTAL_WORDS:
                return
        if not words or _has_trong_do(words):
            return
        if _is(self.tok(k), "punct", "("):
            k = self.skip_gom(k + 1, required=False)
            parsed = self.parse_parts(k, closing=")")
        else:
            if _is(self.tok(k), "punct", ","):
                k += 1
            if _is(self.tok(k), "word", "bao"):
                k += 1
            if not _is(self.tok(k), "word", "gồm"):
                return
            k = self.skip_gom(k, required=True)
            parsed = self.parse_parts(k, closing=None)
        if parsed is None:
            return
        parts, end = parsed
        total = self.toks[index]
        if any(part.value > total.value for part in parts):
            # "2 lớp (50 học viên và 30 học viên)": the parts count something else than the
            # total, so the parenthesis is a description, not a breakdown.
            return
        self.report_sum(total, parts, total.start, end)

    def skip_gom(self, k: int, *, required: bool) -> int:
        """Step over "gồm", "gồm có", "gồm:" (optional inside parentheses)."""
        if _is(self.tok(k), "word", "gồm"):
            k += 1
            if _is(self.tok(k), "word", "có"):
                k += 1
            if _is(self.tok(k), "punct", ":"):
                k += 1
        elif required:
            return -1
        return k

    def parse_parts(self, k: int, closing: str | None) -> tuple[list[_Tok], int] | None:
        """Parts "N words" joined by "," / ";" / "và"; None unless the list holds nothing else.

        closing=")" wants the list to end at the parenthesis. closing=None (a gồm-list) wants it
        to end the sentence, or to have been closed by "và" before a new clause starts with ","
        or ";": "gồm 300 đảng bộ và 267 chi bộ, trong đó ..." -- after "300 đảng bộ, 267 chi bộ,"
        more parts without figures may follow, so that list is left alone.
        """
        if k < 0:
            return None
        parts: list[_Tok] = []
        last_sep = ""
        while True:
            if not self.plain_num(k):
                return None
            parts.append(self.toks[k])
            k += 1
            count = 0
            while _is(self.tok(k), "word"):
                word = self.toks[k].text
                if word == "và":
                    if self.plain_num(k + 1):
                        break
                    return None  # "397 chi bộ và các tổ chức khác": a part without a figure
                count += 1
                k += 1
                if count > _MAX_PART_WORDS:
                    return None
            if count == 0:
                return None
            end = self.toks[k - 1].end
            tok = self.tok(k)
            if tok is None:
                return (parts, end) if closing is None and len(parts) >= 2 else None
            if tok.kind == "word":  # "và" before the next part
                last_sep = "và"
                k += 1
                continue
            if tok.kind != "punct":
                return None
            if tok.text in (",", ";"):
                if self.plain_num(k + 1):
                    last_sep = tok.text
                    k += 1
                    continue
                if _is(self.tok(k + 1), "word", "và") and self.plain_num(k + 2):
                    last_sep = "và"
                    k += 2
                    continue
                if closing is None and last_sep == "và" and len(parts) >= 2:
                    return parts, end
                return None
            if closing is not None:
                if tok.text == closing and len(parts) >= 2:
                    return parts, tok.end
                return None
            if tok.text in _SENTENCE_END and len(parts) >= 2:
                return parts, end
            if tok.text == ")" and last_sep == "và" and len(parts) >= 2:
                return parts, end
            return None

    # 3. Ratios with a percent: "497/567 tổ chức cơ sở đảng đã tổ chức đại hội (đạt 87,65%)".
    def check_ratios(self) -> None:
        for index, tok in enumerate(self.toks):
            if tok.kind == "ratio":
                self.check_ratio(index)

    def check_ratio(self, index: int) -> None:
        ratio = self.toks[index]
        prev = self.tok(index - 1)
        if prev is not None and prev.kind == "word" and prev.text in _NOT_A_RATIO_AFTER:
            return
        if ratio.denom == 0:
            return
        words, k = self.words_from(index + 1, _MAX_RATIO_WORDS + 4)
        lead = 0
        comma = paren = False
        if _is(self.tok(k), "punct", ","):
            # "a/b ..., đạt p%": after the comma only a lead may come before the percent.
            comma = True
            after_comma, k = self.words_from(k + 1, 4)
            if not after_comma or _lead_suffix(after_comma) != len(after_comma):
                return
        if _is(self.tok(k), "punct", "("):
            paren = True
            inside, k = self.words_from(k + 1, 4)
            if inside and _lead_suffix(inside) != len(inside):
                return
        if not comma and not paren:
            if _is(self.tok(k), "punct", "="):
                k += 1  # "a/b = p%" needs no lead word
            else:
                # The percent must be introduced ("đạt", "chiếm"): "tăng 5%" is another figure.
                lead = _lead_suffix(words)
                if lead == 0:
                    return
        if len(words) - lead > _MAX_RATIO_WORDS:
            return
        pct = self.tok(k)
        if pct is None or pct.kind != "num" or not pct.percent:
            return
        nxt = self.tok(k + 1)
        if paren:
            if not _is(nxt, "punct", ")"):
                return
            end = nxt.end if nxt is not None else pct.end
        else:
            if nxt is not None and not (
                nxt.kind == "punct" and (nxt.text in _SENTENCE_END or nxt.text in ",;)")
            ):
                return  # "đạt 90% kế hoạch": a percent of something else
            end = pct.end
        self.report_ratio(ratio, pct, end)

    def report_ratio(self, ratio: _Tok, pct: _Tok, end: int) -> None:
        places = _decimals(pct.value)
        quantum = Decimal(1).scaleb(-places)
        exact = ratio.value * 100 / ratio.denom
        rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
        # Writers who cut the digits off (2/3 -> 66,66%) are not wrong enough to be flagged.
        truncated = exact.quantize(quantum, rounding=ROUND_DOWN)
        if pct.value in (rounded, truncated):
            return
        stated_text = number(pct.value, places) + "%"
        computed_text = number(rounded, places) + "%"
        fraction = (
            f"{number(ratio.value, _decimals(ratio.value))}/"
            f"{number(ratio.denom, _decimals(ratio.denom))}"
        )
        self.report(
            ratio.start,
            end,
            stated_text,
            computed_text,
            f"Tỷ lệ ghi {stated_text} nhưng {fraction} tính ra được {computed_text}.",
        )

    # 4. "trong đó" lists that look complete: "278 trường hợp. Trong đó, có 104 trường hợp ...;
    # 102 trường hợp ...; ...; hiệp y bổ nhiệm cán bộ 4 trường hợp." Such a list may be a subset
    # ("74.600 đảng viên, trong đó 20.000 nữ"), so it is only taken up when it has at least three
    # parts, each counting exactly one figure of the total's own unit, and runs to the end of the
    # sentence; a mismatch is then reported as uncertain, to be checked by a person.
    def check_subsets(self) -> None:
        for index in range(len(self.toks)):
            if self.can_be_total(index):
                self.check_subset(index)

    def at_trong_do(self, k: int) -> bool:
        return _is(self.tok(k), "word", "trong") and _is(self.tok(k + 1), "word", "đó")

    def check_subset(self, index: int) -> None:
        unit: list[str] = []
        k = index + 1
        while _is(self.tok(k), "word") and not self.at_trong_do(k):
            unit.append(self.toks[k].text)
            k += 1
        if not unit or len(unit) > _MAX_SUBSET_LEAD_WORDS:
            return
        k = self.find_trong_do(k, len(unit))
        if k < 0:
            return
        paren = _is(self.tok(k - 1), "punct", "(")
        k += 2  # "trong đó"
        if _is(self.tok(k), "punct", ","):
            k += 1
        if _is(self.tok(k), "word", "có"):
            k += 1
        if _is(self.tok(k), "punct", ":"):
            k += 1
        segments = self.split_subset_list(k, paren=paren)
        if segments is None or len(segments) < _MIN_SUBSET_PARTS:
            return
        counts: list[int] = []
        for first, stop in segments:
            found = [j for j in range(first, stop) if self.can_be_total(j)]
            if len(found) != 1:
                return
            counts.append(found[0])
        size = self.shared_unit(unit, counts)
        if size == 0 or any(self.unit_repeated(seg, unit[:size]) for seg in segments):
            return
        total = self.toks[index]
        wrong = _wrong_sum(total, [self.toks[j] for j in counts])
        if not wrong:
            return
        stated_text, computed_text, terms = wrong
        unit_text = self.text[self.toks[index + 1].start : self.toks[index + size].end]
        end = self.toks[segments[-1][1] - 1].end
        self.report(
            total.start,
            end,
            stated_text,
            computed_text,
            f"Cần xem lại: tổng ghi {stated_text} {unit_text} nhưng các phần kể sau «trong đó» "
            f"cộng lại được {computed_text} ({terms}); nếu đó là danh sách đầy đủ thì có số sai.",
            certain=False,
        )

    def find_trong_do(self, k: int, words: int) -> int:
        """Index of the "trong" that follows a total: in its sentence, or opening the next one."""
        while True:
            tok = self.tok(k)
            if tok is None:
                return -1
            if self.at_trong_do(k):
                return k
            if tok.kind == "word":
                words += 1
                if words > _MAX_SUBSET_LEAD_WORDS:
                    return -1
            elif tok.kind != "punct":
                return -1  # another figure comes first: "trong đó" would belong to it
            elif tok.text == "(":
                return k + 1 if self.at_trong_do(k + 1) else -1
            elif tok.text in _SENTENCE_END:
                while _is(self.tok(k + 1), "punct") and self.toks[k + 1].text in _SENTENCE_END:
                    k += 1
                return k + 1 if self.at_trong_do(k + 1) else -1
            elif tok.text not in ",;:-–":
                return -1
            k += 1

    def split_subset_list(self, k: int, *, paren: bool) -> list[tuple[int, int]] | None:
        """Token ranges of the parts separated by "," / ";", up to the end of the sentence (or
        the closing parenthesis of "(trong đó ...)"); None if the list does not end there."""
        segments: list[tuple[int, int]] = []
        first = k
        depth = 0
        while True:
            tok = self.tok(k)
            if tok is None:
                if paren or depth:
                    return None
                break
            if tok.kind == "ratio":
                return None
            if tok.kind == "punct":
                if tok.text == "(":
                    depth += 1
                elif tok.text == ")":
                    if depth == 0:
                        if not paren:
                            return None
                        break
                    depth -= 1
                elif tok.text in _SENTENCE_END:
                    if paren or depth:
                        return None
                    break
                elif tok.text in ",;" and depth == 0:
                    if k == first:
                        return None
                    segments.append((first, k))
                    first = k + 1
            k += 1
        if k == first:
            return None
        segments.append((first, k))
        return segments

    def shared_unit(self, unit: list[str], counts: list[int]) -> int:
        """Length of the longest start of `unit` right after every count; 0 if there is none.

        At least two syllables are wanted when the total has them, so that "cán" alone does not
        make "cán bộ" and "cán sự" the same unit.
        """
        longest = min(len(unit), _MAX_UNIT_WORDS)
        for size in range(longest, min(longest, 2) - 1, -1):
            wanted = unit[:size]
            if all(self.unit_at(j + 1, wanted) for j in counts):
                return size
        return 0

    def unit_at(self, k: int, unit: list[str]) -> bool:
        return all(_is(self.tok(k + i), "word", word) for i, word in enumerate(unit))

    def unit_repeated(self, segment: tuple[int, int], unit: list[str]) -> bool:
        """Whether the unit comes twice in a part: "62 trường hợp và các trường hợp khác"."""
        first, stop = segment
        return sum(self.unit_at(k, unit) for k in range(first, stop - len(unit) + 1)) > 1

    def run(self) -> list[Finding]:
        self.check_sums()
        self.check_partitions()
        self.check_ratios()
        self.check_subsets()
        unique = {(f.start, f.end, f.stated, f.computed): f for f in self.findings}
        return [unique[key] for key in sorted(unique)]


def check_text(text: str) -> list[Finding]:
    """Figures in `text` that do not add up, in order of position; never raises on a str."""
    if not isinstance(text, str) or not text:
        return []
    # Figures are capped at _MAX_DIGITS digits, so a generous precision keeps every operation
    # exact enough and quantize() valid; the context is local so callers are not affected.
    with localcontext() as context:
        context.prec = 60
        try:
            return _Checker(text).run()
        except ArithmeticError:  # pragma: no cover - unreachable with capped figures; a check
            return []  # that cannot be computed must not take the report page down with it
