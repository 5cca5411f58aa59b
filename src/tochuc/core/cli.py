"""What every app's commands share that needs no app: a date named on the command line, the
printout of a sheet's check or import, and the gunicorn command `tochuc serve` runs."""

from __future__ import annotations

import sys
from datetime import date


def date_arg(text: str) -> date:
    """A date written YYYY-MM-DD on the command line; a message and exit if not."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        sys.exit(f"Ngày «{text}» không hợp lệ: viết dạng YYYY-MM-DD, vd 2024-12-31.")


def print_import(result, row_line, noun: str = "dòng") -> None:
    """A sheet's check or import as the command prints it: the columns left aside, the first 50
    problems (row, column, message), else the first 20 rows (`row_line(row)`), the summary;
    exit 1 when a row was refused (nothing was written)."""
    if result.ignored:
        print("Bỏ qua các cột: " + ", ".join(f"«{h}»" for h in result.ignored))
    for p in result.problems[:50]:
        print(f"  Dòng {p.row}, cột «{p.column}»: {p.message}")
    if len(result.problems) > 50:
        print(f"  ... và {len(result.problems) - 50} lỗi nữa.")
    if not result.problems:
        for r in result.rows[:20]:
            print(f"  Dòng {r.number}: {row_line(r)}")
        if len(result.rows) > 20:
            print(f"  ... và {len(result.rows) - 20} {noun} nữa.")
    print(result.summary)
    if result.problems:
        sys.exit(1)


# The access log's line without the query string (a search by CCCD carries the number in it:
# %(r)s, the request line, and %(q)s have it) and without the Referer (%(f)s, the previous
# page's address with its query): remote address, user, time, method, path, protocol,
# status, bytes, seconds, user agent.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s "%(a)s"'


def gunicorn_argv(bind: str) -> list[str]:
    """The gunicorn command `tochuc serve` runs."""
    return [
        "gunicorn",
        "tochuc.wsgi:application",
        "--bind",
        bind,
        "--workers",
        "2",
        "--threads",
        "4",
        # Longer than a user's pause between clicks: gunicorn's 2 s default closes connections
        # a browser (or the load test) is about to reuse, which shows as a reset.
        "--keep-alive",
        "10",
        "--access-logfile",
        "-",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--logger-class",
        "tochuc.core.logs.Logger",
    ]
