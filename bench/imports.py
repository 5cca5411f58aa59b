"""Benchmark of issue #6 (Excel import and export of members) on PostgreSQL.

    .venv/bin/python bench/imports.py [--rows 100000] [--export-rows 1000000]
                                      [--skip-import] [--skip-export] [--write]
    .venv/bin/python bench/imports.py --profile [--profile-rows 20000]

Import (database `tochuc_bench_import` on $BENCH_PG, postgres://postgres@127.0.0.1:5432):
created with createdb when missing and filled with `tochuc demo --scale province` (Cao Bằng,
150.000 members, 2-4 minutes) when it has no organization yet; migrated like the `tochuc`
command does. An .xlsx of --rows NEW valid members (openpyxl write_only; columns «Chi bộ» as
the branch's code, «Họ và tên», «Giới tính», «Ngày sinh», «Số CCCD», «Ngày vào Đảng», «Ngày
chính thức», «Trạng thái», «Dân tộc», «Tôn giáo», «Nghề nghiệp», «Trình độ chuyên môn», «Trình
độ lý luận chính trị») spread over every branch of the province, then, in this process, as the
administrator `bench-import` (created once through accounts.services.user_create):
  a   imports.services.import_upload(organization=<the province>, data=<the file's bytes>)
  b   import_start(dry_run=True) + import_work(pk)   (the worker's part, run here in-process)
  c   import_start(dry_run=False) + import_work(pk)  (the real write, one transaction)
with rows/s of b, c, a+c (target: 3.000 rows/s) and a+b+c, the counts (must be all created, none
rejected) and the process's peak RSS (VmHWM of /proc/self/status, i.e. ru_maxrss of the
process itself; tracemalloc is left out: it slows the import about twofold).
Clean-up (so the script can be rerun, and after a crash): the bench's CCCDs all have a serial
(last 6 digits) from 960000 up, which the demo never gives (its serials stop at 953000), so
every member whose CCCD matches ^[0-9]{6}9[6-9][0-9]{4}$ is deleted again with the rows that
point at it (placements, events, badges, transfers), then members.counters.stats_rebuild();
the Import rows of `bench-import`, their files and their queued task rows go too. This runs
before the import (leftovers of an interrupted run) and after it.

Export: in a child process (its peak RSS is its own), on the national demo `tochuc_bench_nation`
when it exists and holds at least --export-rows members (never written to, not even migrated),
what `tochuc export members` does without --org, limited to --export-rows rows:
core.excel.xlsx_write(headers=imports.files.member_headers(),
rows=imports.files.member_rows(member_list(actor=<admin>, state="counted")[:N])) to a file in
var/bench, deleted afterwards. Target: peak RSS under 500 MB, read by the child itself (VmHWM:
Linux keeps ru_maxrss across exec, so the child's ru_maxrss and the parent's RUSAGE_CHILDREN
would show this process's peak once the import has run).

--write puts the table into bench/results/imports.md (with the date, machine and command).

--tree [--tree-members 75000] (issue #17): a committee's first two files into an empty
database, on SQLite (var/bench/bench-tree.sqlite3, made anew) and PostgreSQL (`tochuc_bench_tree`,
dropped and created), each in a child process of its own (its peak RSS is its own): the tree
file (1 province, 60 upper-level committees, the 803 TCCSĐ of DOMAIN.md — 406 đảng bộ cơ sở
and 397 chi bộ cơ sở — and 4 chi bộ trực thuộc under each đảng bộ cơ sở: 2.488 lines, shuffled,
kinds spelled as offices do), imported as `tochuc import FILE` does without --org; then
--tree-members members whose «Mã chi bộ» are the tree's codes, imported as `tochuc import FILE
--org T`. Each as a (upload and read), b (dry run), c (the write), with rows/s, and the peak
RSS (VmHWM); the issue's target: the tree and the members, a+c each, under 5 minutes on SQLite.
--write puts the table into bench/results/imports-tree.md.
--profile: cProfile of a+b+c of --profile-rows rows (top 25 by cumulative and by tottime) and
the SQL time (every statement timed through connection.execute_wrapper); nothing is written.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import resource
import shlex
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from run import _machine  # bench/run.py: the same machine line in every result

from tochuc.core.formats import number

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results" / "imports.md"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
IMPORT_DB = "tochuc_bench_import"
NATION_DB = "tochuc_bench_nation"
RATE_TARGET = 3_000  # rows/s
MEMORY_TARGET = 500  # MB, peak RSS of the export
SERIAL_FROM = 960_000  # CCCD serials of the bench; the demo's stop at 1000 + 34 * 28000
BENCH_CCCD = r"^[0-9]{6}9[6-9][0-9]{4}$"
BENCH_USER = "bench-import"
HEADERS = [
    "Chi bộ",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số CCCD",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Trạng thái",
    "Dân tộc",
    "Tôn giáo",
    "Nghề nghiệp",
    "Trình độ chuyên môn",
    "Trình độ lý luận chính trị",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]
MIDDLE = {"male": ["Văn", "Đức", "Minh"], "female": ["Thị", "Minh"]}
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Lan", "Mai", "Nam"]
ETHNIC = ["Kinh", "Kinh", "Kinh", "Tày", "Nùng", "Mông", "Dao"]
RELIGION = ["Không", "Không", "Không", "Phật giáo", "Công giáo"]
OCCUPATION = ["Giáo viên", "Nông dân", "Công chức", "Hưu trí", "Công nhân", "Bác sĩ"]
EDUCATION = ["Chưa qua đào tạo", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ"]
THEORY = ["Chưa qua đào tạo", "Sơ cấp", "Trung cấp", "Cao cấp"]


def _mb(kb: int) -> float:
    return kb / 1024  # ru_maxrss is in KB on Linux


def _peak_kb() -> int:
    """The process's peak RSS in KB: VmHWM of its memory map. Not ru_maxrss alone: Linux keeps
    ru_maxrss across exec, so a child started by a big parent reports the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --- the database ---------------------------------------------------------------------------


