"""Benchmark of the statistics engine (reports) on a database built by `tochuc demo`.

    .venv/bin/python bench/reports.py --db /tmp/bench-rep/tochuc.sqlite3
    .venv/bin/python bench/reports.py --db tochuc_bench_nation          # PostgreSQL, by name
    .venv/bin/python bench/reports.py --db postgres://postgres@127.0.0.1:5432/NAME
        [--runs 5] [--measures abcdef] [--province CODE|ID|NAME] [--analyze]
        [--write] [--profile a|b|...|f1|f2]

--db: a SQLite file (or sqlite:/// URL), a PostgreSQL URL, or a database name on
$BENCH_PG (postgres://postgres@127.0.0.1:5432). Nothing is generated here: build the
database first (`tochuc demo --scale province|nation`). The only write is the dashboard's
login user `bench-reports` (created once, through accounts.services.user_create).

Measures (median of --runs runs after one warm-up, as an administrator):
  a   report_figures + report_tables of the province (the root organization) today
  b   the same at 31/12/2025
  c1  report_json (c1–c4 include report_figures of today)
  c2  report_xlsx
  c3  render_docx(report_document(...))
  c4  render_pdf(report_document(...))
  d1  GET /reports/ through django.test.Client, logged in as an administrator (whole country)
  d2  GET /reports/?organization=<province>
  e   reports.checks.data_checks(actor=admin, organization=province)
  f1  report_figures of the whole country (organization=None) today
  f2  the same at 31/12/2025
By default a–e, and f when the database holds more than one province.
The province: the only root organization, else the one with the most members (--province).

Each measure is also run once more with every SQL statement timed (connection.execute_wrapper):
the table's "SQL ms" and "queries" columns, i.e. how much of the time is the database.
--profile X: cProfile of one run of X (top functions) and its slowest statements.
--write: put this run's table into bench/results/reports.md, replacing the section of the same
engine and database (the rest of the file is kept).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shlex
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

from run import _machine, timed_runs  # bench/run.py: the machine line, the timing

from tochuc.core.formats import number

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "reports.md"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PAST = date(2025, 12, 31)

# key -> (label, target ms on this engine or None). Targets of the issue: the province report
# under 1 s on SQLite, the national dashboard on PostgreSQL under 2 s; issue #7: a national
# past-date dashboard under 3 s. Data checks have no target.
LABELS = {
    "a": "a. report_figures + report_tables, tỉnh, hôm nay",
    "b": "b. report_figures + report_tables, tỉnh, 31/12/2025",
    "c1": "c1. report_json, tỉnh",
    "c2": "c2. report_xlsx, tỉnh",
    "c3": "c3. render_docx(report_document), tỉnh",
    "c4": "c4. render_pdf(report_document), tỉnh",
    "d1": "d1. GET /reports/ (admin: cả nước)",
    "d2": "d2. GET /reports/?organization=<tỉnh>",
    "e": "e. data_checks, tỉnh",
    "f1": "f1. report_figures, cả nước, hôm nay",
    "f2": "f2. report_figures, cả nước, 31/12/2025",
}
TARGETS = {
    "a": 1000,
    "b": 1000,
    "c1": 1000,
    "c2": 1000,
    "c3": 1000,
    "c4": 1000,
    "d1": 2000,  # the national dashboard (on a one-province database: the province's)
    "d2": 1000,
    "e": None,
    "f1": 2000,
    "f2": 3000,
}


def _database_url(db: str) -> tuple[str, str]:
    """(DATABASE_URL, TOCHUC_VAR default) for --db."""
    if db.startswith(("postgres://", "postgresql://")):
        return db, str(ROOT / "var" / "bench")
    if db.startswith("sqlite:///"):
        path = Path(db[len("sqlite:///") :])
    elif "/" in db or db.endswith((".sqlite3", ".sqlite", ".db")) or Path(db).exists():
        path = Path(db)
    else:
        return f"{PG_SERVER}/{db}", str(ROOT / "var" / "bench")
    path = path.resolve()
    if not path.is_file():
        sys.exit(f"{path}: no such SQLite file (build it with `tochuc demo` first)")
    return f"sqlite:///{path}", str(path.parent)


def _median(fn, runs: int) -> tuple[float, list[float]]:
    times = timed_runs(fn, runs)
    return statistics.median(times), times


class _SqlLog:
    """Times every statement run through the connection (execute_wrapper)."""

    def __init__(self) -> None:
        self.items: list[tuple[float, str]] = []
        self.params: dict[str, object] = {}

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.items.append(((time.perf_counter() - start) * 1000, sql))
            self.params[sql] = params

    @property
    def total(self) -> float:
        return sum(ms for ms, _ in self.items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite file, PostgreSQL URL or name")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--measures", help="e.g. 'a b c1 d' (prefixes); default: a–e (+f)")
    parser.add_argument("--province", help="code, id or exact name of the province measured")
    parser.add_argument("--analyze", action="store_true", help="ANALYZE the database first")
    parser.add_argument("--write", action="store_true", help="update bench/results/reports.md")
    parser.add_argument("--profile", metavar="MEASURE", help="cProfile one run of a measure")
    args = parser.parse_args()

    url, var = _database_url(args.db)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("TOCHUC_VAR", var)
    (Path(os.environ["TOCHUC_VAR"]) / "static").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    os.environ.setdefault("TOCHUC_HTTPS", "0")  # the test client speaks plain HTTP
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tochuc.accounts.models import Role, User
    from tochuc.accounts.services import user_create
    from tochuc.members.models import Member
    from tochuc.orgs.models import Organization, SubtreeCount
    from tochuc.orgs.selectors import organization_find
    from tochuc.reports import checks, exports
    from tochuc.reports.documents import render_docx, render_pdf
    from tochuc.reports.selectors import report_figures, report_tables

    call_command("migrate", verbosity=0, interactive=False)  # as the `tochuc` command does
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    with connection.cursor() as cursor:
        cursor.execute(
            "SHOW server_version" if engine == "PostgreSQL" else "SELECT sqlite_version()"
        )
        server = cursor.fetchone()[0].split()[0]
        if args.analyze:
            cursor.execute("ANALYZE")

    actor = User(
        username="bench", role=Role.ADMIN, is_active=True
    )  # as accounts.services.system_actor()
    roots = Organization.objects.filter(parent=None, dissolved_on__isnull=True)
    if not roots.exists():
        sys.exit("The database is empty: build it with `tochuc demo --scale ...` first.")
    national = roots.count() > 1
    if args.province:
        province = organization_find(actor=actor, ref=args.province)
    elif not national:
        province = roots.get()
    else:
        biggest = (
            SubtreeCount.objects.filter(organization__in=roots, dimension="member", value="total")
            .order_by("-count")
            .values_list("organization_id", flat=True)
            .first()
        )
        province = Organization.objects.get(pk=biggest)

    user = User.objects.filter(username="bench-reports").first()
    if user is None:
        user, _ = user_create(
            actor=actor,
            username="bench-reports",
            role=Role.ADMIN,
            password="bench-reports-123",
            full_name="Benchmark",
        )
    client = Client()
    client.force_login(user)

    def figures_tables(organization, on=None):
        figures = report_figures(actor=actor, organization=organization, on=on)
        return figures, report_tables(figures)

    def today():
        return report_figures(actor=actor, organization=province)

    def get(path, **params):
        def fn():
            response = client.get(path, params)
            assert response.status_code == 200, (response.status_code, response.content[:300])
            return response

        return fn

    fns = {
        "a": lambda: figures_tables(province),
        "b": lambda: figures_tables(province, PAST),
        "c1": lambda: exports.report_json(today()),
        "c2": lambda: exports.report_xlsx(today()),
        "c3": lambda: render_docx(exports.report_document(today())),
        "c4": lambda: render_pdf(exports.report_document(today())),
        "d1": get("/reports/"),
        "d2": get("/reports/", organization=province.pk),
        "e": lambda: checks.data_checks(actor=actor, organization=province),
        "f1": lambda: report_figures(actor=actor, organization=None),
        "f2": lambda: report_figures(actor=actor, organization=None, on=PAST),
    }
    if args.measures:
        wanted = args.measures.replace(",", " ").split()
        keys = [k for k in fns if any(k.startswith(w) for w in wanted)]
    else:
        keys = [k for k in fns if national or not k.startswith("f")]

    if args.profile:
        _profile(fns[args.profile], LABELS[args.profile], connection, _SqlLog)
        return

    members = Member.objects.count()
    province_members = report_figures(actor=actor, organization=province).total.n("member", "total")
    rows = []
    for key in keys:
        ms, times = _median(fns[key], args.runs)
        log = _SqlLog()
        with connection.execute_wrapper(log):
            fns[key]()
        rows.append((key, ms, times, log.total, len(log.items)))
        print(
            f"{LABELS[key]}: {ms:.1f} ms (runs {', '.join(f'{t:.0f}' for t in times)}; "
            f"SQL {log.total:.1f} ms in {len(log.items)} queries)",
            flush=True,
        )

    shown_db = re.sub(r"//[^@/]*@", "//", url)
    command = ".venv/bin/python bench/reports.py " + shlex.join(sys.argv[1:])
    section = [
        f"### {engine} {server}: `{shown_db}`",
        "",
        f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; machine: {_machine()}",
        f"- command: `{command}`",
        f"- {number(Organization.objects.count())} organizations, {number(members)} members in all, "
        f"{roots.count()} root organization(s); province measured: {province.name} "
        f"(id {province.pk}, {number(province_members)} members counted today)",
        f"- median of {args.runs} runs after one warm-up; «SQL ms»: one further run with every "
        "statement timed",
        "",
        "| engine | measure | median ms | target ms | SQL ms | queries |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for key, ms, _, sql_ms, queries in rows:
        target = TARGETS[key]
        flag = " ⚠" if target is not None and ms > target else ""
        section.append(
            f"| {engine} | {LABELS[key]} | {number(ms, 1)}{flag} | "
            f"{number(target) if target else '—'} | {number(sql_ms, 1)} | {queries} |"
        )
    text = "\n".join(section) + "\n"
    print()
    print(text)
    if args.write:
        write_section(RESULTS, f"{engine}:{shown_db}", text, "# Benchmark of the reports\n\n")


def _profile(fn, label: str, connection, sql_log) -> None:
    """cProfile of one run of `fn` after a warm-up: its top functions, its slowest statements."""
    fn()  # warm-up
    profiler = cProfile.Profile()
    log = sql_log()
    with connection.execute_wrapper(log):
        start = time.perf_counter()
        profiler.enable()
        fn()
        profiler.disable()
        elapsed = (time.perf_counter() - start) * 1000
    print(
        f"{label}: {elapsed:.1f} ms under cProfile, SQL {log.total:.1f} ms "
        f"in {len(log.items)} queries"
    )
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(25)
        print(f"\n--- top 25 by {order} ---")
        print(out.getvalue().split("\n", 6)[-1] if out.getvalue() else "")
    print("\n--- slowest statements ---")
    slowest = sorted(log.items, reverse=True)
    for ms, sql in slowest[:8]:
        print(f"{ms:9.1f} ms  {sql[:1500]}")
    if connection.vendor == "postgresql" and slowest:
        for ms, sql in slowest[:2]:
            print(f"\n--- EXPLAIN (ANALYZE, BUFFERS) of a statement of {ms:.0f} ms ---")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, log.params[sql])
                print("\n".join(row[0] for row in cursor.fetchall()))


def write_section(results: Path, key: str, text: str, title: str) -> None:
    """Replace the section `key` of a results file (or add it; a new file starts with
    `title`): each engine's or database's run keeps its own section."""
    begin, end = f"<!-- run {key} -->", f"<!-- /run {key} -->"
    block = f"{begin}\n{text}{end}\n"
    old = results.read_text() if results.exists() else title
    if begin in old and end in old:
        head, rest = old.split(begin, 1)
        new = head + block + "\n" + rest.split(end, 1)[1].lstrip("\n")
    else:
        new = old.rstrip("\n") + "\n\n" + block
    results.write_text(new)
    print(f"written to {results.relative_to(ROOT)}")


if __name__ == "__main__":
    main()


def measure_table(measures, *, runs: int, only: set[str], profile: str | None, connection):
    """The Markdown rows of `measures` ((key, label, target ms or None, fn, floor SQL, its
    params), as cadres.py and training.py list them): each the median of `runs` after a
    warm-up, this process's CPU, the statements of one call, the bare SQL floor. With
    `profile`, only that measure's cProfile, and None."""
    from django.test.utils import CaptureQueriesContext
    from run import _n, timed_runs

    lines = [
        "| key | measure | median ms | CPU ms | queries | SQL floor ms | × floor | target ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, label, target, fn, sql, params in measures:
        if profile:
            if key == profile:
                _profile(fn, label, connection, _SqlLog)
            continue
        if only and key not in only:
            continue
        ms = statistics.median(timed_runs(fn, runs))
        with CaptureQueriesContext(connection) as queries:
            fn()
        statements = len(queries)  # read now: each request clears the connection's log
        cpu = []  # this process's CPU alone: what a busy machine's waits leave out
        for _ in range(runs):
            begin = time.process_time()
            fn()
            cpu.append((time.process_time() - begin) * 1000)

        def floor(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        floor_ms = statistics.median(timed_runs(floor, runs))
        mark = "" if target is None or ms < target else " ⚠"
        print(f"  {key}: {ms:.1f} ms (sàn SQL {floor_ms:.1f} ms)", flush=True)
        lines.append(
            f"| {key} | {label} | {_n(ms, 1)}{mark} | {_n(statistics.median(cpu), 1)} | "
            f"{statements} | {_n(floor_ms, 1)} | "
            f"{_n(ms / floor_ms if floor_ms else 0, 1)} | {target or '—'} |"
        )
    return None if profile else lines


def django_on(db: str) -> None:
    """Django set up on the bench database `db` (a PostgreSQL name or URL, or a SQLite file),
    migrated, for a bench script run as a plain process (cadres.py, training.py)."""
    url, var = _database_url(db)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("TOCHUC_VAR", var)
    (Path(os.environ["TOCHUC_VAR"]) / "static").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    os.environ.setdefault("TOCHUC_HTTPS", "0")  # the test client speaks plain HTTP
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def engine_version(connection) -> tuple[str, str]:
    """("PostgreSQL", "15.20") or ("SQLite", "3.40.1"): the results' heading."""
    with connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        cursor.execute("SHOW server_version" if postgres else "SELECT sqlite_version()")
        return ("PostgreSQL" if postgres else "SQLite"), cursor.fetchone()[0].split()[0]


def results_text(
    *, script: str, db: str, connection, counted: dict, province, who: str, runs: int, lines
) -> str:
    """A bench script's section of its results file: the engine, the date, the machine, the
    command (without --write), the rows the database holds, then the measures' table."""
    from run import _machine, _n

    engine, server = engine_version(connection)
    command = f"python bench/{script} " + " ".join(a for a in sys.argv[1:] if a != "--write")
    return (
        f"## {engine} {server}, `{db}`\n\n"
        f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n"
        f"- machine: {_machine()}\n"
        f"- command: `{command.strip()}`\n"
        f"- rows: " + ", ".join(f"{_n(n)} {k}" for k, n in counted.items()) + "\n"
        f"- province: {province.name}; each figure the median of {runs} runs after a "
        f"warm-up, as {who}\n\n" + "\n".join(lines) + "\n"
    )
