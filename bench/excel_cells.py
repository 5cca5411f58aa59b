"""What keeping text as text costs a large export: xlsx_write of N rows shaped like the member
list (20 columns: texts, dates, numbers, blanks; a few texts starting with - or =), against
the same rows written raw as before (#23), which openpyxl turned into formulas.

    PYTHONPATH=src python bench/excel_cells.py [rows]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import timeit
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from tochuc.core.excel import cells, xlsx_write


def _rows(n: int):
    for i in range(n):
        yield [
            f"Chi bộ {i % 300} (CB{i % 300})",
            f"Nguyễn Văn {i}",
            "",
            "Nam",
            date(1980, 1 + i % 12, 1 + i % 28),
            "Hà Nội",
            "Nam Định",
            "Kinh",
            "Không",
            f"0010{i:08d}",
            f"51{i:06d}",
            date(2010, 5, 19),
            None,
            date(2011, 5, 19),
            "Chính thức",
            "- Kỹ sư" if i % 50 == 0 else "=1+1" if i % 997 == 0 else "Giáo viên",
            "Đại học",
            "Trung cấp",
            "Không",
            f"09{i:08d}",
        ]


def _raw_row(sheet, row) -> list:
    """A row as the writer before #23 made it: values as they come, dates formatted."""
    out_row = []
    for v in row:
        if isinstance(v, date):
            v = WriteOnlyCell(sheet, v)
            v.number_format = "DD/MM/YYYY"
        out_row.append(v)
    return out_row


def _raw(out, rows) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    for row in rows:
        sheet.append(_raw_row(sheet, row))
    book.save(out)


def _per_row(make) -> float:
    """Microseconds to prepare one row (the part the rule changes), best of 5."""
    sheet = Workbook(write_only=True).create_sheet("x")
    rows = list(_rows(2000))
    best = min(timeit.repeat(lambda: [make(sheet, r) for r in rows], number=5, repeat=5))
    return best / 5 / len(rows) * 1e6


def _time(write, n: int) -> float:
    runs = []
    for _ in range(3):
        with tempfile.TemporaryFile() as out:
            start = time.process_time()
            write(out, _rows(n))
            runs.append(time.process_time() - start)
    return statistics.median(runs)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    before = _time(_raw, n)
    after = _time(lambda out, rows: xlsx_write(out, title="x", headers=["h"] * 20, rows=rows), n)
    print(
        f"{n} rows x 20 columns: raw {before:.2f} s, cells() {after:.2f} s ({after / before:.2f}x)"
    )
    print(f"one row prepared: raw {_per_row(_raw_row):.1f} us, cells() {_per_row(cells):.1f} us")


if __name__ == "__main__":
    main()