def _pg(sql: str, db: str = "postgres", params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/{db}", autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def _db_exists(name: str) -> bool:
    return bool(_pg("SELECT 1 FROM pg_database WHERE datname = %s", params=[name]))


def _prepare_import_db() -> str:
    """Create and fill tochuc_bench_import when needed; returns what was done."""
    done = []
    if not _db_exists(IMPORT_DB):
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", IMPORT_DB], check=True)
        done.append("created")
    has_orgs = (
        _pg("SELECT to_regclass('orgs_organization') IS NOT NULL", db=IMPORT_DB)[0][0]
        and _pg("SELECT EXISTS (SELECT 1 FROM orgs_organization)", db=IMPORT_DB)[0][0]
    )
    if not has_orgs:
        print(f"== {IMPORT_DB}: tochuc demo --scale province ...", flush=True)
        start = time.perf_counter()
        env = dict(os.environ, DATABASE_URL=f"{PG_SERVER}/{IMPORT_DB}", TOCHUC_VAR=str(VAR))
        subprocess.run(
            [str(Path(sys.executable).with_name("tochuc")), "demo", "--scale", "province"],
            env=env,
            check=True,
            cwd=ROOT,
        )
        done.append(f"demo province built in {time.perf_counter() - start:.0f} s")
    return ", ".join(done) or "reused"


# --- the file -------------------------------------------------------------------------------


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def make_rows(n: int, branch_codes: list[str], cccd_prefixes: list[str], seed: int = 6):
    """n valid new members: (row cells, citizen_id). CCCDs: province code + gender/century
    digit + birth year + a serial from SERIAL_FROM, counted per prefix (unique in the file)."""
    from tochuc.members.validators import add_months

    rng = random.Random(seed)
    today = date.today()
    latest_admission = add_months(today, -13)  # the official date (12 months on) is past
    first_birth, span = date(1960, 1, 1), (date(1990, 12, 31) - date(1960, 1, 1)).days
    serials: dict[str, int] = {}
    for i in range(n):
        gender = "female" if rng.random() < 0.4 else "male"
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN)}"
        birth = first_birth + timedelta(days=rng.randrange(span + 1))
        admitted = _add_years(birth, rng.randint(25, 44)) + timedelta(days=rng.randrange(300))
        admitted = min(admitted, latest_admission)  # born 1980 or later: 34 at least
        official = add_months(admitted, 12)
        prefix = f"{rng.choice(cccd_prefixes)}{int(gender == 'female')}{birth.year % 100:02d}"
        serial = serials.get(prefix, SERIAL_FROM)
        if serial > 999_999:
            raise RuntimeError(f"no CCCD serial left for {prefix}")
        serials[prefix] = serial + 1
        citizen_id = f"{prefix}{serial:06d}"
        row = [
            branch_codes[i % len(branch_codes)],
            name,
            "Nữ" if gender == "female" else "Nam",
            birth,
            citizen_id,
            admitted,
            official,
            "Chính thức",
            rng.choice(ETHNIC),
            rng.choice(RELIGION),
            rng.choice(OCCUPATION),
            rng.choice(EDUCATION),
            rng.choice(THEORY),
        ]
        yield row, citizen_id


def write_xlsx(rows, headers=HEADERS) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Đảng viên")
    sheet.append(headers)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, date):
                value = WriteOnlyCell(sheet, value)
                value.number_format = "DD/MM/YYYY"
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the import -----------------------------------------------------------------------------


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("TOCHUC_VAR", str(VAR))
    (Path(os.environ["TOCHUC_VAR"]) / "static").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()


