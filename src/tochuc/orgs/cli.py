"""`tochuc orgs ...`: the tree's administrative units, the 2025 rearrangement, restructuring plans."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from tochuc.core.cli import organization_arg, system_actor


def cmd_load_admin_units(args) -> None:
    from tochuc.core.errors import ServiceError
    from tochuc.orgs.admin_units import load_admin_units
    from tochuc.orgs.admin_units_2024 import load_admin_units_before_2025

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
    from tochuc.orgs.replay_2025 import replay_2025, review_rows

    try:
        effective = date.fromisoformat(args.effective)
    except ValueError:
        sys.exit(f"Ngày hiệu lực «{args.effective}» không đúng dạng YYYY-MM-DD.")
    try:
        result = replay_2025(
            actor=system_actor(),
            effective=effective,
            decision_symbol=args.decision,
            province=args.province,
            progress=lambda m: print(m, flush=True),
        )
    except ServiceError as exc:
        sys.exit(exc.text())
    if args.review:
        rows = review_rows(actor=system_actor(), plan_ids=[p["plan"] for p in result["provinces"]])
        with open(args.review, "w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(
                ["Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Xã cũ", "Tạm đưa về", "Có thể thuộc"]
            )
            writer.writerows([csv_text(v) for v in row] for row in rows)
        print(f"Danh sách {len(rows)} đảng viên cần rà soát: {args.review}")
    print(json.dumps(result, ensure_ascii=False))


_ORG_KEYS = ("organization", "parent", "destination", "target", "source")


def _resolve_refs(params: dict) -> dict:
    """Organizations in a plan file are named by code, id or exact name: make them ids."""
    out = dict(params)
    for key in _ORG_KEYS:
        if out.get(key):
            out[key] = organization_arg(str(out[key])).pk
    if out.get("sources"):
        out["sources"] = [organization_arg(str(ref)).pk for ref in out["sources"]]
    if (out.get("new") or {}).get("parent"):
        out["new"] = {**out["new"], "parent": organization_arg(str(out["new"]["parent"])).pk}
    if out.get("parts"):
        out["parts"] = [
            {**part, "parent": organization_arg(str(part["parent"])).pk}
            if part.get("parent")
            else part
            for part in out["parts"]
        ]
    if out.get("children"):
        out["children"] = {
            str(organization_arg(str(ref)).pk): n for ref, n in out["children"].items()
        }
    return out


def cmd_restructure(args) -> None:
    from django.db import transaction

    from tochuc.core.errors import ServiceError
    from tochuc.orgs.restructuring import (
        plan_apply,
        plan_create,
        plan_operation_add,
        plan_preview,
    )

    try:
        spec = json.loads(Path(args.file).read_text(encoding="utf-8"))
        actor = system_actor()
        with transaction.atomic():
            plan = plan_create(
                actor=actor,
                organization=organization_arg(str(spec["organization"])),
                title=spec.get("title", ""),
                effective_date=date.fromisoformat(spec["effective_date"]),
                decision_symbol=spec.get("decision_symbol", ""),
            )
            for op in spec.get("operations", []):
                plan_operation_add(
                    actor=actor, plan=plan, kind=op["kind"], params=_resolve_refs(op["params"])
                )
            preview = plan_preview(actor=actor, plan=plan)
            if preview["error"]:
                sys.exit(preview["error"])
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
            if args.apply:
                plan_apply(actor=actor, plan=plan)
                print(f"Đã thực hiện phương án «{plan.title}» (số {plan.pk}).")
            else:
                print("Chỉ xem trước: thêm --apply để thực hiện.")
                transaction.set_rollback(True)
    except (OSError, ValueError, KeyError) as exc:
        sys.exit(f"Tệp phương án không đọc được: {exc}")
    except ServiceError as exc:
        sys.exit(exc.text())


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
