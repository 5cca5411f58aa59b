"""The benchmark suite (`make bench`): what users do, each beside its bare SQL floor.

    .venv/bin/python bench/run.py [--db sqlite|postgres|both] [--scale province|nation]
                                  [--fresh] [--runs 5] [--only KEY,KEY] [--no-write]

For each engine: the demo database of the scale (SQLite: var/bench/bench-<scale>.sqlite3;
PostgreSQL: tochuc_bench_<scale> on $BENCH_PG, default postgres://postgres@127.0.0.1:5432),
built with `tochuc.demo.generate` (seed 1) when missing or incomplete, kept between runs
(--fresh rebuilds it). Nation scale is PostgreSQL only (6 M members: ~15–20 min to build).

Each measure is what a user waits for (a page through django.test.Client, logged in as an
administrator, or a service call), timed as the median of --runs runs after one warm-up; and
in the same run, on the same data, the bare SQL floor of it: the one aggregate or index
lookup that the operation cannot avoid (a count through the covering index, the scan of a
date's placements, a row by its key). The ratio measure / floor says how far the code is from
what the database must do anyway, and survives a noisy machine better than milliseconds.
Writes (a transfer, merging two provinces) run in a transaction that is rolled back.

Prints a Markdown table and writes it to bench/results/<scale>.md (machine, date, command).
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
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PAST = date(2025, 12, 31)
SEARCH = "nguyễn văn an"  # typed with its accents: the key has none
PREFIX = "tran thi h"
TYPO = "ngyuen van an"  # finds nobody: the list offers the closest names


def timed_runs(fn, runs: int = 5) -> list[float]:
    """Milliseconds of `runs` runs after one warm-up (every bench script times this way)."""
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


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


def _n(value: float, digits: int = 0) -> str:
    """Vietnamese number: 1.234,5."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@dataclass
class Measure:
    key: str
    label: str
    target: float | None  # ms, the (None: no target)
    run: object  # () -> anything
    floor: tuple[str, list]  # the bare SQL and its parameters
    runs: int | None = None  # None: --runs
    write: bool = False  # run the floor in a transaction rolled back