def cleanup(say=print) -> None:
    """Delete the bench's members (CCCD serial >= 960000), what points at them, the bench's
    imports and their task rows; then rebuild the counts."""
    from django.db import connection, transaction
    from django_tasks_db.models import DBTaskResult

    from tochuc.imports.models import Import
    from tochuc.members.counters import stats_rebuild
    from tochuc.members.models import Badge, Member, MemberEvent, Placement, Transfer

    start = time.perf_counter()
    member_table = Member._meta.db_table
    chosen = f"SELECT id FROM {member_table} WHERE citizen_id ~ %s"
    # Badges point at events too: they go first. Any other table pointing at a member after.
    order = [Badge, Transfer, Placement, MemberEvent]
    others = [r.related_model for r in Member._meta.related_objects if r.related_model not in order]
    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for model in order + others:
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model is Member:
                    cursor.execute(
                        f"DELETE FROM {model._meta.db_table} WHERE {f.column} IN ({chosen})",
                        [BENCH_CCCD],
                    )
                    if cursor.rowcount:
                        deleted[model.__name__] = deleted.get(model.__name__, 0) + cursor.rowcount
        cursor.execute(f"DELETE FROM {member_table} WHERE citizen_id ~ %s", [BENCH_CCCD])
        members = cursor.rowcount
        uploads = Import.objects.filter(created_by__username=BENCH_USER)
        pks = list(uploads.values_list("pk", flat=True))
        for upload in uploads:
            upload.file.delete(save=False)
        uploads.delete()
        tasks = 0
        if pks:
            tasks, _ = DBTaskResult.objects.filter(
                task_path__endswith="import_process", status="READY", args_kwargs__args__0__in=pks
            ).delete()
    if members or deleted or pks:
        stats_rebuild()
        say(
            f"  clean-up: {number(members)} bench members deleted (+ {deleted or 'nothing else'}), "
            f"{len(pks)} imports, {tasks} task rows, counts rebuilt "
            f"({time.perf_counter() - start:.1f} s)"
        )


class _SqlLog:
    """Times every statement run through the connection (execute_wrapper)."""

    def __init__(self) -> None:
        self.total = 0.0
        self.count = 0
        self.by_kind: dict[str, list] = {}  # the statement's first words -> [seconds, count]

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - start
            self.total += elapsed
            self.count += 1
            words = sql.split()
            kind = " ".join(
                words[:3] if words[:1] != ["SELECT"] else ["SELECT", "...", *_from(sql)]
            )
            entry = self.by_kind.setdefault(kind, [0.0, 0])
            entry[0] += elapsed
            entry[1] += 1


def _from(sql: str) -> list[str]:
    words = sql.split(" FROM ", 1)
    return ["FROM", words[1].split()[0]] if len(words) > 1 else []


def run_import(n: int, *, profile: bool = False) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from tochuc.accounts.models import Role, User
    from tochuc.accounts.services import user_create
    from tochuc.core.scope import path_q
    from tochuc.imports.models import Import
    from tochuc.imports.services import import_read, import_start, import_upload, import_work
    from tochuc.members.models import Member
    from tochuc.members.reference import CCCD_PROVINCES
    from tochuc.orgs.models import MEMBER_KINDS, Organization, SubtreeCount

    call_command("migrate", verbosity=0, interactive=False)  # as the `tochuc` command does
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0].split()[0]
    cleanup()

    system = User(
        username="bench", role=Role.ADMIN, is_active=True
    )  # as accounts.services.system_actor()
    actor = User.objects.filter(username=BENCH_USER).first()
    if actor is None:
        actor, _ = user_create(
            actor=system, username=BENCH_USER, role=Role.ADMIN, full_name="Benchmark import"
        )
    roots = Organization.objects.filter(parent=None, dissolved_on__isnull=True)
    biggest = (
        SubtreeCount.objects.filter(organization__in=roots, dimension="member", value="total")
        .order_by("-count")
        .values_list("organization_id", flat=True)
        .first()
    )
    province = Organization.objects.get(pk=biggest) if biggest else roots.order_by("id").first()
    codes: dict[str, int] = {}
    branches = Organization.objects.filter(
        path_q(province.path), kind__in=MEMBER_KINDS, dissolved_on__isnull=True
    ).exclude(code="")
    for code in branches.values_list("code", flat=True):
        codes[code.casefold()] = codes.get(code.casefold(), 0) + 1
    branch_codes = sorted(
        c for c in branches.values_list("code", flat=True) if codes[c.casefold()] == 1
    )
    if not branch_codes:
        sys.exit(f"{province.name}: no branch with a code to import into")
    members_before = Member.objects.count()

    start = time.perf_counter()
    made = list(make_rows(n, branch_codes, sorted(CCCD_PROVINCES)[:12]))
    citizen_ids = [cid for _, cid in made]
    taken = set()
    for i in range(0, len(citizen_ids), 5000):
        taken |= set(
            Member.objects.filter(citizen_id__in=citizen_ids[i : i + 5000]).values_list(
                "citizen_id", flat=True
            )
        )
    if taken:
        sys.exit(f"{len(taken)} CCCDs of the file already in the database, e.g. {min(taken)}")
    data = write_xlsx(row for row, _ in made)
    del made, citizen_ids
    make_s = time.perf_counter() - start
    file_name = f"bench-import-{n}.xlsx"
    print(
        f"  file: {number(n)} rows, {len(data) / 1024 / 1024:.1f} MB, made in {make_s:.1f} s; "
        f"{len(branch_codes)} branches of {province.name}",
        flush=True,
    )
    rss_before = _peak_kb()

    profiler = cProfile.Profile() if profile else None
    sql = _SqlLog()
    times = {}
    peaks = {}

    def timed(key, fn):
        t0 = time.perf_counter()
        if profiler:
            profiler.enable()
        try:
            with connection.execute_wrapper(sql):
                return fn()
        finally:
            if profiler:
                profiler.disable()
            times[key] = time.perf_counter() - t0
            peaks[key] = _peak_kb()
            print(f"  {key}: {times[key]:.1f} s, peak RSS {_mb(peaks[key]):.0f} MB", flush=True)

    def run(upload, dry_run):
        upload = import_start(actor=actor, upload=upload, dry_run=dry_run)
        import_work(upload.pk)
        return Import.objects.get(pk=upload.pk)

    try:

        def upload_and_read():
            upload = import_upload(
                actor=actor, organization=province, file_name=file_name, data=data
            )
            import_read(upload.pk)  # the worker's part of the upload
            return Import.objects.get(pk=upload.pk)

        upload = timed("a", upload_and_read)
        checked = timed("b", lambda: run(upload, True))
        _problems(checked, n, "dry run")
        done = timed("c", lambda: run(checked, False))
        _problems(done, n, "import")
        imported = Member.objects.filter(citizen_id__regex=BENCH_CCCD).count()
    finally:
        cleanup()
    result = {
        "server": server,
        "province": f"{province.name} (id {province.pk})",
        "members_before": members_before,
        "branches": len(branch_codes),
        "rows": n,
        "file_mb": len(data) / 1024 / 1024,
        "make_s": make_s,
        "times": times,
        "rss_before_mb": _mb(rss_before),
        "peaks_mb": {k: _mb(v) for k, v in peaks.items()},
        "checked": (checked.status, checked.created, checked.rejected),
        "done": (done.status, done.created, done.rejected),
        "imported": imported,
        "sql_s": sql.total,
        "queries": sql.count,
    }
    if profiler:
        total = sum(times.values())
        print(
            f"\n{number(n)} rows: a+b+c {total:.1f} s under cProfile "
            f"({n / total:.0f} rows/s); SQL {sql.total:.1f} s in {sql.count} statements"
        )
        print("\n--- SQL by statement (seconds with psycopg's client-side query building) ---")
        for kind, (seconds, count) in sorted(sql.by_kind.items(), key=lambda x: -x[1][0])[:12]:
            print(f"{seconds:8.2f} s {count:6d}x  {kind[:110]}")
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(25)
            text = out.getvalue()
            print(f"\n--- top 25 by {order} ---")
            print(text[text.index("   ncalls") :] if "   ncalls" in text else text)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.print_callers(r"_split_query|counts_apply_many|_plan|parse_row")
        print("\n--- callers of _split_query, counts_apply_many, _plan, parse_row ---")
        print(out.getvalue().strip())
    return result


