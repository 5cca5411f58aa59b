"""Time to the first byte and in all of a member list's .xlsx download (issue #16): the writer
of before (openpyxl's write-only workbook into a temporary file, answered once written, so
its first byte is its last) against `core.excel.xlsx_chunks` (bytes given out as the rows are
written), on N rows shaped like the member list (bench/excel_cells.py's rows), and the peak
memory of each, in a child process of its own.

    PYTHONPATH=src:. python bench/export_stream.py [rows]      # 150000 by default
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time

from bench.excel_cells import _rows


def _before(n: int) -> tuple[float, float, int]:
    from openpyxl import Workbook

    from tochuc.core.excel import cells

    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(["Danh sách đảng viên"])
    sheet.append([])
    sheet.append([f"Cột {i}" for i in range(20)])
    for row in _rows(n):
        sheet.append(cells(sheet, row))
    with tempfile.TemporaryFile() as out:
        book.save(out)
        size = out.tell()
        first = time.perf_counter() - start  # the response starts only now
        out.seek(0)
        while out.read(1 << 20):
            pass
    return first, time.perf_counter() - start, size


def _after(n: int) -> tuple[float, float, int]:
    from tochuc.core.excel import xlsx_chunks

    start = time.perf_counter()
    first, size = None, 0
    chunks = xlsx_chunks(
        title="Danh sách đảng viên", headers=[f"Cột {i}" for i in range(20)], rows=_rows(n)
    )
    for chunk in chunks:
        if first is None:
            first = time.perf_counter() - start
        size += len(chunk)
    return first, time.perf_counter() - start, size


def _child(which: str, n: int) -> None:
    first, total, size = (_before if which == "before" else _after)(n)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"first": first, "total": total, "bytes": size, "peak_mb": peak}))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2], int(sys.argv[3]))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    print(f"| writer ({n:,} rows × 20 columns) | first byte | all | size | peak RSS |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for which in ("before", "after"):
        done = subprocess.run(
            [sys.executable, __file__, "--child", which, str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(done.stdout)
        print(
            f"| {which} | {r['first']:.2f} s | {r['total']:.1f} s | {r['bytes'] / 1e6:.1f} MB | "
            f"{r['peak_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
