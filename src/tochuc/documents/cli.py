"""`tochuc documents add|list|import|decisions`: register a document (a typed number or «Lấy
số»), search the registry, import an office's registry from Excel, and read the restructuring
plans' decisions against the registry."""

from __future__ import annotations

import sys
from pathlib import Path

from tochuc.core.cli import date_arg, print_import
from tochuc.orgs.cli import organization_arg


def _type_arg(text: str):
    """A document type by its name (accents optional) or code (NQ, KH ...)."""
    from tochuc.documents.services.catalogue import type_find, type_names

    found = type_find(text)
    if found is None:
        sys.exit(f"Không có loại văn bản «{text}»: chọn một trong {type_names()}.")
    return found


def _issuer_arg(code: str, organization):
    """The issuer of `code`: the organization's own (its committee, its agencies) first, then
    the bodies outside the tree (TW, BTCTW ...)."""
    from tochuc.documents.models import Issuer
    from tochuc.documents.services.issuers import issuers_of

    if organization is not None:
        for issuer in issuers_of(organization):
            if issuer.code.upper() == code.upper():
                return issuer
    outside = Issuer.objects.filter(organization__isnull=True, code__iexact=code).first()
    if outside is not None:
        return outside
    where = f" của {organization.name}" if organization is not None else " ngoài cây tổ chức"
    sys.exit(
        f"Không có cơ quan ban hành «{code}»{where}: nêu --org (tổ chức ban hành) hoặc một ký "
        "hiệu như TU, ĐU, TW, BTCTW."
    )


def _period_arg(text: str | None) -> tuple[int | None, int | None]:
    from tochuc.core.cells import CellError
    from tochuc.documents.imports import parse_period

    try:
        return parse_period(text)
    except CellError as exc:
        sys.exit(str(exc))