def _measures(ctx) -> list[Measure]:
    """The suite. ctx: what child() picked in the database (see there)."""
    from django.db import transaction

    from tochuc.members.services.transfers import member_transfer_accept, member_transfer_start
    from tochuc.orgs.services import organization_merge

    client, p, c = ctx["client"], ctx["province"], ctx["commune"]

    def get(path, **params):
        def fn():
            response = client.get(path, params)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return fn

    def count_in(org):
        """The covering-index count of a subtree's members: what its dashboard shows first."""
        return (
            "SELECT count(*) FROM members_member WHERE organization_id IN "
            "(SELECT id FROM orgs_organization WHERE path >= %s AND path < %s)",
            [org.path, ctx["upper"](org.path)],
        )

    def transfer():
        with transaction.atomic():
            letter = member_transfer_start(
                actor=ctx["user"],
                member=ctx["mover"],
                kind="permanent",
                to_org=ctx["branch_to"],
                start_date=ctx["today"],
                letter_symbol="01-GGT/BTC",
                dues_paid_to=ctx["today"],
            )
            member_transfer_accept(actor=ctx["user"], transfer=letter, accepted_on=ctx["today"])
            transaction.set_rollback(True)

    def merge():
        with transaction.atomic():
            organization_merge(
                actor=ctx["user"], sources=[ctx["second"]], target=p, on=ctx["today"]
            )
            transaction.set_rollback(True)

    past = PAST.isoformat()
    placed_on = (
        "SELECT count(*) FROM members_placement WHERE start_date <= %s "
        "AND (end_date > %s OR end_date IS NULL)",
        [PAST, PAST],
    )
    national = ctx["national"]
    measures = []
    if national:
        measures += [
            Measure(
                "dash-nation",
                "bảng số liệu cả nước, hôm nay (GET /reports/)",
                500,
                get("/reports/"),
                (
                    "SELECT dimension, value, sum(count) FROM orgs_subtreecount "
                    "WHERE organization_id IN (SELECT id FROM orgs_organization "
                    "WHERE parent_id IS NULL) GROUP BY 1, 2",
                    [],
                ),
            ),
            Measure(
                "dash-nation-past",
                f"bảng số liệu cả nước tại {PAST:%d/%m/%Y}",
                3000,
                get("/reports/", on=past),
                placed_on,
                runs=3,
            ),
        ]
    measures += [
        Measure(
            "dash-province",
            f"bảng số liệu của tỉnh ({p.name}), hôm nay",
            100,
            get("/reports/", organization=p.pk),
            count_in(p),
        ),
        Measure(
            "dash-province-past",
            f"bảng số liệu của tỉnh tại {PAST:%d/%m/%Y}",
            1000 if national else 3000,
            get("/reports/", organization=p.pk, on=past),
            count_in(p),
            runs=3,
        ),
        Measure(
            "dash-commune",
            f"bảng số liệu của một xã ({c.name}), hôm nay",
            20,
            get("/reports/", organization=c.pk),
            count_in(c),
        ),
        Measure(
            "search",
            f"tìm «{SEARCH}» trong {'cả nước' if national else 'cả tỉnh'} (API, trang 1 + số)",
            150,
            get("/api/v1/members", q=SEARCH),
            (
                "SELECT count(*) FROM members_member WHERE search_key LIKE %s",
                [f"%{ctx['search_key'](SEARCH)}%"],
            ),
        ),
        Measure(
            "search-prefix",
            f"tìm theo đầu tên «{PREFIX}» (API, trang 1 + số)",
            20,
            get("/api/v1/members", q=PREFIX),
            (
                "SELECT id FROM members_member WHERE search_key >= %s AND search_key < %s "
                "ORDER BY search_key LIMIT 50",
                [PREFIX, PREFIX[:-1] + chr(ord(PREFIX[-1]) + 1)],
            ),
        ),
        Measure(
            "search-suggest",
            f"tìm «{TYPO}» (không ai): gợi ý tên gần giống (API, trang 1 + gợi ý)",
            150,
            get("/api/v1/members", q=TYPO),
            (  # the one read the suggestions cannot avoid: the candidate names
                (
                    "SELECT search_key FROM members_search_key WHERE search_key %% %s "
                    "ORDER BY similarity(search_key, %s) DESC LIMIT 50",
                    [TYPO, TYPO],
                )
                if ctx["postgresql"]
                else (
                    "SELECT DISTINCT search_key FROM members_member WHERE search_key LIKE %s",
                    ["% a%"],
                )
            ),
        ),
        Measure(
            "list-first",
            "danh sách đảng viên của tỉnh, trang 1 (GET /members/)",
            100,
            get("/members/", organization=p.pk),
            count_in(p),
        ),
        Measure(
            "list-deep",
            f"danh sách của tỉnh, trang {_n(ctx['deep_page'])} (trang giữa)",
            100,
            get("/members/", organization=p.pk, page=ctx["deep_page"]),
            count_in(p),
        ),
        Measure(
            "record",
            "hồ sơ một đảng viên (GET /members/<id>/)",
            50,
            get(f"/members/{ctx['mover'].pk}/"),
            ("SELECT * FROM members_member WHERE id = %s", [ctx["mover"].pk]),
        ),
        Measure(
            "transfer",
            "chuyển sinh hoạt chính thức: giới thiệu + tiếp nhận (hoàn lại)",
            50,
            transfer,
            (
                "UPDATE members_member SET organization_id = %s WHERE id = %s",
                [ctx["branch_to"].pk, ctx["mover"].pk],
            ),
            write=True,
        ),
        Measure(
            "badges-province",
            f"danh sách Huy hiệu Đảng đợt {ctx['occasion']:%d/%m/%Y} của tỉnh",
            1000,
            get("/members/badges/", organization=p.pk, occasion=ctx["occasion"].isoformat()),
            (
                "SELECT count(*) FROM members_member WHERE admission_date <= %s AND "
                "organization_id IN (SELECT id FROM orgs_organization "
                "WHERE path >= %s AND path < %s)",
                [ctx["badge_admitted_by"], p.path, ctx["upper"](p.path)],
            ),
        ),
    ]
    if national:
        second = ctx["second"]
        measures.append(
            Measure(
                "merge",
                f"hợp nhất {second.name} vào {p.name} (hoàn lại)",
                30_000,
                merge,
                (  # the merger re-paths the source's subtree under the target
                    "UPDATE orgs_organization SET path = path WHERE path >= %s AND path < %s",
                    [second.path, ctx["upper"](second.path)],
                ),
                runs=1,
                write=True,
            )
        )
    return measures


def _floor(connection, measure: Measure, runs: int) -> float:
    from django.db import transaction

    sql, params = measure.floor

    def fn():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            if cursor.description:
                cursor.fetchall()
            if measure.write:
                transaction.set_rollback(True)

    return statistics.median(timed_runs(fn, runs))


