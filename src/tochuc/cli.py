"""The `tochuc` command: serve, demo data, admin units, users, stats, reports (the operator's
tools)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _system_actor():
    """Commands run as the operator: an administrator who sees everything."""
    from tochuc.accounts.models import Role, User

    return User(username="cli", role=Role.ADMIN, is_active=True)


def _org(ref: str):
    from tochuc.core.errors import NotFound
    from tochuc.orgs.selectors import organization_find

    try:
        return organization_find(actor=_system_actor(), ref=ref)
    except NotFound:
        sys.exit(f"Không tìm thấy tổ chức «{ref}» (nhập mã, số id hoặc đúng tên tổ chức).")


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        sys.exit(f"Ngày «{text}» không hợp lệ: viết dạng YYYY-MM-DD, vd 2024-12-31.")


def cmd_serve(args) -> None:
    from django.core.management import call_command

    call_command("collectstatic", verbosity=0, interactive=False)
    if args.demo:
        _demo_if_empty()
    bind = args.address or "127.0.0.1:8000"
    if not args.no_worker:
        # The background work (imports) beside the web server, ended with it (Linux asks the
        # kernel to stop the worker when the server process goes).
        import ctypes
        import signal
        import subprocess

        def _end_with_parent() -> None:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

        subprocess.Popen(
            [sys.executable, "-m", "tochuc.cli", "worker"], preexec_fn=_end_with_parent
        )
    print(f"tochuc đang chạy tại http://{bind}/  (Ctrl+C để dừng)", flush=True)
    from gunicorn.app.wsgiapp import run

    sys.argv = gunicorn_argv(bind)
    run()


# The access log's line without the query string (a search by CCCD carries the number in it:
# %(r)s, the request line, and %(q)s have it) and without the Referer (%(f)s, the previous
# page's address with its query): remote address, user, time, method, path, protocol,
# status, bytes, seconds, user agent.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s "%(a)s"'


def gunicorn_argv(bind: str) -> list[str]:
    """The gunicorn command `tochuc serve` runs."""
    return [
        "gunicorn",
        "tochuc.wsgi:application",
        "--bind",
        bind,
        "--workers",
        "2",
        "--threads",
        "4",
        # Longer than a user's pause between clicks: gunicorn's 2 s default closes connections
        # a browser (or the load test) is about to reuse, which shows as a reset.
        "--keep-alive",
        "10",
        "--access-logfile",
        "-",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--logger-class",
        "tochuc.core.logs.Logger",
    ]


def _demo_if_empty() -> None:
    from tochuc.accounts.models import Role, User
    from tochuc.demo import generate
    from tochuc.orgs.models import Organization

    if not Organization.objects.exists():
        print("Cơ sở dữ liệu trống: nạp dữ liệu mẫu một tỉnh (mất khoảng một phút) ...", flush=True)
        generate(scale="province", seed=1, progress=lambda m: print("  " + m, flush=True))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", password="tochuc-demo", role=Role.ADMIN, full_name="Quản trị mẫu"
        )
    print("Đăng nhập mẫu: tên đăng nhập «admin», mật khẩu «tochuc-demo»", flush=True)


def cmd_demo(args) -> None:
    from tochuc.core.errors import ServiceError
    from tochuc.demo import generate

    try:
        result = generate(
            scale=args.scale,
            seed=args.seed,
            province=args.province,
            before_2025=args.before_2025,
            progress=lambda m: print(m, flush=True),
        )
    except ServiceError as exc:
        sys.exit(exc.text())
    print(json.dumps(result, ensure_ascii=False))


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
            actor=_system_actor(),
            effective=effective,
            decision_symbol=args.decision,
            province=args.province,
            progress=lambda m: print(m, flush=True),
        )
    except ServiceError as exc:
        sys.exit(exc.text())
    if args.review:
        rows = review_rows(actor=_system_actor(), plan_ids=[p["plan"] for p in result["provinces"]])
        with open(args.review, "w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(
                ["Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Xã cũ", "Tạm đưa về", "Có thể thuộc"]
            )
            writer.writerows([csv_text(v) for v in row] for row in rows)
        print(f"Danh sách {len(rows)} đảng viên cần rà soát: {args.review}")
    print(json.dumps(result, ensure_ascii=False))


def cmd_createuser(args) -> None:
    from tochuc.accounts.services import user_create
    from tochuc.core.errors import ServiceError

    scope = _org(args.scope) if args.scope else None
    try:
        user, token = user_create(
            actor=_system_actor(),
            username=args.username,
            role=args.role,
            scope=scope,
            password=args.password,
            full_name=args.full_name or "",
            with_token=args.token,
        )
    except ServiceError as exc:
        sys.exit(exc.text())
    print(
        f"Đã tạo người dùng «{user.username}» ({user.get_role_display()}"
        f"{', phạm vi: ' + scope.name if scope else ''})."
    )
    if token:
        print(token)


_ORG_KEYS = ("organization", "parent", "destination", "target", "source")


def _resolve_refs(params: dict) -> dict:
    """Organizations in a plan file are named by code, id or exact name: make them ids."""
    out = dict(params)
    for key in _ORG_KEYS:
        if out.get(key):
            out[key] = _org(str(out[key])).pk
    if out.get("sources"):
        out["sources"] = [_org(str(ref)).pk for ref in out["sources"]]
    if (out.get("new") or {}).get("parent"):
        out["new"] = {**out["new"], "parent": _org(str(out["new"]["parent"])).pk}
    if out.get("parts"):
        out["parts"] = [
            {**part, "parent": _org(str(part["parent"])).pk} if part.get("parent") else part
            for part in out["parts"]
        ]
    if out.get("children"):
        out["children"] = {str(_org(str(ref)).pk): n for ref, n in out["children"].items()}
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
        actor = _system_actor()
        with transaction.atomic():
            plan = plan_create(
                actor=actor,
                organization=_org(str(spec["organization"])),
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


def cmd_stats(args) -> None:
    from tochuc.core.errors import ServiceError
    from tochuc.members.counters import member_order_rebuild, stats_drift, stats_rebuild
    from tochuc.members.placements import placements_rebuild
    from tochuc.members.selectors import organization_stats_on
    from tochuc.orgs.selectors import organization_stats
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
    org = _org(args.org)
    if args.date:
        on = _date_arg(args.date)
        try:
            stats = organization_stats_on(actor=_system_actor(), organization=org, on=on)
        except ServiceError as exc:  # a date before its founding or after its dissolution
            sys.exit(exc.text())
    else:
        stats = organization_stats(actor=_system_actor(), organization=org)
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


def cmd_report(args) -> None:
    from tochuc.core.errors import ServiceError
    from tochuc.reports import arithmetic, checks, exports
    from tochuc.reports.documents import render_docx, render_pdf
    from tochuc.reports.selectors import report_figures

    if args.check_text:
        if args.check_text == "-":
            text = sys.stdin.read()
        else:
            text = Path(args.check_text).read_text(encoding="utf-8", errors="replace")
        findings = arithmetic.check_text(text)
        for f in findings:
            print(f"«{f.quote}»: {f.message}")
        print("Các số liệu đều khớp." if not findings else f"{len(findings)} chỗ cần xem lại.")
        sys.exit(1 if any(f.certain for f in findings) else 0)
    org = _org(args.org) if args.org else None
    if args.checks:
        found = checks.data_checks(actor=_system_actor(), organization=org)
        for c in found:
            print(f"{c.title}: {c.count}")
            for item in c.items[:20]:
                print(f"  - {item['label']} — {item['detail']}")
        sys.exit(1 if any(c.count for c in found) else 0)
    on = _date_arg(args.date) if args.date else None
    try:
        figures = report_figures(actor=_system_actor(), organization=org, on=on)
    except ServiceError as exc:
        sys.exit(exc.text())
    fmt = args.format
    if fmt == "json":
        body = json.dumps(exports.report_json(figures), ensure_ascii=False, indent=2)
        if not args.output:
            print(body)
            return
        Path(args.output).write_text(body + "\n", encoding="utf-8")
    else:
        if not args.output:
            sys.exit(f"Định dạng {fmt} cần tên tệp: thêm -o TỆP.{fmt}")
        if fmt == "xlsx":
            data = exports.report_xlsx(figures)
        else:
            signing = exports.Signing(number=args.number, signer_name=args.signer_name)
            document = exports.report_document(figures, signing)
            data = render_docx(document) if fmt == "docx" else render_pdf(document)
        Path(args.output).write_bytes(data)
    print(f"Đã ghi {args.output}: {figures.name}, số liệu đến ngày {figures.on:%d/%m/%Y}.")


def cmd_import(args) -> None:
    from tochuc.core.errors import ServiceError
    from tochuc.imports.models import Import
    from tochuc.imports.parsing import LABELS, unmatched
    from tochuc.imports.services import (
        RUNNING,
        import_read,
        import_start,
        import_upload,
        import_work,
    )

    path = Path(args.file)
    if not path.is_file():
        sys.exit(f"Không có tệp «{args.file}».")
    actor = _system_actor()

    def wait(u: Import) -> Import:
        u.refresh_from_db()
        while u.status in RUNNING:
            time.sleep(0.5)  # a running worker took it: wait for its result
            u.refresh_from_db()
        return u

    try:
        # No --org: a tree file's roots go where their parent codes say, or become roots.
        org = _org(args.org) if args.org else None
        upload = import_upload(
            actor=actor, organization=org, file_name=path.name, data=path.read_bytes()
        )
        import_read(upload.pk)  # here, within the same limits, unless a worker took it first
        upload = wait(upload)
        if upload.status != Import.Status.UPLOADED:
            sys.exit(upload.error or upload.get_status_display())
        mapping = {int(i): f for i, f in upload.mapping.items()}
        print(
            "Các cột: "
            + "; ".join(f"«{upload.headers[i]}» → {LABELS[f]}" for i, f in sorted(mapping.items()))
        )
        ignored = unmatched(upload.headers, mapping)
        if ignored:
            print("Bỏ qua: " + ", ".join(f"«{h}»" for h in ignored.values()))
        mode = Import.Mode.VALID if args.valid_rows else Import.Mode.ALL
        upload = import_start(
            actor=actor, upload=upload, mapping=mapping, dry_run=args.dry_run, mode=mode
        )
    except ServiceError as exc:
        sys.exit(exc.text())

    def show(u: Import) -> None:
        print(f"\r  {u.rows_done}/{u.rows_total} dòng", end="", flush=True)

    import_work(upload.pk, on_progress=show)  # here, unless a worker took it first
    upload = wait(upload)
    print()
    for p in upload.problems[:50]:
        print(f"  Dòng {p['row']}, cột «{p['column']}»: {p['message']}")
    if len(upload.problems) > 50:
        print(f"  ... và {len(upload.problems) - 50} lỗi nữa.")
    print(
        f"{upload.get_status_display()}: {upload.created} thêm, {upload.updated} cập nhật, "
        f"{upload.unchanged} không đổi, {upload.rejected} dòng bị từ chối"
        + (" (kiểm tra thử, chưa ghi gì)." if args.dry_run else ".")
    )
    if upload.error:
        sys.exit(upload.error)
    if upload.status == Import.Status.REFUSED:
        sys.exit(1)


def cmd_export(args) -> None:
    from tochuc.core.audit import audit_read
    from tochuc.core.excel import xlsx_write
    from tochuc.imports.files import member_headers, member_rows
    from tochuc.members.selectors import member_list

    org = _org(args.org) if args.org else None
    members = member_list(actor=_system_actor(), organization=org, state=args.state)
    name = org.name if org else "Toàn quốc"
    with open(args.output, "wb") as out:
        count = xlsx_write(
            out,
            title=f"Danh sách đảng viên — {name}",
            headers=member_headers(),
            rows=member_rows(members),
        )
    audit_read(
        actor=None,  # the operator at the command line, who is no saved user
        action="export.members",
        target=org,
        count=count,
        details={"state": args.state, "file": str(args.output), "via": "cli"},
    )
    print(f"Đã ghi {args.output}: {count} đảng viên của {name}.")


def cmd_worker(args) -> None:
    from django.core.management import call_command

    from tochuc.imports.services import imports_recover

    # Before taking new work: the imports a killed worker of this machine left "running" say
    # at once that they failed, and can be started again.
    recovered = imports_recover()
    if recovered:
        print(f"{recovered} lần nhập bị gián đoạn đã được đánh dấu lỗi.", flush=True)
    call_command("db_worker", *(["--batch"] if args.batch else []))


def cmd_manage(args) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tochuc manage", *args.rest])


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tochuc", description="Công tác tổ chức xây dựng Đảng")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="chạy máy chủ web")
    s.add_argument("address", nargs="?", help="HOST:PORT (mặc định 127.0.0.1:8000)")
    s.add_argument("--demo", action="store_true", help="nạp dữ liệu mẫu nếu cơ sở dữ liệu trống")
    s.add_argument(
        "--no-worker", action="store_true", help="không chạy việc nền (đã có `tochuc worker`)"
    )
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("demo", help="sinh dữ liệu mẫu (tất định theo seed)")
    s.add_argument("--scale", choices=["commune", "province", "nation"], default="commune")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--province", help="tên tỉnh (mặc định: chọn theo seed)")
    s.add_argument(
        "--before-2025",
        action="store_true",
        help="trên cây trước 01/07/2025 (tỉnh cũ, huyện, xã cũ), để chạy orgs replay-2025",
    )
    s.set_defaults(func=cmd_demo)

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

    s = sub.add_parser("createuser", help="tạo người dùng")
    s.add_argument("username")
    s.add_argument("--role", choices=["admin", "staff", "viewer", "secretary"], required=True)
    s.add_argument("--scope", help="tổ chức phạm vi (id, mã hoặc tên)")
    s.add_argument("--password", help="mật khẩu (bỏ trống: không đăng nhập web được)")
    s.add_argument("--full-name")
    s.add_argument("--token", action="store_true", help="tạo và in API token")
    s.set_defaults(func=cmd_createuser)

    s = sub.add_parser("stats", help="số liệu tổng hợp của một tổ chức")
    s.add_argument("org", nargs="?", help="tổ chức (id, mã hoặc tên)")
    s.add_argument("--json", action="store_true", help="in dạng JSON")
    s.add_argument("--date", help="số liệu tại một ngày đã qua (YYYY-MM-DD)")
    s.add_argument("--rebuild", action="store_true", help="tính lại toàn bộ bảng số liệu tổng hợp")
    s.add_argument("--check", action="store_true", help="kiểm tra bảng tổng hợp có lệch không")
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("report", help="báo cáo thống kê: JSON, Excel, Word, PDF; kiểm tra dữ liệu")
    s.add_argument("org", nargs="?", help="tổ chức (id, mã hoặc tên); bỏ trống: toàn quốc")
    s.add_argument("--date", help="số liệu tại một ngày đã qua (YYYY-MM-DD)")
    s.add_argument("--format", choices=["json", "xlsx", "docx", "pdf"], default="json")
    s.add_argument("-o", "--output", help="tệp ghi ra (JSON không có -o thì in ra màn hình)")
    s.add_argument("--number", default="", help="số của báo cáo, vd 12 (-> Số 12-BC/ĐU)")
    s.add_argument("--signer-name", default="", help="họ tên người ký")
    s.add_argument("--checks", action="store_true", help="kiểm tra dữ liệu của tổ chức")
    s.add_argument(
        "--check-text", metavar="TỆP", help="soát số liệu trong một văn bản (tệp .txt, - là stdin)"
    )
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("import", help="nhập đảng viên hoặc cây tổ chức từ tệp Excel/CSV")
    s.add_argument("file", help="tệp .xlsx, .xls, .ods hoặc .csv")
    s.add_argument(
        "--org", help="tổ chức nhận dữ liệu (id, mã hoặc tên); cây tổ chức: có thể bỏ trống"
    )
    s.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    s.add_argument(
        "--valid-rows", action="store_true", help="nhập các dòng hợp lệ, bỏ qua dòng bị từ chối"
    )
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("export", help="xuất danh sách ra Excel")
    s.add_argument("what", choices=["members"])
    s.add_argument("--org", help="tổ chức (id, mã hoặc tên); bỏ trống: toàn quốc")
    s.add_argument("--state", default="counted", help="tình trạng (mặc định: đang được tính)")
    s.add_argument("-o", "--output", required=True, help="tệp .xlsx ghi ra")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("worker", help="chạy việc nền (nhập dữ liệu)")
    s.add_argument("--batch", action="store_true", help="làm hết việc đang chờ rồi dừng")
    s.set_defaults(func=cmd_worker)

    s = sub.add_parser("manage", help="lệnh quản trị Django (migrate, shell, ...)")
    s.add_argument("rest", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_manage)
    return p


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    _setup()
    args.func(args)


if __name__ == "__main__":
    main()