def cmd_add(args) -> None:
    from tochuc.core.errors import Forbidden, ServiceError
    from tochuc.documents.services import document_create

    if not args.take_number and not args.symbol and args.status != "draft":
        sys.exit("Nêu số, ký hiệu (--symbol 74-NQ/TU) hoặc --take-number để lấy số tiếp theo.")
    organization = organization_arg(args.actor, args.org) if args.org else None
    doc_type = _type_arg(args.type)
    issuer = _issuer_arg(args.issuer, organization)
    start, end = _period_arg(args.period)
    try:
        document = document_create(
            actor=args.actor,
            doc_type=doc_type,
            issuer=issuer,
            organization=organization,
            title=args.title,
            symbol=args.symbol or "",
            take_number=args.take_number,
            issued_on=date_arg(args.date) if args.date else None,
            signer=args.signer or "",
            period_start=start,
            period_end=end,
            status=args.status,
            note=args.note or "",
        )
    except ServiceError as exc:
        sys.exit(exc.text())
    except Forbidden as exc:
        sys.exit(str(exc))
    print(f"Đã vào sổ {document.label} (id {document.pk}) của {document.organization.name}.")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_list(args) -> None:
    from tochuc.documents.models import Document
    from tochuc.documents.selectors import DocumentFilter, document_list

    if args.status and args.status not in Document.Status.values:
        sys.exit(f"Trạng thái «{args.status}» không có: {', '.join(Document.Status.values)}.")
    spec = DocumentFilter(
        q=args.q or "",
        doc_types=(_type_arg(args.type).pk,) if args.type else (),
        issuer_code=args.issuer or "",
        year=args.year,
        period=args.period,
        status=args.status or "",
        organization=organization_arg(args.actor, args.org) if args.org else None,
    )
    documents = document_list(args.actor, spec)
    rows = list(documents[: args.limit + 1])
    shown = rows[: args.limit]
    widths = (14, 10, 12, 24, 56)
    print(
        "  ".join(
            h.ljust(w)
            for h, w in zip(
                ("Số, ký hiệu", "Ngày", "Loại", "Sổ của", "Trích yếu"), widths, strict=True
            )
        ).rstrip()
    )
    for d in shown:
        cells = (
            d.symbol or "(chưa có số)",
            f"{d.issued_on:%d/%m/%Y}" if d.issued_on else "",
            d.doc_type.name,
            d.organization.name,
            d.title,
        )
        print("  ".join(_cut(c, w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    more = " (còn nữa: lọc thêm hoặc tăng --limit)" if len(rows) > args.limit else ""
    print(f"{len(shown)} văn bản{more}.")


def cmd_import(args) -> None:
    from tochuc.core.errors import Forbidden, ServiceError
    from tochuc.documents.imports import registry_import

    path = Path(args.file)
    if not path.is_file():
        sys.exit(f"Không có tệp «{args.file}».")
    organization = organization_arg(args.actor, args.org)
    try:
        result = registry_import(
            actor=args.actor,
            organization=organization,
            file_name=path.name,
            data=path.read_bytes(),
            dry_run=args.dry_run,
        )
    except ServiceError as exc:
        sys.exit(exc.text())
    except Forbidden as exc:
        sys.exit(str(exc))
    print_import(result, lambda r: f"{r.label} — {_cut(r.title, 60)}", "văn bản")


def cmd_decisions(args) -> None:
    from tochuc.documents.selectors import plan_decisions

    found = plan_decisions(args.actor)
    matched = 0
    for plan, document in found:
        on = f" ngày {plan.decision_date:%d/%m/%Y}" if plan.decision_date else ""
        head = f"{plan.title} ({plan.organization.name}): quyết định {plan.decision_symbol}{on}"
        if document is not None:
            matched += 1
            print(f"  có trong sổ   {head} → {document.label} (id {document.pk})")
        else:
            print(f"  chưa có sổ    {head}")
    print(
        f"{len(found)} phương án: {matched} có quyết định trong sổ văn bản, "
        f"{len(found) - matched} chưa có (vào sổ bằng «tochuc documents add»)."
    )


def register(sub) -> None:
    s = sub.add_parser("documents", help="sổ văn bản: vào sổ, tra cứu, nhập từ Excel")
    commands = s.add_subparsers(dest="documents_command", required=True)

    c = commands.add_parser("add", help="vào sổ một văn bản (số gõ tay hoặc lấy số)")
    c.add_argument("--type", required=True, help="loại văn bản: tên hoặc viết tắt (NQ, KH ...)")
    c.add_argument("--issuer", required=True, help="ký hiệu cơ quan ban hành (TU, ĐU, TW ...)")
    c.add_argument("--org", help="tổ chức ban hành, hoặc giữ văn bản của cơ quan ngoài cây")
    number = c.add_mutually_exclusive_group()
    number.add_argument("--symbol", help="số, ký hiệu như trên văn bản (74-NQ/TU)")
    number.add_argument("--take-number", action="store_true", help="lấy số tiếp theo")
    c.add_argument("--date", help="ngày ban hành YYYY-MM-DD (lấy số: mặc định hôm nay)")
    c.add_argument("--title", required=True, help="trích yếu")
    c.add_argument("--signer", help="người ký")
    c.add_argument("--period", help="giai đoạn, vd 2021-2025")
    c.add_argument(
        "--status",
        default="issued",
        choices=["draft", "issued", "expired", "replaced"],
        help="trạng thái (mặc định: issued, ban hành)",
    )
    c.add_argument("--note", help="ghi chú")
    c.set_defaults(func=cmd_add)

    c = commands.add_parser("list", help="tra cứu sổ văn bản")
    c.add_argument("q", nargs="?", help="số, ký hiệu hoặc từ trong trích yếu (không dấu cũng được)")
    c.add_argument("--type", help="loại văn bản: tên hoặc viết tắt")
    c.add_argument("--issuer", help="ký hiệu cơ quan ban hành")
    c.add_argument("--year", type=int, help="năm ban hành")
    c.add_argument("--period", type=int, help="một năm trong giai đoạn của văn bản")
    c.add_argument("--status", help="draft, issued, expired, replaced")
    c.add_argument("--org", help="sổ văn bản của tổ chức này và cấp dưới")
    c.add_argument("--limit", type=int, default=50, help="in tối đa bao nhiêu dòng (mặc định 50)")
    c.set_defaults(func=cmd_list)

    c = commands.add_parser("import", help="nhập sổ văn bản của đơn vị từ tệp Excel/CSV")
    c.add_argument("file", help="tệp .xlsx, .xls, .ods hoặc .csv")
    c.add_argument("--org", required=True, help="tổ chức nhận sổ văn bản (id, mã hoặc tên)")
    c.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    c.set_defaults(func=cmd_import)

    c = commands.add_parser(
        "decisions", help="quyết định của các phương án sắp xếp: có hay chưa có trong sổ"
    )
    c.set_defaults(func=cmd_decisions)
