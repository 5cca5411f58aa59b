"""Benchmark of issue #18 (the document registry): search over 1,000,000 documents, and the
references of a 50-page text.

    .venv/bin/python bench/documents.py [--engine postgresql|sqlite] [--documents N]
                                        [--fresh] [--runs 7] [--write]

The database: PostgreSQL `tochuc_bench_documents` on $BENCH_PG (postgres://postgres@127.0.0.1:
5432), or SQLite var/bench/bench-documents.sqlite3; built when it has no document (--fresh:
dropped and built again), migrated like the `tochuc` command does. The tree: the demo's
province (Cao Bằng, seed 1: its province bodies and its 56 communes, each planned as the demo
plans it, about 5.000 organizations), without members. The documents (--documents, default
1.000.000 on PostgreSQL, 50.000 on SQLite, the scale of one province's registry) are kept
10% by the province (issuers TU, BTCTU, VPTU, UBKTTU), 40% by the upper-level committees
(ĐU, BTCĐU), 50% by the grassroots organizations (ĐU, CB); types in proportions seen in a
registry (công văn, thông báo, báo cáo, kế hoạch, quyết định ... nghị quyết, đề án), numbered
per issuer, code and term in date order, dates over 20 years, titles from a vocabulary of the
Party work (about one in 10.000 says «tư liệu»); inserted by core.db.insert_rows (COPY), then
ANALYZE.

Measures (each the median of --runs after one warm-up): what the registry page does,
`document_list(actor, DocumentFilter(...))` then `document_page(qs, 1)`: the first page's 50
rows and its count (capped at COUNT_CAP + 1):
  symbol        q = the province's highest number («9876-CV/TU»)
  rare          q = «lieu» (about 100 documents)
  common        q = «dang» (nearly every title)
  two-words     q = «ket nap»
  type-year     doc_type = Nghị quyết, year = 2019
  commune       the unfiltered list of a commune's staff (its subtree and the levels above)
  province      the unfiltered list of the province's staff
target < 100 ms each. And references: find_references + references_match on a text of about
150.000 characters (50 pages) with 300 references to documents of the registry, as the
province's staff: target < 200 ms.

--write puts the table into bench/results/documents.md (one section per engine, with the date,
the machine and the command).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run import _machine  # noqa: E402  bench/run.py: the same machine line in every result

VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results" / "documents.md"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DB = "tochuc_bench_documents"
SQLITE = VAR / "bench-documents.sqlite3"
SEARCH_TARGET, REFERENCES_TARGET = 100, 200  # ms

# (name, share): the registry's mix of types.
TYPES = [
    ("Công văn", 30),
    ("Thông báo", 14),
    ("Báo cáo", 14),
    ("Kế hoạch", 10),
    ("Quyết định", 12),
    ("Hướng dẫn", 4),
    ("Tờ trình", 4),
    ("Nghị quyết", 4),
    ("Chương trình", 2),
    ("Quy định", 1),
    ("Chỉ thị", 1),
    ("Kết luận", 2),
    ("Đề án", 1),
    ("Biên bản", 1),
]
TOPICS = [
    "công tác xây dựng Đảng",
    "kết nạp đảng viên",
    "phát triển đảng viên",
    "sinh hoạt chi bộ định kỳ",
    "sinh hoạt chuyên đề",
    "kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
    "công tác kiểm tra, giám sát",
    "thu, nộp, quản lý và sử dụng đảng phí",
    "chuyển sinh hoạt đảng",
    "công tác cán bộ",
    "quy hoạch cán bộ",
    "đào tạo, bồi dưỡng lý luận chính trị",
    "tặng Huy hiệu Đảng",
    "đại hội chi bộ nhiệm kỳ",
    "học tập, quán triệt nghị quyết",
    "công tác dân vận",
    "phòng, chống tham nhũng, lãng phí",
    "công tác bảo vệ chính trị nội bộ",
    "thi đua, khen thưởng",
    "nâng cao chất lượng tổ chức cơ sở đảng",
    "chuyển đổi số trong hoạt động của cấp ủy",
    "sắp xếp tổ chức bộ máy",
    "xây dựng nông thôn mới",
    "bảo đảm quốc phòng, an ninh",
]
OPENINGS = ["Về", "Về việc", "Triển khai", "Kết quả", "Tăng cường", "Thực hiện", "Tổng kết"]
RARE = "số hóa tư liệu lịch sử Đảng bộ"  # «lieu»: about one title in 10.000
PERIODS = [(2016, 2020), (2021, 2025), (2020, 2025), (2025, 2030)]


def _setup(engine: str, fresh: bool) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    if engine == "postgresql":
        url = f"{PG_SERVER}/{PG_DB}"
        exists = subprocess.run(
            [
                "psql",
                f"{PG_SERVER}/postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname='{PG_DB}'",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if fresh and exists:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", PG_DB], check=True)
        if fresh or not exists:
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", PG_DB], check=True)
    else:
        if fresh and SQLITE.exists():
            SQLITE.unlink()
        url = f"sqlite:///{SQLITE}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("TOCHUC_VAR", str(VAR))
    (Path(os.environ["TOCHUC_VAR"]) / "static").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _tree(say) -> None:
    """The demo's province without members: its bodies and every commune as the demo plans it."""
    from django.db import transaction

    from tochuc.demo.generator import _default_province
    from tochuc.demo.places import region
    from tochuc.demo.structure import plan_commune, plan_province_bodies
    from tochuc.orgs.models import Organization
    from tochuc.orgs.services.admin_units import REORGANIZED_ON, load_admin_units, wards

    unit = _default_province(1)
    if Organization.objects.filter(kind="branch").exists():
        return  # built by an earlier run
    load_admin_units(province=unit.bare)
    province = Organization.objects.get(code=unit.org_code)
    communes = {o.code: o for o in Organization.objects.filter(parent=province, kind="upper")}
    rng = random.Random("bench-documents/tree")
    with transaction.atomic():
        from tochuc.orgs.services.admin_units import organizations_insert

        plans = [plan_province_bodies(rng, province, unit)]
        for ward in wards(unit.code):
            if ward.org_code in communes:
                plans.append(plan_commune(rng, communes[ward.org_code], ward, region(unit.code)))
        for plan in plans:
            organizations_insert(plan.orgs, effective_date=REORGANIZED_ON)
    say(f"Cây: {Organization.objects.count()} tổ chức")


