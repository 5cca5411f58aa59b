"""Benchmark of lists, search and stats on a generated demo, on SQLite and PostgreSQL.

    .venv/bin/python bench/run.py [--db sqlite|postgres|both] [--scale province] [--seed 1]
                                  [--reuse]

For each engine: a fresh database (SQLite: var/bench/bench-<scale>.sqlite3; PostgreSQL:
tochuc_bench on postgres://postgres@127.0.0.1:5432, dropped and recreated), migrations,
the demo at the given scale (timed), then each measure: median of 5 runs after a warm-up.
Prints a Markdown table and writes it to bench/results/<scale>.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "tochuc_bench"
QUERY = "nguyen van an"
DEEP_PAGE = 2_900
PAGE_SIZE = 50
# (measure, target in ms) -- the targets of the issue at province scale.
MEASURES = [
    ("a. tìm «nguyen van an»: trang 1 + đếm", 100),
    (f"b. danh sách cả tỉnh: trang {DEEP_PAGE:,} (50/trang) + đếm".replace(",", "."), 100),
    ("c. số liệu tổng hợp của tỉnh", 200),
    ("d. số liệu tổng hợp của một xã", 200),
    ("e. danh sách một xã: trang 1 + đếm", 100),
    ("f. API GET /api/v1/members?q=nguyen+van+an", 100),
    # Targets below are ours (the issue names none): a page a user opens every day.
    ("g. việc cần làm của cả tỉnh", 300),
    ("h. bảng phát triển đảng viên của cả tỉnh", 300),
    ("i. danh sách Huy hiệu Đảng đợt tới của một xã", 300),
    ("j. danh sách Huy hiệu Đảng đợt tới của cả tỉnh", 1000),
    ("k. số liệu của tỉnh tại ngày 31/12/2024", 1000),
]


def timed_runs(fn, runs: int = 5) -> list[float]:
    """Milliseconds of `runs` runs after one warm-up (every bench script times this way)."""
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _timed(fn, runs: int = 5) -> float:
    return statistics.median(timed_runs(fn, runs))


def _fresh_postgres() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [PG_NAME],
        )
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        conn.execute(f"CREATE DATABASE {PG_NAME}")


def _server_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return cursor.fetchone()[0].split()[0]


def child(engine: str, scale: str, seed: int) -> dict:
    """Runs in its own process: DATABASE_URL is read when the settings are imported."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tochuc.accounts.models import Role, User
    from tochuc.demo import generate
    from tochuc.demo.people import REFERENCE_DATE
    from tochuc.members.badges import badge_candidates, next_badge_occasion
    from tochuc.members.models import Member
    from tochuc.members.selectors import (
        admission_board,
        member_list,
        member_page,
        organization_stats_on,
        todo,
    )
    from tochuc.orgs.models import Organization, SubtreeCount
    from tochuc.orgs.selectors import organization_stats

    call_command("migrate", verbosity=0, interactive=False)
    start = time.perf_counter()
    result = generate(scale=scale, seed=seed, progress=lambda m: print("  " + m, flush=True))
    generate_s = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    actor = User(username="bench", role=Role.ADMIN, is_active=True)
    province = Organization.objects.filter(kind="province").order_by("id").first()
    # The commune with the most members (what a commune's staff would open).
    commune_id = (
        SubtreeCount.objects.filter(
            organization__kind="upper",
            organization__parent=province,
            organization__code__startswith="X",
            dimension="member",
            value="total",
        )
        .order_by("-count")
        .values_list("organization_id", flat=True)
        .first()
    )
    commune = Organization.objects.get(pk=commune_id)

    OCCASION = next_badge_occasion(REFERENCE_DATE)
    PAST = date(2024, 12, 31)

    def page(qs, number):
        p = member_page(qs, number, PAGE_SIZE)
        rows = list(p.object_list)
        return p.paginator.count, rows

    def search():
        return page(member_list(actor=actor, q=QUERY), 1)

    def deep():
        return page(member_list(actor=actor, organization=province), DEEP_PAGE)

    def commune_list():
        return page(member_list(actor=actor, organization=commune), 1)

    user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", password="bench-123456", role=Role.ADMIN
    )
    client = Client()
    client.force_login(user)

    def api():
        response = client.get("/api/v1/members", {"q": QUERY})
        assert response.status_code == 200, response.content[:300]
        return response

    found, _ = search()
    total, rows = deep()
    assert rows, f"page {DEEP_PAGE} is empty: only {total} members"
    fns = [
        search,
        deep,
        lambda: organization_stats(actor=actor, organization=province),
        lambda: organization_stats(actor=actor, organization=commune),
        commune_list,
        api,
        lambda: todo(actor=actor, today=REFERENCE_DATE),
        lambda: admission_board(actor=actor, organization=province, today=REFERENCE_DATE),
        lambda: badge_candidates(actor=actor, organization=commune, occasion=OCCASION),
        lambda: badge_candidates(actor=actor, organization=province, occasion=OCCASION),
        lambda: organization_stats_on(actor=actor, organization=province, on=PAST),
    ]
    timings = [_timed(fn) for fn in fns]
    return {
        "engine": "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
        "server": _server_version(connection),
        "generate_s": round(generate_s, 1),
        "organizations": Organization.objects.count(),
        "members": total,
        "members_all": Member.objects.count(),
        "reused": result["members"] == 0,
        "found": found,
        "commune": f"{commune.name} ({_n(commune_list()[0])} members)",
        "province": province.name,
        "timings": [round(t, 1) for t in timings],
        "result": result,
    }


