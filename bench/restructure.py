"""The 2025 reorganization and a province merge on the national demo, on PostgreSQL.

    .venv/bin/python bench/restructure.py [--build] [--db tochuc_nation2024]

--build: (re)create the database and generate the demo on the pre-2025 tree
         (`tochuc demo --before-2025 --scale nation --seed 1`, about 6 million members).
Then, timed once each (these are one-off operations on the whole country):
  1. the counts of 31/12/2024 on the 2024 tree: Hà Nội's stats, and the tree page's first
     level (63 provinces with their figures);
  2. `tochuc orgs replay-2025` (every province, each in its own transaction), with the
     members counted before and after and the result checked against vietnam-provinces;
  3. the same counts of 31/12/2024 again (they must not change), and the tree page today;
  4. merging two provinces (Cao Bằng into Lạng Sơn, about 350.000 members) with the
     restructuring service, in a transaction rolled back afterwards so it can be rerun.
Writes bench/results/restructure.md. The replay changes the database: rebuild with --build
to measure it again.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def _seconds(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="tochuc_nation2024")
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args()
    url = f"{PG_SERVER}/{args.db}"
    os.environ["DATABASE_URL"] = url
    tochuc = [str(ROOT / ".venv" / "bin" / "tochuc")]
    lines, built = [], None
    if args.build:
        for sql in (f"DROP DATABASE IF EXISTS {args.db}", f"CREATE DATABASE {args.db}"):
            subprocess.run(["psql", PG_SERVER + "/postgres", "-qc", sql], check=True)
        seconds, _ = _seconds(
            lambda: subprocess.run(
                [*tochuc, "demo", "--before-2025", "--scale", "nation", "--seed", "1"], check=True
            )
        )
        built = seconds

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from tochuc.accounts.models import Role, User
    from tochuc.core.formats import number as n
    from tochuc.members.models import Member
    from tochuc.orgs.models import Organization
    from tochuc.orgs.selectors import (
        organization_roots,
        organization_stats_on,
        stats_for,
        tree_level_on,
    )
    from tochuc.orgs.services import organization_merge, replay_2025
    from tochuc.orgs.services.admin_units import wards

    actor = User(username="bench", role=Role.ADMIN, is_active=True)
    if built:
        lines.append(f"| demo trước 2025, cả nước (tạo dữ liệu) | {n(built, 1)} s |")

    def counted_today():
        roots = organization_roots(actor=actor)
        return sum(s["members"]["total"] for s in stats_for(roots).values())

    now_before = counted_today()
    day = date(2024, 12, 31)
    members = Member.objects.count()
    orgs = Organization.objects.count()

    def past():
        hanoi = Organization.objects.filter(parent=None).order_by("code").first()  # Hà Nội
        return organization_stats_on(actor=actor, organization=hanoi, on=day)["members"]["total"]

    def level():
        return tree_level_on(actor=actor, on=day)

    t1, hanoi_before = _seconds(past)
    t2, roots = _seconds(level)
    lines.append(
        f"| số liệu Hà Nội tại 31/12/2024, cây 2024 ({n(hanoi_before)} đảng viên) | {n(round(t1 * 1000))} ms |"
    )
    lines.append(
        f"| trang cây tổ chức tại 31/12/2024: {len(roots)} tỉnh cũ | {n(round(t2 * 1000))} ms |"
    )
    total_before = sum(r["stats"]["members"]["total"] for r in roots)

    t3, result = _seconds(lambda: replay_2025(actor=actor, progress=print))
    alive = Organization.objects.filter(dissolved_on__isnull=True)
    replayed = [p["province"] for p in result["provinces"]]
    communes = set(
        alive.filter(
            code__startswith="X", parent__code__in=[f"T{c:02d}" for c in replayed]
        ).values_list("code", "name")
    )
    expected = {(w.org_code, w.org_name) for code in replayed for w in wards(code)}
    assert communes == expected, "communes differ from vietnam-provinces"
    assert Member.objects.filter(organization__dissolved_on__isnull=False).count() == 0
    slowest = max(result["provinces"], key=lambda p: p["seconds"])
    review = sum(p["review_members"] for p in result["provinces"])
    lines.append(
        f"| replay-2025: 63 → 34 tỉnh, {n(sum(p['old_communes'] for p in result['provinces']))} "
        f"xã cũ → {n(len(communes))} xã mới, {n(sum(p['moved'] for p in result['provinces']))} "
        f"tổ chức chuyển; {n(review)} đảng viên cần rà soát (chậm nhất: {slowest['name']}, "
        f"{n(slowest['seconds'], 1)} s) | {n(t3, 1)} s |"
    )
    t4, hanoi_after = _seconds(past)
    t5, roots_after = _seconds(level)
    assert hanoi_after == hanoi_before, (hanoi_before, hanoi_after)
    assert sum(r["stats"]["members"]["total"] for r in roots_after) == total_before
    lines.append(
        f"| số liệu Hà Nội tại 31/12/2024 sau sắp xếp (không đổi) | {n(round(t4 * 1000))} ms |"
    )
    lines.append(f"| trang cây tổ chức tại 31/12/2024 sau sắp xếp | {n(round(t5 * 1000))} ms |")
    lines.append(
        f"| đảng viên hiện nay trước / sau sắp xếp | {n(now_before)} / {n(counted_today())} |"
    )

    a = Organization.objects.filter(code="T04", dissolved_on__isnull=True).first()
    b = Organization.objects.filter(code="T20", dissolved_on__isnull=True).first()
    if a and b:
        with transaction.atomic():
            t6, _ = _seconds(
                lambda: organization_merge(actor=actor, sources=[a], target=b, on=date(2026, 1, 1))
            )
            merged = organization_stats_on(actor=actor, organization=b, on=date.today())
            transaction.set_rollback(True)
        lines.append(
            f"| hợp nhất Đảng bộ tỉnh Cao Bằng vào Lạng Sơn "
            f"({n(merged['members']['total'])} đảng viên), rồi hoàn lại | {n(t6, 1)} s |"
        )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    text = "\n".join(
        [
            "# Sắp xếp 2025 trên dữ liệu mẫu cả nước (PostgreSQL)",
            "",
            f"{datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, {os.cpu_count()} CPU, "
            f"PostgreSQL {version}; {n(members)} đảng viên, {n(orgs)} tổ chức trước sắp xếp.",
            f"Lệnh: `.venv/bin/python bench/restructure.py {' '.join(sys.argv[1:])}`".rstrip(),
            "",
            "| thao tác | thời gian |",
            "| --- | ---: |",
            *lines,
            "",
        ]
    )
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "restructure.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