def _documents(n: int, say) -> None:
    """n documents over the tree, numbered per issuer, code and term in date order."""
    from django.db import connection, transaction

    from tochuc.core.bulk import indexes_deferred
    from tochuc.core.db import analyze, insert_rows, is_postgresql
    from tochuc.core.text import search_key
    from tochuc.documents.models import Document, DocumentType
    from tochuc.documents.services.issuers import issuers_of
    from tochuc.documents.services.numbering import numbering_sequence
    from tochuc.orgs.models import Organization

    if Document.objects.exists():
        return
    started = time.perf_counter()
    rng = random.Random("bench-documents/1")
    orgs = list(Organization.objects.order_by("path").only("id", "kind", "name", "path"))
    keepers = {
        "province": [o for o in orgs if o.kind == "province"],
        "upper": [o for o in orgs if o.kind == "upper"],
        "grassroots": [o for o in orgs if o.kind in ("grassroots_committee", "grassroots_branch")],
    }
    issuers = {o.pk: issuers_of(o) for group in keepers.values() for o in group}
    types = {t.name: t for t in DocumentType.objects.all()}
    names, weights = zip(*TYPES, strict=True)
    first, last = date(2006, 12, 1), date(2026, 11, 30)
    span = (last - first).days
    drafts = []
    for _ in range(n):
        group = rng.choices(("province", "upper", "grassroots"), weights=(10, 40, 50))[0]
        org = rng.choice(keepers[group])
        issuer = rng.choice(issuers[org.pk])
        doc_type = types[rng.choices(names, weights=weights)[0]]
        on = first + timedelta(days=rng.randrange(span))
        title = f"{rng.choice(OPENINGS)} {rng.choice(TOPICS)}"
        if rng.random() < 0.3:
            title += f" trong {org.name}"
        if rng.random() < 0.0001:
            title += f" tại khu {RARE}"
        period = (
            rng.choice(PERIODS)
            if doc_type.name in ("Nghị quyết", "Đề án", "Chương trình")
            else (None, None)
        )
        if period[0]:
            title += f" giai đoạn {period[0]}-{period[1]}"
        drafts.append((on, org.pk, issuer, doc_type, title, period))
    drafts.sort(key=lambda d: d[0])
    say(f"{n} văn bản lập trong {time.perf_counter() - started:.0f} giây")
    # Read before the COPY: no other statement may run on its connection meanwhile.
    sequences = {on: numbering_sequence(on) for on in sorted({d[0] for d in drafts})}
    counters: dict[tuple, int] = {}
    stamp = (
        "2026-11-30 00:00:00+00:00" if connection.vendor == "postgresql" else "2026-11-30 00:00:00"
    )
    fields = [f for f in Document._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]

    def rows():
        for on, org_id, issuer, doc_type, title, (start, end) in drafts:
            sequence = sequences[on]
            key = (issuer.pk, doc_type.code, sequence)
            number = counters[key] = counters.get(key, 0) + 1
            symbol = f"{number:02d}-{doc_type.code}/{issuer.code}"
            values = {
                "organization_id": org_id,
                "doc_type_id": doc_type.pk,
                "issuer_id": issuer.pk,
                "symbol": symbol,
                "number": number,
                "code": doc_type.code,
                "sequence": sequence,
                "issued_on": on if is_postgresql() else on.isoformat(),
                "signer": "",
                "title": title,
                "period_start": start,
                "period_end": end,
                "status": "issued",
                "note": "",
                "search_key": search_key(f"{symbol} {title}"),
                "created_by_id": None,
                "created_at": stamp,
                "updated_at": stamp,
            }
            yield tuple(values[f.attname] for f in fields)

    # PostgreSQL: the indexes are built once after the load (the trigram index maintained row
    # by row held the COPY for more than 5 minutes).
    deferred = []
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE %s",
                [Document._meta.db_table, "%pkey"],
            )
            deferred = [r[0] for r in cursor.fetchall()]
    with transaction.atomic(), indexes_deferred(deferred):
        insert_rows(Document._meta.db_table, columns, rows())
    analyze()
    say(f"{n} văn bản ghi trong {time.perf_counter() - started:.0f} giây")