def child(engine: str, scale: str, seed: int, runs: int, only: set[str]) -> dict:
    """Runs in its own process: DATABASE_URL is read when the settings are imported."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tochuc.accounts.models import Role, User
    from tochuc.core.scope import path_upper
    from tochuc.core.text import search_key
    from tochuc.demo import generate
    from tochuc.members.badges import next_badge_occasion
    from tochuc.members.models import Member, MemberState
    from tochuc.orgs.models import MEMBER_KINDS, Organization, SubtreeCount

    call_command("migrate", verbosity=0, interactive=False)
    start = time.perf_counter()
    result = generate(scale=scale, seed=seed, progress=lambda m: print("  " + m, flush=True))
    generate_s = time.perf_counter() - start
    with connection.cursor() as cursor:
        if result["members"]:  # just built: fresh planner statistics
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        cursor.execute(
            "SHOW server_version"
            if connection.vendor == "postgresql"
            else "SELECT sqlite_version()"
        )
        server = cursor.fetchone()[0].split()[0]

    def biggest(orgs):
        return Organization.objects.get(
            pk=SubtreeCount.objects.filter(organization__in=orgs, dimension="member", value="total")
            .order_by("-count")
            .values_list("organization_id", flat=True)[0]
        )

    roots = Organization.objects.filter(parent=None, dissolved_on__isnull=True)
    province = biggest(roots)
    communes = Organization.objects.filter(
        parent=province, kind="upper", code__startswith="X", dissolved_on__isnull=True
    )
    commune = biggest(communes)
    branches = list(
        Organization.objects.filter(
            path__startswith=commune.path, kind__in=MEMBER_KINDS, dissolved_on__isnull=True
        ).order_by("path")[:2]
    )
    mover = Member.objects.filter(
        organization=branches[0], state=MemberState.ACTIVE, status="official"
    ).first()
    counted = SubtreeCount.objects.get(organization=province, dimension="member", value="total")
    user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", password="bench-123456", role=Role.ADMIN
    )
    client = Client()
    client.force_login(user)
    today = date.today()
    occasion = next_badge_occasion(today)
    ctx = {
        "client": client,
        "user": user,
        "today": today,
        "national": roots.count() > 1,
        "province": province,
        "second": biggest(roots.exclude(pk=province.pk)) if roots.count() > 1 else None,
        "commune": commune,
        "mover": mover,
        "branch_to": branches[1],
        "deep_page": max(1, counted.count // 50 // 2),
        "occasion": occasion,
        # The earliest badge is 30 years of party age (members.badges).
        "badge_admitted_by": date(occasion.year - 30, occasion.month, occasion.day),
        "upper": path_upper,
        "search_key": search_key,
        "postgresql": connection.vendor == "postgresql",
    }
    rows = []
    for measure in _measures(ctx):
        if only and measure.key not in only:
            continue
        n = measure.runs or runs
        if n == 1:  # a long write: one run, no warm-up
            begin = time.perf_counter()
            measure.run()
            ms = (time.perf_counter() - begin) * 1000
        else:
            ms = statistics.median(timed_runs(measure.run, n))
        floor = _floor(connection, measure, max(n, 3))
        rows.append(
            {
                "key": measure.key,
                "label": measure.label,
                "ms": ms,
                "floor": floor,
                "target": measure.target,
                "runs": n,
            }
        )
        print(f"  {measure.key}: {ms:.1f} ms (sàn SQL {floor:.1f} ms)", flush=True)
    if connection.vendor == "postgresql":
        # The writes rolled back (a transfer, a merger) left dead rows and pages that are no
        # longer all-visible: without this the next index-only reads go to the table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE members_member, members_placement, orgs_organization")
    return {
        "engine": "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
        "server": server,
        "generate_s": round(generate_s, 1),
        "built": bool(result["members"]),
        "organizations": Organization.objects.count(),
        "members_all": Member.objects.count(),
        "province": f"{province.name} ({_n(counted.count)} đảng viên)",
        "commune": commune.name,
        "rows": rows,
    }


def _table(runs: list[dict]) -> str:
    lines = [
        "| engine | measure | median ms | SQL floor ms | × floor | target ms |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        for row in run["rows"]:
            ms, floor, target = row["ms"], row["floor"], row["target"]
            flag = " ⚠" if target is not None and ms > target else ""
            ratio = f"{ms / floor:,.1f}" if floor >= 0.05 else "—"
            runs = "" if row["runs"] > 1 else " (1 lần)"
            lines.append(
                f"| {run['engine']} | {row['label']}{runs} | {_n(ms, 1)}{flag} | {_n(floor, 1)} "
                f"| {ratio.replace(',', '.')} | {_n(target) if target else '—'} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--scale", choices=["province", "nation"], default="province")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="keys of the measures, comma-separated")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results")
    parser.add_argument(
        "--all",
        action="store_true",
        help="then the other scripts on the same database: reports.py, imports.py "
        "(PostgreSQL) and, at nation scale, the load test (load.py, 5 minutes)",
    )
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    only = {k for k in args.only.split(",") if k}

    if args.child:
        data = child(args.child, args.scale, args.seed, args.runs, only)
        Path(args.out).write_text(json.dumps(data, ensure_ascii=False, default=str))
        return

    (VAR / "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
    engines = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if args.scale == "nation":
        engines = ["postgres"]  # the embedded SQLite holds one province
    runs = []
    for engine in engines:
        # Plain HTTP: the test client's requests are not redirected to HTTPS.
        env = dict(os.environ, TOCHUC_VAR=str(VAR), TOCHUC_HTTPS="0")
        if engine == "sqlite":
            db_file = VAR / f"bench-{args.scale}.sqlite3"
            for suffix in ("", "-wal", "-shm") if args.fresh else ():
                Path(f"{db_file}{suffix}").unlink(missing_ok=True)
            env["DATABASE_URL"] = f"sqlite:///{db_file}"
        else:
            name = f"tochuc_bench_{args.scale}"
            _postgres_database(name, fresh=args.fresh)
            env["DATABASE_URL"] = f"{PG_SERVER}/{name}"
        out = VAR / f"result-{engine}-{args.scale}.json"
        print(f"== {engine}, quy mô {args.scale}", flush=True)
        command = [sys.executable, __file__, "--child", engine, "--out", str(out)]
        command += ["--scale", args.scale, "--seed", str(args.seed), "--runs", str(args.runs)]
        subprocess.run([*command, "--only", args.only], env=env, check=True, cwd=ROOT)
        runs.append(json.loads(out.read_text()))

    command = ".venv/bin/python bench/run.py " + shlex.join(sys.argv[1:])
    header = [
        f"# Benchmark, scale {args.scale}",
        "",
        f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {_machine()}",
        f"- command: `{command.strip()}` (`make bench"
        + (" SCALE=nation`)" if args.scale == "nation" else "`)"),
        f"- each figure: median of {args.runs} runs after one warm-up (3 for a past date, "
        "1 for a merger), as an administrator; «SQL floor»: the bare statement the operation "
        "cannot avoid, timed the same way in the same run; «× floor» = median / floor",
    ]
    for run in runs:
        made = (
            f"demo built in {_n(run['generate_s'])} s"
            if run["built"]
            else "demo already in the database"
        )
        header.append(
            f"- {run['engine']} {run['server']}: {_n(run['organizations'])} organizations, "
            f"{_n(run['members_all'])} members in all ({made}); province: {run['province']}; "
            f"commune: {run['commune']}"
        )
    text = "\n".join(header) + "\n\n" + _table(runs) + "\n"
    print()
    print(text)
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"{args.scale}.md").write_text(text)
    if args.all:
        _the_other_scripts(engines, args.scale, write=not args.no_write)


def _the_other_scripts(engines: list[str], scale: str, *, write: bool) -> None:
    """reports.py on each database, imports.py (PostgreSQL: its own province database, and
    an export of the national one when it exists) and, at nation scale, the load test."""
    flag = ["--write"] if write else []
    scripts = []
    for engine in engines:
        db = str(VAR / f"bench-{scale}.sqlite3") if engine == "sqlite" else f"tochuc_bench_{scale}"
        scripts.append(["reports.py", "--db", db, *flag])
    if "postgres" in engines:
        scripts.append(["imports.py", *flag] + ([] if scale == "nation" else ["--skip-export"]))
    if scale == "nation":
        scripts.append(["load.py", "--db", f"tochuc_bench_{scale}", *flag])
    for script, *rest in scripts:
        print(f"== bench/{script} {shlex.join(rest)}", flush=True)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / script), *rest],
            env=dict(os.environ, TOCHUC_VAR=str(VAR)),
            check=True,
            cwd=ROOT,
        )


def _postgres_database(name: str, *, fresh: bool) -> None:
    """Create the database when missing (dropped first with --fresh)."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f"CREATE DATABASE {name}")


if __name__ == "__main__":
    main()
