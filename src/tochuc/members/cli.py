"""`tochuc stats`: an organization's figures, and the rolled-up counters' rebuild and check."""

from __future__ import annotations

import json
import sys

from tochuc.core.cli import date_arg
from tochuc.orgs.cli import organization_arg


def cmd_stats(args) -> None:
    from tochuc.core.errors import ServiceError
    from tochuc.members.counters import member_order_rebuild, stats_drift, stats_rebuild
    from tochuc.members.placements import placements_rebuild
    from tochuc.orgs.selectors import organization_stats, organization_stats_on
    from tochuc.orgs.versions import versions_founding_repair

    if args.rebuild:
        print(f"Đã tính lại {stats_rebuild()} dòng số liệu tổng hợp.")
        print(f"Đã tính lại {placements_rebuild()} giai đoạn sinh hoạt của đảng viên.")
        print(f"Đã ghi lại thứ tự của {member_order_rebuild()} đảng viên trong tỉnh.")
        repaired = versions_founding_repair()
        if repaired:
            print(f"Đã cho lịch sử của {repaired} tổ chức bắt đầu từ ngày thành lập.")
        return
    if args.check:
        drift = stats_drift()
        for org_id, dim, val, stored, actual in drift[:50]:
            print(f"lệch: tổ chức {org_id} {dim}={val} lưu {stored}, thực tế {actual}")
        if drift:
            print(f"{len(drift)} số liệu bị lệch: chạy «tochuc stats --rebuild» để tính lại.")
        else:
            print("Số liệu tổng hợp khớp dữ liệu.")
        sys.exit(1 if drift else 0)
    if not args.org:
        sys.exit("Cần nêu tổ chức (id, mã hoặc tên), hoặc --rebuild, hoặc --check.")
    org = organization_arg(args.actor, args.org)
    if args.date:
        on = date_arg(args.date)
        try:
            stats = organization_stats_on(actor=args.actor, organization=org, on=on)
        except ServiceError as exc:  # a date before its founding or after its dissolution
            sys.exit(exc.text())
    else:
        stats = organization_stats(actor=args.actor, organization=org)
    if args.json:
        print(
            json.dumps(
                {"id": org.pk, "code": org.code, "name": org.name, "on": args.date, **stats},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"{org.name}: {stats['summary']}")


def register(sub) -> None:
    s = sub.add_parser("stats", help="số liệu tổng hợp của một tổ chức")
    s.add_argument("org", nargs="?", help="tổ chức (id, mã hoặc tên)")
    s.add_argument("--json", action="store_true", help="in dạng JSON")
    s.add_argument("--date", help="số liệu tại một ngày đã qua (YYYY-MM-DD)")
    s.add_argument("--rebuild", action="store_true", help="tính lại toàn bộ bảng số liệu tổng hợp")
    s.add_argument("--check", action="store_true", help="kiểm tra bảng tổng hợp có lệch không")
    s.set_defaults(func=cmd_stats)