def _median(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _text(symbols: list[tuple[str, str, date]], rng: random.Random) -> str:
    """About 150.000 characters: paragraphs of the Party work, 300 references among them."""
    filler = (
        "Các cấp ủy đã lãnh đạo, chỉ đạo triển khai thực hiện nghiêm túc, đạt nhiều kết quả "
        "quan trọng trong công tác xây dựng Đảng, nâng cao năng lực lãnh đạo và sức chiến đấu "
        "của tổ chức cơ sở đảng, chất lượng đội ngũ đảng viên. "
    )
    parts = []
    for i in range(300):
        name, symbol, on = symbols[i % len(symbols)]
        style = i % 3
        if style == 0:
            ref = f"{name} số {symbol} ngày {on.day}-{on.month}-{on.year}"
        elif style == 1:
            ref = f"{name} {symbol} ngày {on.day} tháng {on.month} năm {on.year}"
        else:
            ref = f"{name} {symbol}"
        parts.append(filler * 2 + f"Thực hiện {ref}, ")
    text = "".join(parts)
    while len(text) < 150_000:
        text += filler
    return text


def _measure(runs: int) -> list[tuple[str, str, float, int, float]]:
    from django.db.models import Count

    from tochuc.accounts.models import User
    from tochuc.core.formats import number
    from tochuc.documents.models import Document, DocumentType
    from tochuc.documents.selectors import (
        COUNT_CAP,
        DocumentFilter,
        document_list,
        document_page,
        references_match,
    )
    from tochuc.documents.symbols import find_references
    from tochuc.orgs.models import Organization

    province = Organization.objects.get(kind="province")
    # the commune keeping the most documents
    commune_id = (
        Document.objects.filter(organization__kind="upper")
        .values("organization")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("organization", flat=True)
        .first()
    )
    commune = Organization.objects.get(pk=commune_id)

    def user(name, scope):
        found = User.objects.filter(username=name).first()
        return found or User.objects.create_user(
            username=name, password="x", role="staff", scope=scope
        )

    province_staff = user("bench-doc-province", province)
    commune_staff = user("bench-doc-commune", commune)
    resolution = DocumentType.objects.get(name="Nghị quyết")
    rng = random.Random("bench-documents/measure")
    total = Document.objects.count()
    some = Document.objects.filter(organization=province).order_by("-number").first()
    cases = [
        ("symbol", f"q={some.symbol}", province_staff, DocumentFilter(q=some.symbol)),
        ("rare", "q=lieu", province_staff, DocumentFilter(q="lieu")),
        ("common", "q=dang", province_staff, DocumentFilter(q="dang")),
        ("two-words", "q=ket nap", province_staff, DocumentFilter(q="ket nap")),
        (
            "type-year",
            "doc_type=Nghị quyết, year=2019",
            province_staff,
            DocumentFilter(doc_types=(resolution.pk,), year=2019),
        ),
        ("commune", f"staff of {commune.name}", commune_staff, DocumentFilter()),
        ("province", "staff of the province", province_staff, DocumentFilter()),
    ]
    out = []
    for key, what, actor, spec in cases:
        found = {}

        def run(actor=actor, spec=spec, found=found):
            page = document_page(document_list(actor, spec), 1)
            found["rows"] = len(list(page.object_list))
            found["count"] = page.paginator.count

        ms = _median(run, runs)
        count = found["count"]
        shown = f"> {number(COUNT_CAP)}" if count > COUNT_CAP else number(count)
        out.append((key, what, ms, shown, SEARCH_TARGET))
    picked = list(
        Document.objects.filter(organization=province)
        .select_related("doc_type")
        .order_by("id")[:: max(1, total // 2000)][:300]
    ) or list(Document.objects.select_related("doc_type")[:300])
    symbols = [(d.doc_type.name, d.symbol, d.issued_on) for d in picked]
    rng.shuffle(symbols)
    text = _text(symbols, rng)
    refs = find_references(text)
    found = {}

    def match():
        found["matched"] = sum(
            m.document is not None for m in references_match(province_staff, text)
        )

    ms_find = _median(lambda: find_references(text), runs)
    ms = _median(match, runs)
    out.append(
        (
            "find",
            f"find_references, {number(len(text))} ký tự",
            ms_find,
            str(len(refs)),
            REFERENCES_TARGET,
        )
    )
    out.append(
        (
            "references",
            "find_references + references_match",
            ms,
            f"{found['matched']} khớp",
            REFERENCES_TARGET,
        )
    )
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--engine", choices=["postgresql", "sqlite"], default="postgresql")
    p.add_argument("--documents", type=int)
    p.add_argument("--fresh", action="store_true")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--write", action="store_true")
    args = p.parse_args()
    n = args.documents or (1_000_000 if args.engine == "postgresql" else 50_000)
    _setup(args.engine, args.fresh)
    _tree(print)
    _documents(n, print)
    from tochuc.core.formats import number
    from tochuc.documents.models import Document

    rows = _measure(args.runs)
    lines = [
        f"### {args.engine}, {number(Document.objects.count())} văn bản",
        "",
        "| đo | truy vấn | ms (trung vị) | kết quả | mục tiêu ms |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for key, what, ms, shown, target in rows:
        mark = "" if ms < target else " ⚠"
        lines.append(f"| {key} | {what} | {number(ms, 1)}{mark} | {shown} | {target} |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        command = "python bench/documents.py " + " ".join(sys.argv[1:])
        section = (
            f"\n## {date.today():%Y-%m-%d}, {args.engine}\n\n{_machine()}\n\n"
            f"`{command.replace(' --write', '')}`\n\n{table}\n"
        )
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        head = "" if RESULTS.exists() else "# Sổ văn bản (issue #18): tìm kiếm và tìm dẫn chiếu\n"
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write(head + section)


if __name__ == "__main__":
    main()
