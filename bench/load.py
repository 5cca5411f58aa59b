"""Load test on loopback (issue #7): simulated users against `tochuc serve` (gunicorn).

    .venv/bin/python bench/load.py                       # 50 users, 5 minutes, port 8765
    .venv/bin/python bench/load.py --users 5 --duration 30s            # a smoke run
    .venv/bin/python bench/load.py --users 50 --spawn-rate 10 --duration 5m --port 8765 --write

--db: a PostgreSQL database name on $BENCH_PG (postgres://postgres@127.0.0.1:5432) or a URL;
default tochuc_bench_nation, the national demo (`tochuc demo --scale nation`).

What it does:
1. picks, read-only (psycopg), what the users will ask for: the 34 provinces, 300 communes,
   300 grassroots organizations, 3.000 member ids spread over the id range, names to search
   (common full names, names of sampled members, «tran thi»-like prefixes) and CCCD / party
   card numbers of sampled members;
2. creates the login user `loadtest` (an administrator) with `tochuc createuser` unless it
   exists: the only thing this bench adds to the database (besides what logging in writes:
   a session row per user, closed by a logout at the end, and the user's last_login);
3. refuses to start if a migration of tochuc is not applied (`tochuc serve` would apply it to
   the demo database);
4. starts `tochuc serve 127.0.0.1:PORT --no-worker` (gunicorn, 2 workers x 4 threads) with
   TOCHUC_VAR in a temporary folder and waits until /login/ answers;
5. runs `locust -f bench/locustfile.py --headless -u USERS -r SPAWN -t DURATION` on the same
   machine; every request is logged by the locustfile, so the percentiles here are exact
   (locust's own summary, printed too, rounds response times above 100 ms);
   before it, one user logs in alone and opens / (the to-do page the login lands on: for an
   administrator the whole country's, too slow to be in the mix; --landing puts it there);
6. stops the server and prints the table per request type and in all: requests, failures,
   req/s, p50, p95, p99, max (ms), with the verdict against the targets of the issue
   (0 errors, p95 under 300 ms). --write puts it into bench/results/load.md.

The mix, the think time (1–3 s) and the login are in bench/locustfile.py.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from run import _machine  # bench/run.py: the same machine line in every result

from tochuc.core.formats import number

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results" / "load.md"
VENV_BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
USERNAME = "loadtest"
PASSWORD = "matkhau-tai-12345"
TARGET_P95_MS = 300
APPS = ("core", "accounts", "orgs", "members", "reports", "imports")

# Searched by everyone (accent-free, as users type them).
COMMON_NAMES = [
    "nguyen van an",
    "le van hung",
    "tran thi lan",
    "pham van minh",
    "hoang thi mai",
    "nguyen thi hoa",
    "vu van thanh",
    "do thi huong",
    "bui van nam",
    "dang thi thu",
    "nguyen minh tuan",
    "tran van long",
]
PREFIXES = ["tran thi", "nguyen van", "le thi", "pham van", "hoang van", "nguyen thi hong"]


def _dsn(db: str) -> str:
    return db if "://" in db else f"{PG_SERVER}/{db}"


def _sample(dsn: str, seed: int = 7) -> dict:
    """What the users ask for, picked once (deterministic for a given database)."""
    import psycopg

    rng = random.Random(seed)
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("SELECT setseed(0.7)")
        cur.execute(
            "SELECT id, code, name FROM orgs_organization "
            "WHERE parent_id IS NULL AND dissolved_on IS NULL ORDER BY id"
        )
        provinces = [{"id": i, "code": c, "name": n} for i, c, n in cur.fetchall()]

        def ids(where: str, n: int) -> list[int]:
            cur.execute(
                f"SELECT id FROM orgs_organization WHERE dissolved_on IS NULL AND {where} "
                "ORDER BY random() LIMIT %s",
                [n],
            )
            return [row[0] for row in cur.fetchall()]

        communes = ids("depth = 1", 300)
        grassroots = ids("kind IN ('grassroots_branch', 'grassroots_committee')", 300)
        cur.execute("SELECT max(id), count(*) FROM members_member")
        top, members_all = cur.fetchone()
        cur.execute("SELECT count(*) FROM orgs_organization")
        organizations = cur.fetchone()[0]
        wanted = rng.sample(range(1, top + 1), min(top, 3300))
        cur.execute(
            "SELECT id, search_key, citizen_id, party_card_number FROM members_member "
            "WHERE id = ANY(%s) ORDER BY id",
            [wanted],
        )
        rows = cur.fetchall()
        cur.execute("SELECT version()")
        server = cur.fetchone()[0].split(" on ")[0]
    members = [r[0] for r in rows][:3000]
    rng.shuffle(members)
    sampled_names = sorted({r[1] for r in rows if r[1]})
    numbers = [r[2] or r[3] for r in rows if r[2] or r[3]]
    return {
        "provinces": provinces,
        "communes": communes,
        "grassroots": grassroots,
        "members": members,
        # Full names: half the common ones, half names of sampled members (someone specific).
        "names": COMMON_NAMES * 10 + rng.sample(sampled_names, min(120, len(sampled_names))),
        "prefixes": PREFIXES,
        "numbers": rng.sample(numbers, min(300, len(numbers))),
        "server": server,
        "members_all": members_all,
        "organizations": organizations,
    }


def _unapplied(dsn: str) -> list[str]:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        done = {
            (app, name)
            for app, name in conn.execute("SELECT app, name FROM django_migrations").fetchall()
        }
    on_disk = {
        (app, path.stem)
        for app in APPS
        for path in (ROOT / "src" / "tochuc" / app / "migrations").glob("[0-9]*.py")
    }
    return sorted(f"{app}.{name}" for app, name in on_disk - done)


def _ensure_user(dsn: str, env: dict) -> str:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        found = conn.execute(
            "SELECT role, is_active FROM accounts_user WHERE username = %s", [USERNAME]
        ).fetchone()
    if found:
        return f"user «{USERNAME}» exists (role {found[0]})"
    subprocess.run(
        [
            str(VENV_BIN / "tochuc"),
            "createuser",
            USERNAME,
            "--role",
            "admin",
            "--password",
            PASSWORD,
            "--full-name",
            "Kiểm thử tải",
        ],
        env=env,
        check=True,
    )
    return f"user «{USERNAME}» created (admin)"


def _time_home(host: str) -> tuple[float, int]:
    """Log in alone and time GET / (the to-do page), then log out: (seconds, HTTP status)."""
    import requests

    with requests.Session() as session:
        form = session.get(f"{host}/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        login = session.post(
            f"{host}/login/",
            data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=30,
        )
        if login.status_code != 302:
            sys.exit(f"login as «{USERNAME}» refused (HTTP {login.status_code})")
        start = time.perf_counter()
        home = session.get(f"{host}/", allow_redirects=False, timeout=300)
        seconds = time.perf_counter() - start
        token = session.cookies.get("csrftoken", "")
        session.post(
            f"{host}/logout/",
            data={"csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=30,
        )
    return seconds, home.status_code


def _cpu_times() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _group_ticks(pgid: int) -> int:
    """CPU clock ticks (user + system) used so far by the live processes of a process group."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # after the name: state, ppid, pgrp, ... utime, stime
            ticks += int(fields[11]) + int(fields[12])
    return ticks