def _machine() -> str:
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPU (nproc), {mem_kb / 1024 / 1024:.0f} GB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _table(runs: list[dict]) -> str:
    lines = ["| engine | measure | ms | target ms |", "| --- | --- | ---: | ---: |"]
    for run in runs:
        for (name, target), ms in zip(MEASURES, run["timings"], strict=True):
            flag = "" if ms <= target else " ⚠"
            lines.append(f"| {run['engine']} | {name} | {ms:.1f}{flag} | {target} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--scale", choices=["commune", "province", "nation"], default="province")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the existing bench database (what is already generated is skipped)",
    )
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        data = child(args.child, args.scale, args.seed)
        Path(args.out).write_text(json.dumps(data, ensure_ascii=False))
        return

    (VAR / "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
    RESULTS.mkdir(parents=True, exist_ok=True)
    engines = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    runs = []
    for engine in engines:
        env = dict(os.environ, TOCHUC_VAR=str(VAR))
        if engine == "sqlite":
            db_file = VAR / f"bench-{args.scale}.sqlite3"
            for suffix in ("", "-wal", "-shm") if not args.reuse else ():
                Path(f"{db_file}{suffix}").unlink(missing_ok=True)
            env["DATABASE_URL"] = f"sqlite:///{db_file}"
        else:
            if not args.reuse:
                _fresh_postgres()
            env["DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
        out = VAR / f"result-{engine}-{args.scale}.json"
        print(f"== {engine}: tạo dữ liệu mẫu quy mô {args.scale} ...", flush=True)
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                engine,
                "--scale",
                args.scale,
                "--seed",
                str(args.seed),
                "--out",
                str(out),
            ],
            env=env,
            check=True,
            cwd=ROOT,
        )
        runs.append(json.loads(out.read_text()))

    command = ".venv/bin/python bench/run.py " + shlex.join(sys.argv[1:])
    header = [
        f"# Benchmark, scale {args.scale}",
        "",
        f"- date: {datetime.now():%Y-%m-%d %H:%M}",
        f"- machine: {_machine()}",
        f"- command: `{command.strip()}`",
        "- each figure: median of 5 runs after one warm-up, through the selectors (a–e) "
        "or the HTTP API (f), with an administrator as actor",
        "",
    ]
    for run in runs:
        made = (
            "demo already in the database (--reuse)"
            if run["reused"]
            else f"demo generated in {run['generate_s']} s"
        )
        header.append(
            f"- {run['engine']} {run['server']}: {_n(run['organizations'])} organizations, "
            f"{_n(run['members_all'])} members in all; {made}; province measured: "
            f"{run['province']} ({_n(run['members'])} members); commune measured: "
            f"{run['commune']}; the search (a, f) finds {_n(run['found'])} members"
        )
    text = "\n".join(header) + "\n\n" + _table(runs) + "\n"
    (RESULTS / f"{args.scale}.md").write_text(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