def _problems(upload, n: int, what: str) -> None:
    if upload.created != n or upload.rejected:
        print(
            f"  !! {what}: status {upload.status}, {upload.created} created, "
            f"{upload.rejected} rejected, error {upload.error!r}",
            flush=True,
        )
        for p in upload.problems[:10]:
            print(f"     row {p['row']} «{p['column']}»: {p['message']}")


# --- the export (child process) -------------------------------------------------------------


def export_child(limit: int, out_path: str) -> dict:
    """Runs in its own process with DATABASE_URL of the nation database: no migrate, no write."""
    os.environ.setdefault("TOCHUC_VAR", str(VAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()
    from tochuc.accounts.models import Role, User
    from tochuc.core.excel import xlsx_write
    from tochuc.imports.files import member_headers, member_rows
    from tochuc.members.selectors import member_list

    rss_start = _peak_kb()
    actor = User(
        username="bench", role=Role.ADMIN, is_active=True
    )  # as accounts.services.system_actor()
    members = member_list(actor=actor, state="counted")[:limit]
    start = time.perf_counter()
    with open(out_path, "wb") as out:
        count = xlsx_write(
            out,
            title="Danh sách đảng viên — Toàn quốc",
            headers=member_headers(),
            rows=member_rows(members),
        )
    seconds = time.perf_counter() - start
    return {
        "rows": count,
        "seconds": seconds,
        "bytes": Path(out_path).stat().st_size,
        "rss_start_mb": _mb(rss_start),
        "peak_mb": _mb(_peak_kb()),
    }


def run_export(limit: int) -> dict | str:
    if not _db_exists(NATION_DB):
        return f"database {NATION_DB} does not exist: export skipped"
    members = _pg("SELECT count(*) FROM members_member", db=NATION_DB)[0][0]
    if members < limit:
        return f"{NATION_DB} holds {number(members)} members, fewer than {number(limit)}: skipped"
    out = VAR / "bench-export.xlsx"
    env = dict(os.environ, DATABASE_URL=f"{PG_SERVER}/{NATION_DB}", TOCHUC_VAR=str(VAR))
    print(
        f"== export of {number(limit)} rows from {NATION_DB} ({number(members)} members)",
        flush=True,
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--export-child",
            "--export-rows",
            str(limit),
            "--out",
            str(out),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    out.unlink(missing_ok=True)
    if proc.returncode:
        return f"export child failed (exit {proc.returncode}): {proc.stdout[-2000:]}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(wall=wall, members=members)
    print(
        f"  {number(result['rows'])} rows in {result['seconds']:.1f} s, "
        f"{result['bytes'] / 1024 / 1024:.1f} MB, peak RSS {result['peak_mb']:.0f} MB",
        flush=True,
    )
    return result


# --- the reader's memory -------------------------------------------------------------------

BOMB_ROWS, BOMB_CHARS = 1_000_000, 1_000


def write_bomb(path: Path) -> None:
    """An .xlsx of BOMB_ROWS rows of one BOMB_CHARS-character cell (1 GB of sheet XML, a few MB
    zipped)."""
    text = "A" * BOMB_CHARS
    write_sheet(
        path,
        (
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{text}</t></is></c></row>'
            for r in range(1, BOMB_ROWS + 1)
        ),
    )


def write_widest(path: Path) -> None:
    """The largest sheet the limits let through: a header line and 199.999 rows of 30 numbers,
    6.000.000 cells (about 180 MB of XML, under the 300 MB unpacked)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(1, 31)]
    header = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for c, h in zip(letters, [*HEADERS, *[f"Cột {i}" for i in range(14, 31)]], strict=True)
    )

    def rows():
        yield f'<row r="1">{header}</row>'
        for r in range(2, 200_001):
            yield (
                f'<row r="{r}">'
                + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in letters)
                + "</row>"
            )

    write_sheet(path, rows())


def write_sheet(path: Path, rows) -> None:
    """An .xlsx of one sheet whose rows (SpreadsheetML `<row>` elements) are streamed into the
    zip, so that building it takes no memory."""
    import zipfile

    ns = "http://schemas.openxmlformats.org/"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="'
        + ns
        + 'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
        + ns
        + 'package/2006/relationships"><Relationship Id="rId1" Type="'
        + ns
        + 'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="'
        + ns
        + 'spreadsheetml/2006/main" xmlns:r="'
        + ns
        + 'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        'xmlns="'
        + ns
        + 'package/2006/relationships"><Relationship Id="rId1" Type="'
        + ns
        + 'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, xml in parts.items():
            book.writestr(name, xml)
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + ns).encode()
                + b'spreadsheetml/2006/main"><sheetData>'
            )
            for row in rows:
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")


def _lie(data: bytes, name: str, size: int) -> bytes:
    """`data` with the member `name` declaring `size` unpacked bytes (local header and central
    directory), its compressed bytes unchanged."""
    import zipfile

    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    out[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    at = out.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(out[at + 28 : at + 30], "little")
        if out[at + 46 : at + 46 + length] == name.encode():
            out[at + 24 : at + 28] = size.to_bytes(4, "little")
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def read_child(path: str) -> dict:
    """In a fresh process with Django set up, as `tochuc worker` is: what its import_read does
    with a file (services.read_outline: read it within the limits, find the header line;
    then map the columns), without the database."""
    os.environ.setdefault("TOCHUC_VAR", str(VAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()
    from tochuc.core.errors import ServiceError
    from tochuc.imports.parsing import match_headers
    from tochuc.imports.services import read_outline

    data = Path(path).read_bytes()
    rss_start = _peak_kb()
    start = time.perf_counter()
    try:
        _, headers, rows = read_outline(data, Path(path).name)
        outcome = f"read: {number(rows)} rows, {len(match_headers(headers))} columns mapped"
    except ServiceError as exc:
        outcome = f"refused: {exc}"
    return {
        "seconds": time.perf_counter() - start,
        "rss_start_mb": _mb(rss_start),
        "peak_mb": _mb(_peak_kb()),
        "outcome": outcome,
    }


def run_memory(members_rows: int) -> list[dict]:
    """Peak RSS of the worker's reading of the bomb and of a members file (built once in
    var/bench, no database needed)."""
    import zipfile

    VAR.mkdir(parents=True, exist_ok=True)
    bomb = VAR / f"bomb-{BOMB_ROWS}x{BOMB_CHARS}.xlsx"
    if not bomb.exists():
        print(f"  building {bomb.name} ...", flush=True)
        write_bomb(bomb)
    # The same bomb whose headers say its sheet unpacks to 290 MB, under the limit: only
    # counting the bytes as they come stops it (the worst case: 290 MB unpacked, then refused).
    lying = VAR / f"bomb-{BOMB_ROWS}x{BOMB_CHARS}-lying.xlsx"
    if not lying.exists():
        lying.write_bytes(_lie(bomb.read_bytes(), "xl/worksheets/sheet1.xml", 290 * 1024 * 1024))
    # Two cells far apart (A1, XFD1048576): calamine would allocate 512 GB for the area.
    far = VAR / "far-cells.xlsx"
    if not far.exists():
        from openpyxl import Workbook

        book = Workbook()
        book.active["A1"] = "Họ và tên"
        book.active["XFD1048576"] = "x"
        book.save(far)
    widest = VAR / "widest-200000x30.xlsx"
    if not widest.exists():
        print(f"  building {widest.name} ...", flush=True)
        write_widest(widest)
    members = VAR / f"members-{members_rows}.xlsx"
    if not members.exists():
        print(f"  building {members.name} ...", flush=True)
        rows = make_rows(members_rows, [f"CB{i:03d}" for i in range(300)], ["004", "008"])
        members.write_bytes(write_xlsx(row for row, _ in rows))
    results = []
    for path in (bomb, lying, far, widest, members):
        unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
        proc = subprocess.run(
            [sys.executable, __file__, "--read-child", str(path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result |= {
            "file": path.name,
            "file_mb": path.stat().st_size / 1024 / 1024,
            "unpacked_mb": unpacked / 1024 / 1024,
        }
        print(
            f"  {path.name}: {result['file_mb']:.1f} MB, {result['unpacked_mb']:.0f} MB "
            f"unpacked: {result['outcome']} in {result['seconds']:.1f} s, peak RSS "
            f"{result['peak_mb']:.0f} MB (after django.setup: {result['rss_start_mb']:.0f} MB)",
            flush=True,
        )
        results.append(result)
    return results


# --- the tree, then its members, into an empty database (issue #17) -------------------------

TREE_DB = "tochuc_bench_tree"
TREE_SQLITE = VAR / "bench-tree.sqlite3"
TREE_RESULTS = ROOT / "bench" / "results" / "imports-tree.md"
TREE_HEADERS = ["Mã tổ chức", "Tên tổ chức", "Loại hình tổ chức", "Mã cấp trên", "Ngày thành lập"]
TREE_TARGET = 300  # seconds: the tree and its members, uploaded and imported, on SQLite


def tree_rows(seed: int = 17) -> tuple[list[list], list[str]]:
    """The tree file's lines (shuffled) and the codes of its chi bộ, where members go."""
    rows = [["T", "Đảng bộ tỉnh Thử Nghiệm", "Đảng bộ tỉnh", None, None]]
    uppers = [f"U{i:02d}" for i in range(1, 61)]
    rows += [[u, f"Đảng bộ xã Số {u[1:]}", "Đảng bộ cấp trên cơ sở", "T", None] for u in uppers]
    branches = []
    for i in range(1, 407):
        code = f"CS{i:04d}"
        rows.append([code, f"Đảng bộ cơ sở Số {i}", "ĐBCS", uppers[i % 60], date(1990, 2, 5)])
        for j in range(1, 5):
            branches.append(f"{code}-{j}")
            rows.append(
                [branches[-1], f"Chi bộ Số {j}", "Chi bộ trực thuộc Đảng ủy cơ sở", code, None]
            )
    for i in range(1, 398):
        branches.append(f"CB{i:04d}")
        rows.append([branches[-1], f"Chi bộ cơ sở Số {i}", "CBCS", uppers[i % 60], None])
    random.Random(seed).shuffle(rows)
    return rows, branches


def tree_child(members: int) -> dict:
    """In its own process, on the empty database of DATABASE_URL: the tree, then its members."""
    os.environ.setdefault("TOCHUC_VAR", str(VAR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tochuc.accounts.models import Role, User
    from tochuc.imports.models import Import
    from tochuc.imports.services import import_read, import_start, import_upload, import_work
    from tochuc.members.counters import stats_drift
    from tochuc.members.reference import CCCD_PROVINCES
    from tochuc.orgs.models import Organization

    call_command("migrate", verbosity=0, interactive=False)
    actor = User(
        username="cli", role=Role.ADMIN, is_active=True
    )  # as accounts.services.system_actor()
    lines, branches = tree_rows()
    files = {
        "tree": (write_xlsx(lines, TREE_HEADERS), None, len(lines)),
        "members": (
            write_xlsx(
                (row for row, _ in make_rows(members, branches, sorted(CCCD_PROVINCES)[:12])),
                ["Mã chi bộ", *HEADERS[1:]],
            ),
            "T",
            members,
        ),
    }
    out: dict = {"engine": connection.vendor, "rss_start_mb": _mb(_peak_kb())}
    for key, (data, org_code, rows) in files.items():
        org = Organization.objects.get(code=org_code) if org_code else None
        times: dict[str, float] = {}
        t0 = time.perf_counter()
        upload = import_upload(actor=actor, organization=org, file_name=f"{key}.xlsx", data=data)
        import_read(upload.pk)
        times["a"] = time.perf_counter() - t0
        for step, dry_run in (("b", True), ("c", False)):
            t0 = time.perf_counter()
            upload = import_start(
                actor=actor, upload=Import.objects.get(pk=upload.pk), dry_run=dry_run
            )
            import_work(upload.pk)
            times[step] = time.perf_counter() - t0
        upload = Import.objects.get(pk=upload.pk)
        out[key] = {
            "rows": rows,
            "file_mb": len(data) / 1024 / 1024,
            "kind": upload.kind,
            "times": times,
            "result": (upload.status, upload.created, upload.rejected),
            "peak_mb": _mb(_peak_kb()),
        }
    out["organizations"] = Organization.objects.count()
    out["drift"] = len(stats_drift())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            out["server"] = "PostgreSQL " + cursor.fetchone()[0].split()[0]
    else:
        import sqlite3

        out["server"] = f"SQLite {sqlite3.sqlite_version}"
    return out


def run_tree(members: int) -> list[dict]:
    VAR.mkdir(parents=True, exist_ok=True)
    results = []
    for engine in ("sqlite", "postgresql"):
        if engine == "sqlite":
            TREE_SQLITE.unlink(missing_ok=True)
            url = f"sqlite:///{TREE_SQLITE}"
        else:
            for tool in (["dropdb", "--if-exists"], ["createdb"]):
                subprocess.run([*tool, "-h", "127.0.0.1", "-U", "postgres", TREE_DB], check=True)
            url = f"{PG_SERVER}/{TREE_DB}"
        print(f"== {engine}: the tree, then {number(members)} members ({url})", flush=True)
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, "--tree-child", "--tree-members", str(members)],
            env=dict(os.environ, DATABASE_URL=url, TOCHUC_VAR=str(VAR)),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["wall"] = time.perf_counter() - start
        result["url"] = url
        for key in ("tree", "members"):
            part = result[key]
            t = part["times"]
            print(
                f"  {key}: {part['rows']} rows, a {t['a']:.1f} s, b {t['b']:.1f} s, "
                f"c {t['c']:.1f} s, {part['result']}, peak RSS {part['peak_mb']:.0f} MB",
                flush=True,
            )
        results.append(result)
    return results


def tree_table(results: list[dict]) -> list[str]:
    lines = [
        "| CSDL | tệp | dòng | a. tải lên, đọc | b. kiểm tra thử | c. nhập | a+c | kết quả "
        "(tạo / từ chối) | RSS đỉnh |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in results:
        for key, label in (("tree", "cây tổ chức"), ("members", "đảng viên («Mã chi bộ»)")):
            part = r[key]
            n, t = part["rows"], part["times"]
            status, created, rejected = part["result"]
            lines.append(
                f"| {r['server']} | {label} | {number(n)} | {number(t['a'], 1)} s | "
                f"{number(t['b'], 1)} s = {number(n / t['b'])} dòng/s | "
                f"{number(t['c'], 1)} s = {number(n / t['c'])} dòng/s | "
                f"{number(t['a'] + t['c'], 1)} s | {status}: {number(created)} / {number(rejected)} "
                f"| {number(part['peak_mb'])} MB |"
            )
    lines.append("")
    lines.append("| CSDL | cây + đảng viên, a+c | mục tiêu (SQLite) | | lệch số đếm |")
    lines.append("| --- | ---: | ---: | --- | ---: |")
    for r in results:
        total = sum(r[k]["times"]["a"] + r[k]["times"]["c"] for k in ("tree", "members"))
        good = total < TREE_TARGET if r["engine"] == "sqlite" else None
        mark = "" if good is None else _ok(good)
        target = f"< {TREE_TARGET} s" if r["engine"] == "sqlite" else "—"
        lines.append(f"| {r['server']} | {number(total, 1)} s | {target} | {mark} | {r['drift']} |")
    return lines


# --- the table ------------------------------------------------------------------------------


def _ok(good: bool) -> str:
    return "ok" if good else "⚠"


def table(imp: dict | None, exp: dict | str | None) -> list[str]:
    lines = ["| measure | value | target | |", "| --- | ---: | ---: | --- |"]
    if imp:
        n, t = imp["rows"], imp["times"]
        rate = lambda s: n / s  # noqa: E731
        total = t["a"] + t["b"] + t["c"]
        lines += [
            f"| tệp .xlsx {number(n)} dòng (tạo bằng openpyxl, không tính) | "
            f"{number(imp['file_mb'], 1)} MB, {number(imp['make_s'], 1)} s | — | |",
            f"| a. import_upload (đọc tệp, dòng tên cột) | {number(t['a'], 1)} s | — | |",
            f"| b. kiểm tra thử (import_start dry_run + import_work) | "
            f"{number(t['b'], 1)} s = {number(rate(t['b']))} dòng/s | ≥ {number(RATE_TARGET)} dòng/s | "
            f"{_ok(rate(t['b']) >= RATE_TARGET)} |",
            f"| c. nhập thật (import_start + import_work) | "
            f"{number(t['c'], 1)} s = {number(rate(t['c']))} dòng/s | ≥ {number(RATE_TARGET)} dòng/s | "
            f"{_ok(rate(t['c']) >= RATE_TARGET)} |",
            # The "validated and imported": the upload and the import, which checks
            # every row again before it writes; the dry run is a step the user may skip.
            f"| a+c: tải lên và nhập (mọi dòng được kiểm tra) | {number(t['a'] + t['c'], 1)} s = "
            f"{number(rate(t['a'] + t['c']))} dòng/s | ≥ {number(RATE_TARGET)} dòng/s | "
            f"{_ok(rate(t['a'] + t['c']) >= RATE_TARGET)} |",
            f"| a+b+c: cả kiểm tra thử | {number(total, 1)} s = {number(rate(total))} dòng/s | — | |",
        ]
        status, created, rejected = imp["done"]
        good = created == n and rejected == 0 and imp["imported"] == n and status == "done"
        lines += [
            f"| kết quả: tạo mới / bị từ chối (kiểm tra thử: {number(imp['checked'][1])} / "
            f"{number(imp['checked'][2])}) | {number(created)} / {number(rejected)} "
            f"({status}; {number(imp['imported'])} trong CSDL) | {number(n)} / 0 | {_ok(good)} |",
            f"| RSS đỉnh của tiến trình nhập (trước a: {number(imp['rss_before_mb'])} MB) | "
            f"{number(imp['peaks_mb']['c'])} MB | — | |",
        ]
    if isinstance(exp, dict):
        lines += [
            f"| xuất {number(exp['rows'])} dòng (xlsx_write + member_rows), tiến trình riêng | "
            f"{number(exp['seconds'], 1)} s = {number(exp['rows'] / exp['seconds'])} dòng/s, "
            f"{number(exp['bytes'] / 1024 / 1024, 1)} MB | — | |",
            f"| RSS đỉnh của tiến trình xuất (sau django.setup: {number(exp['rss_start_mb'])} MB) | "
            f"{number(exp['peak_mb'])} MB | < {MEMORY_TARGET} MB | "
            f"{_ok(exp['peak_mb'] < MEMORY_TARGET)} |",
        ]
    elif exp:
        lines.append(f"| xuất | bỏ qua: {exp} | < {MEMORY_TARGET} MB | |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--export-rows", type=int, default=1_000_000)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--write", action="store_true", help="write bench/results/imports.md")
    parser.add_argument("--profile", action="store_true", help="cProfile one import, nothing else")
    parser.add_argument("--profile-rows", type=int, default=20_000)
    parser.add_argument(
        "--memory",
        action="store_true",
        help="peak RSS of the worker reading a zip bomb and --rows members; nothing else",
    )
    parser.add_argument(
        "--tree", action="store_true", help="the tree, then its members, into empty databases"
    )
    parser.add_argument("--tree-members", type=int, default=75_000)
    parser.add_argument("--tree-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--read-child", help=argparse.SUPPRESS)
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.export_child:
        print(json.dumps(export_child(args.export_rows, args.out)))
        return
    if args.read_child:
        print(json.dumps(read_child(args.read_child)))
        return
    if args.tree_child:
        print(json.dumps(tree_child(args.tree_members)))
        return
    if args.tree:
        results = run_tree(args.tree_members)
        command = ".venv/bin/python bench/imports.py " + shlex.join(sys.argv[1:])
        head = [
            "# Benchmark: the organization tree, then its members, from Excel (issue #17)",
            "",
            f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; machine: {_machine()}",
            f"- command: `{command.strip()}`",
            "- each engine from an empty database ("
            + ", ".join(r["url"].replace(f"{ROOT}/", "") for r in results)
            + "), in a "
            "child process of its own, as the command line's operator; the worker's part "
            "(import_work) run in-process; the tree: "
            f"{number(results[0]['organizations'])} organizations in the end (1 tỉnh, 60 cấp trên "
            "cơ sở, 406 đảng bộ cơ sở, 397 chi bộ cơ sở, 1.624 chi bộ trực thuộc), its lines "
            "shuffled; the members' file «Mã chi bộ» + the 12 columns of the members' measure",
        ]
        text = "\n".join([*head, "", *tree_table(results)]) + "\n"
        print()
        print(text)
        if args.write:
            TREE_RESULTS.write_text(text)
            print(f"written to {TREE_RESULTS.relative_to(ROOT)}")
        return
    if args.memory:
        print(
            f"== the worker reading: {BOMB_ROWS:,} x {BOMB_CHARS:,} characters, then "
            f"{args.rows:,} members",
            flush=True,
        )
        run_memory(args.rows)
        return

    VAR.mkdir(parents=True, exist_ok=True)
    if args.profile:
        print(f"== {IMPORT_DB}: {_prepare_import_db()}", flush=True)
        _setup_django(f"{PG_SERVER}/{IMPORT_DB}")
        run_import(args.profile_rows, profile=True)
        return

    imp = exp = None
    prepared = ""
    if not args.skip_import:
        prepared = _prepare_import_db()
        print(f"== {IMPORT_DB}: {prepared}; import of {number(args.rows)} rows", flush=True)
        _setup_django(f"{PG_SERVER}/{IMPORT_DB}")
        imp = run_import(args.rows)
    if not args.skip_export:
        exp = run_export(args.export_rows)

    command = ".venv/bin/python bench/imports.py " + shlex.join(sys.argv[1:])
    head = [
        "# Benchmark of the Excel import and export (issue #6)",
        "",
        f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; machine: {_machine()}",
        f"- command: `{command.strip()}`",
    ]
    if imp:
        head.append(
            f"- import: PostgreSQL {imp['server']}, `{PG_SERVER}/{IMPORT_DB}` ({prepared}); "
            f"province {imp['province']}, {number(imp['members_before'])} members before; "
            f"{number(imp['rows'])} new members over its {number(imp['branches'])} branches, "
            f"as an administrator; the worker's part (import_work) run in-process; "
            f"SQL {number(imp['sql_s'], 1)} s of a+b+c in {number(imp['queries'])} statements; "
            "the imported members deleted again afterwards"
        )
    if isinstance(exp, dict):
        head.append(
            f"- export: `{PG_SERVER}/{NATION_DB}` ({number(exp['members'])} members), "
            f'`member_list(actor=admin, state="counted")[:{number(args.export_rows)}]`, in a '
            f"child process ({number(exp['wall'], 1)} s with its start-up)"
        )
    text = "\n".join([*head, "", *table(imp, exp)]) + "\n"
    print()
    print(text)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text)
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