def _wait_up(url: str, server: subprocess.Popen, timeout: float = 180) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if server.poll() is not None:
            sys.exit(f"the server stopped (exit code {server.returncode}): see its log")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"{url} did not answer in {timeout:.0f} s")


def _stop(server: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (gunicorn master and workers), then KILL."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest rank."""
    if not sorted_ms:
        return 0.0
    return sorted_ms[max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)]


def _row(times: list[float], failures: int, seconds: float) -> dict:
    times = sorted(times)
    return {
        "requests": len(times),
        "failures": failures,
        "rps": len(times) / seconds if seconds else 0.0,
        "p50": _percentile(times, 50),
        "p95": _percentile(times, 95),
        "p99": _percentile(times, 99),
        "max": times[-1] if times else 0.0,
    }


def _analyse(log: dict, order: list[str], skip: set[str]) -> dict:
    run = log["run"]
    seconds = run.get("stop", 0) - run.get("start", 0)
    times: dict[str, list[float]] = defaultdict(list)
    failed: Counter = Counter()
    errors: dict[tuple[str, str], list] = {}
    for _, name, ms, error, url in log["records"]:
        if name in skip:
            continue
        times[name].append(ms)
        if error:
            failed[name] += 1
            seen = errors.setdefault((name, error), [0, []])
            seen[0] += 1
            if len(seen[1]) < 3 and url not in seen[1]:
                seen[1].append(url)
    names = [n for n in order if n in times] + sorted(set(times) - set(order))
    rows = {n: _row(times[n], failed[n], seconds) for n in names}
    every = [ms for n in names for ms in times[n]]
    total = _row(every, sum(failed.values()), seconds)
    return {"seconds": seconds, "rows": rows, "total": total, "errors": errors}


