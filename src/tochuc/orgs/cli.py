"""`tochuc orgs ...`: the tree's administrative units, the 2025 rearrangement, restructuring plans."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path


def term_arg(text: str):
    """A term named on the command line ("2025-2030" or "2025–2030"); a message and exit if
    there is none of that name."""
    from tochuc.orgs.models import Term

    name = text.replace("-", "–").strip()
    term = Term.objects.filter(name=name).first()
    if term is None:
        names = ", ".join(Term.objects.values_list("name", flat=True))
        sys.exit(f"Không có nhiệm kỳ «{text}»: chọn một trong {names}.")
    return term


def organization_arg(actor, ref: str):
    """The organization a command names by code, id or exact name; a message and exit if none."""
    from tochuc.core.errors import NotFound
    from tochuc.orgs.selectors import organization_find

    try:
        return organization_find(actor=actor, ref=ref)
    except NotFound:
        sys.exit(f"Không tìm thấy tổ chức «{ref}» (nhập mã, số id hoặc đúng tên tổ chức).")


def cmd_load_admin_units(args) -> None:
    from tochuc.core.errors import ServiceError
    from tochuc.orgs.services.admin_units import load_admin_units
    from tochuc.orgs.services.admin_units_2024 import load_admin_units_before_2025

    load = load_admin_units_before_2025 if args.before_2025 else load_admin_units
    try:
        result = load(province=args.province, progress=lambda m: print(m, flush=True))
    except ServiceError as exc:
        sys.exit(exc.text())
    print(json.dumps(result, ensure_ascii=False))


def cmd_replay_2025(args) -> None:
    import csv

    from tochuc.core.errors import ServiceError
    from tochuc.core.excel import csv_text
    from tochuc.orgs.services.replay_2025 import replay_2025, review_rows

    try:
        effective = date.fromisoformat(args.effective)
    except ValueError:
        sys.exit(f"Ngày hiệu lực «{args.effective}» không đúng dạng YYYY-MM-DD.")
    try:
        result = replay_2025(
            actor=args.actor,
            effective=effective,
            decision_symbol=args.decision,
            province=args.province,
            progress=lambda m: print(m, flush=True),
        )
    except ServiceError as exc:
        sys.exit(exc.text())
    if args.review:
        rows = review_rows(actor=args.actor, plan_ids=[p["plan"] for p in result["provinces"]])
        with open(args.review, "w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(
                ["Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Xã cũ", "Tạm đưa về", "Có thể thuộc"]
            )
            writer.writerows([csv_text(v) for v in row] for row in rows)
        print(f"Danh sách {len(rows)} đảng viên cần rà soát: {args.review}")
    print(json.dumps(result, ensure_ascii=False))


def cmd_restructure(args) -> None:
    from tochuc.core.errors import ServiceError
    from tochuc.orgs.services import plan_from_file

    try:
        spec = json.loads(Path(args.file).read_text(encoding="utf-8"))
        done = plan_from_file(actor=args.actor, spec=spec, apply=args.apply)
    except (OSError, ValueError) as exc:
        sys.exit(f"Tệp phương án không đọc được: {exc}")
    except ServiceError as exc:
        sys.exit(exc.text())
    preview = done["preview"]
    for problem in preview["problems"]:
        print(f"- {problem}")
    for oid in sorted(set(preview["before"]) | set(preview["after"]), key=int):
        before, after = preview["before"].get(oid), preview["after"].get(oid)
        old = f"{before['name']} ({before['members']})" if before else "(mới)"
        new = (
            "giải thể"
            if after and after["dissolved"]
            else (f"{after['name']} ({after['members']})" if after else "")
        )
        print(f"{old} -> {new}")
    if done["plan"]:
        print(f"Đã thực hiện phương án «{done['title']}» (số {done['plan']}).")
    else:
        print("Chỉ xem trước: thêm --apply để thực hiện.")


def register(sub) -> None:
    orgs = sub.add_parser("orgs", help="cây tổ chức").add_subparsers(dest="orgs_cmd", required=True)
    s = orgs.add_parser("load-admin-units", help="dựng cây 34 tỉnh, 3.321 xã/phường/đặc khu")
    s.add_argument("--province", help="chỉ một tỉnh (tên, vd «Cao Bằng»)")
    s.add_argument(
        "--before-2025",
        action="store_true",
        help="cây trước 01/07/2025: 63 tỉnh, huyện, xã (--province: các tỉnh cũ của tỉnh mới)",
    )
    s.set_defaults(func=cmd_load_admin_units)

    s = orgs.add_parser(
        "replay-2025",
        help="sắp xếp cây trước 2025 thành cây mới: hợp nhất tỉnh, bỏ cấp huyện, nhập/chia xã",
    )
    s.add_argument("--effective", default="2025-07-01", help="ngày hiệu lực (YYYY-MM-DD)")
    s.add_argument("--decision", default="60-NQ/TW", help="số, ký hiệu văn bản (mặc định 60-NQ/TW)")
    s.add_argument("--province", help="chỉ một tỉnh, thành phố mới (tên, vd «Tuyên Quang»)")
    s.add_argument("--review", help="ghi danh sách đảng viên của các xã chia tách ra tệp CSV")
    s.set_defaults(func=cmd_replay_2025)

    s = orgs.add_parser(
        "restructure", help="phương án sắp xếp từ tệp JSON: xem trước, --apply để thực hiện"
    )
    s.add_argument(
        "file", help="tệp JSON: title, organization, effective_date, decision_symbol, operations"
    )
    s.add_argument("--apply", action="store_true", help="thực hiện (mặc định chỉ xem trước)")
    s.set_defaults(func=cmd_restructure)
