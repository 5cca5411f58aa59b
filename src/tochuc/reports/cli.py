"""`tochuc report`: the statistical report in JSON, Excel, Word or PDF; data checks; a text's figures checked."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tochuc.core.cli import date_arg
from tochuc.orgs.cli import organization_arg


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
        # A finding to be checked by a person («Cần xem lại») is still figures that do not add
        # up: a script that stops on exit 1 must stop on it too.
        sys.exit(1 if findings else 0)
    org = organization_arg(args.actor, args.org) if args.org else None
    if args.checks:
        found = checks.data_checks(actor=args.actor, organization=org)
        for c in found:
            print(f"{c.title}: {c.count}")
            for item in c.items[:20]:
                print(f"  - {item['label']} — {item['detail']}")
        sys.exit(1 if any(c.count for c in found) else 0)
    on = date_arg(args.date) if args.date else None
    try:
        figures = report_figures(actor=args.actor, organization=org, on=on)
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


def register(sub) -> None:
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