def _ms(value: float) -> str:
    return number(value)


def _table(result: dict) -> str:
    lines = [
        "| request | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def line(name: str, r: dict, bold: bool = False) -> str:
        flag = " ⚠" if r["p95"] >= TARGET_P95_MS else ""
        cells = [
            number(r["requests"]),
            number(r["failures"]) + (" ⚠" if r["failures"] else ""),
            number(r["rps"], 2),
            _ms(r["p50"]),
            _ms(r["p95"]) + flag,
            _ms(r["p99"]),
            _ms(r["max"]),
        ]
        if bold:
            name, cells = f"**{name}**", [f"**{c}**" for c in cells]
        return f"| {name} | " + " | ".join(cells) + " |"

    for name, r in result["rows"].items():
        lines.append(line(name.replace("|", "\\|"), r))
    lines.append(line("all requests", result["total"], bold=True))
    return "\n".join(lines)


def _verdict(result: dict) -> str:
    total = result["total"]
    ok_errors = total["failures"] == 0
    ok_p95 = total["p95"] < TARGET_P95_MS
    parts = [
        f"errors {number(total['failures'])} (target 0): {'met' if ok_errors else 'MISSED'}",
        f"p95 {_ms(total['p95'])} ms (target < {TARGET_P95_MS} ms): "
        + ("met" if ok_p95 else "MISSED"),
    ]
    slow = [n for n, r in result["rows"].items() if r["p95"] >= TARGET_P95_MS]
    text = "**Verdict: " + ("targets met" if ok_errors and ok_p95 else "targets missed") + "** — "
    text += "; ".join(parts) + "."
    if slow:
        text += " Request types with p95 ≥ 300 ms: " + "; ".join(f"`{n}`" for n in slow) + "."
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="tochuc_bench_nation")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", default="5m", help="as locust's -t: 30s, 5m, 1h30m")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--landing", action="store_true", help="each user opens / (the to-do) after logging in"
    )
    parser.add_argument("--write", action="store_true", help="write bench/results/load.md")
    args = parser.parse_args()
    command = ".venv/bin/python bench/load.py " + shlex.join(sys.argv[1:])

    dsn = _dsn(args.db)
    missing = _unapplied(dsn)
    if missing:
        sys.exit(
            "Unapplied migrations (tochuc serve would apply them to the demo database): "
            + ", ".join(missing)
        )
    work = Path(tempfile.mkdtemp(prefix="tochuc-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": dsn,
        "TOCHUC_VAR": str(work / "var"),
        "TOCHUC_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TOCHUC_HTTPS": "0",  # plain HTTP on loopback, as a proxy would forward it
    }
    env.pop("TOCHUC_DEBUG", None)
    t = time.monotonic()
    data = _sample(dsn)
    print(
        f"sample: {len(data['provinces'])} provinces, {len(data['communes'])} communes, "
        f"{len(data['grassroots'])} grassroots orgs, {len(data['members'])} members, "
        f"{len(data['names'])} names, {len(data['numbers'])} numbers "
        f"({time.monotonic() - t:.1f} s)",
        flush=True,
    )
    (work / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    print(_ensure_user(dsn, env), flush=True)

    host = f"http://127.0.0.1:{args.port}"
    server_log = work / "server.log"
    with server_log.open("wb") as out:
        server = subprocess.Popen(
            [str(VENV_BIN / "tochuc"), "serve", f"127.0.0.1:{args.port}", "--no-worker"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole
        )
    try:
        up = _wait_up(f"{host}/login/", server)
        print(f"server up in {up:.1f} s ({host}, log {server_log})", flush=True)
        home_s, home_status = _time_home(host)
        print(f"GET / (to-do) alone: {home_s:.1f} s, HTTP {home_status}", flush=True)
        locust = [
            str(VENV_BIN / "locust"),
            "-f",
            str(BENCH / "locustfile.py"),
            "--headless",
            "-u",
            str(args.users),
            "-r",
            str(args.spawn_rate),
            "-t",
            args.duration,
            "--host",
            host,
            "--csv",
            str(work / "locust"),
            "--only-summary",
            "--stop-timeout",
            "30",
            "--exit-code-on-error",
            "0",
        ]
        print("$ " + shlex.join(locust), flush=True)
        locust_env = {
            **os.environ,
            "BENCH_LOAD_DATA": str(work / "data.json"),
            "BENCH_LOAD_LOG": str(work / "requests.json"),
            "BENCH_LOAD_USER": USERNAME,
            "BENCH_LOAD_PASSWORD": PASSWORD,
            "BENCH_LOAD_LANDING": "1" if args.landing else "0",
        }
        cpu_before, server_before = _cpu_times(), _group_ticks(server.pid)
        started = datetime.now()
        runner = subprocess.Popen(locust, env=locust_env, cwd=work, start_new_session=True)
        locust_ticks = 0
        while runner.poll() is None:
            locust_ticks = max(locust_ticks, _group_ticks(runner.pid))
            time.sleep(1)
        cpu_after, server_after = _cpu_times(), _group_ticks(server.pid)
    finally:
        _stop(server)
    if runner.returncode != 0:
        print(f"locust exit code {runner.returncode}", file=sys.stderr)
    log = json.loads((work / "requests.json").read_text(encoding="utf-8"))
    mix_rows = log["mix"]
    result = _analyse(log, [name for _, name, _, _ in mix_rows], skip={log["logout"]})
    all_ticks = max(1, cpu_after[1] - cpu_before[1])  # ticks of all CPUs together
    cpus = os.cpu_count() or 1
    busy = (cpu_after[0] - cpu_before[0]) / all_ticks * cpus  # in CPUs
    in_server = (server_after - server_before) / all_ticks * cpus
    in_locust = locust_ticks / all_ticks * cpus
    server_errors = sum(
        1 for line in server_log.read_text(errors="replace").splitlines() if "Traceback" in line
    )

    mix = [
        "| kind | request | weight % | what |",
        "| --- | --- | ---: | --- |",
        *(f"| {kind} | {name} | {weight} | {what} |" for kind, name, weight, what in mix_rows),
    ]
    header = [
        "# Load test: 50 users on loopback (issue #7)"
        if args.users == 50
        else f"# Load test: {args.users} users on loopback",
        "",
        f"- date: {started:%Y-%m-%d %H:%M}",
        f"- machine: {_machine()}",
        f"- command: `{command}`",
        f"- server: `tochuc serve 127.0.0.1:{args.port} --no-worker` (gunicorn, 2 workers × 4 "
        f"threads), {data['server']}, database `{dsn.rsplit('/', 1)[-1]}`: "
        f"{number(data['organizations'])} organizations, {number(data['members_all'])} members",
        f"- load: `locust --headless -u {args.users} -r {number(args.spawn_rate)} "
        f"-t {args.duration}` (locust {_locust_version()}, on the same machine), "
        f"measured {number(result['seconds'], 1)} s; each user logs in once as «{USERNAME}» "
        "(administrator: the whole country), "
        + ("opens / (the to-do) it lands on, " if args.landing else "")
        + "picks a home province, then loops over the mix below with a think time of 1–3 s",
        f"- outside the mix: `GET /` (the to-do list the login lands on; for this administrator "
        f"the whole country's) timed once, alone, before the load: {number(home_s, 1)} s "
        f"(HTTP {home_status})",
        f"- CPU during the run (/proc): {number(busy, 2)} of {cpus} CPUs busy: gunicorn "
        f"{number(in_server, 2)}, locust {number(in_locust, 2)}, the rest (PostgreSQL, "
        f"system) {number(busy - in_server - in_locust, 2)}; tracebacks in the server log: "
        f"{server_errors}",
        "- percentiles: exact (nearest rank over every request), in ms; ⚠: p95 ≥ "
        f"{TARGET_P95_MS} ms or failures",
        "",
        "## Mix",
        "",
        *mix,
        "",
        "## Results",
        "",
        _table(result),
        "",
        _verdict(result),
        "",
    ]
    if result["errors"]:
        header += [
            "## Errors",
            "",
            "| request | error | count | examples |",
            "| --- | --- | ---: | --- |",
        ]
        worst = sorted(result["errors"].items(), key=lambda item: -item[1][0])
        for (name, error), (n, urls) in worst[:30]:
            shown = ", ".join(f"`{u.removeprefix(host)}`" for u in urls)
            header.append(f"| {name} | {error.replace('|', '/')} | {number(n)} | {shown} |")
        header.append("")
    text = "\n".join(header)
    print()
    print(text)
    if args.write:
        RESULTS.write_text(text)
        print(f"written: {RESULTS.relative_to(ROOT)}")


def _locust_version() -> str:
    from importlib.metadata import version

    return version("locust")


if __name__ == "__main__":
    main()
