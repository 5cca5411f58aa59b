"""`tochuc cadres planning|reelection|profile|vacancies|clearance|import`: the cadre work's tables
read from the command line, as the operator (who sees everything, clearance included)."""

from __future__ import annotations

import sys
from datetime import date

from tochuc.core.cli import date_arg, print_import
from tochuc.orgs.cli import organization_arg, term_arg


def _day(args) -> date:
    return date_arg(args.on) if args.on else date.today()


def cmd_planning(args) -> None:
    from tochuc.cadres.selectors import planning_table, positions_of

    org, term = organization_arg(args.actor, args.org), term_arg(args.term)
    rows = planning_table(positions_of(args.actor, org, own=not args.all), term, _day(args))
    for row in rows:
        holders = ", ".join(c.full_name for c in row.holders) or "(trống)"
        print(f"{row.position.label} — đang giữ: {holders}")
        for w in row.warnings:
            print(f"    ! {w}")
        for planned in row.planned:
            print(f"    {planned.plan.cadre.full_name} ({planned.age_at_start} tuổi đầu nhiệm kỳ)")
            for w in planned.warnings:
                print(f"        ! {w}")
    print(f"{len(rows)} chức vụ, {sum(len(r.planned) for r in rows)} lượt quy hoạch ({term.name}).")


def cmd_reelection(args) -> None:
    from tochuc.cadres.selectors import reelection_ineligible

    org, term = organization_arg(args.actor, args.org), term_arg(args.term)
    found = reelection_ineligible(args.actor, term, date_arg(args.congress), org)
    for item in found:
        seat = item.seat
        print(
            f"  {seat.cadre.full_name} — {seat.get_role_display()}, {seat.organization.name}: {item.reason}"
        )
    print(f"{len(found)} cán bộ không đủ điều kiện tái cử (tuổi), nhiệm kỳ {term.name}.")


def cmd_profile(args) -> None:
    from tochuc.cadres.selectors import staff_profile
    from tochuc.members.reference import EDUCATION_LEVELS, THEORY_LEVELS

    org = organization_arg(args.actor, args.org)
    p = staff_profile(args.actor, org, _day(args))

    def said(counts, labels) -> str:
        return ", ".join(f"{n} {labels[k].lower()}" for k, n in counts.most_common() if n)

    print(f"{org.name}: {p.total} cán bộ.")
    print(f"  Chuyên môn: {said(p.by_education, dict(EDUCATION_LEVELS))}.")
    print(f"  Lý luận chính trị: {said(p.by_theory, dict(THEORY_LEVELS))}.")
    if p.studying:
        print(f"  Đang học: {said(p.studying, dict(THEORY_LEVELS))}.")
    print(f"  Tuổi: {', '.join(f'{k}: {n}' for k, n in p.by_age_band.items())}.")


def cmd_vacancies(args) -> None:
    from tochuc.cadres.selectors import vacancies

    org = organization_arg(args.actor, args.org)
    found = vacancies(args.actor, _day(args), org)
    for position, free in found:
        print(f"  {position.label}: thiếu {free}")
    print(f"{len(found)} chức vụ còn trống.")


def cmd_clearance(args) -> None:
    from tochuc.cadres.selectors import clearance_counts, clearance_sentence

    org = organization_arg(args.actor, args.org)
    counts = clearance_counts(args.actor, date_arg(args.start), date_arg(args.end), org)
    print(clearance_sentence(counts))


def cmd_import(args) -> None:
    from pathlib import Path

    from tochuc.cadres.imports import PLANNING, cadres_import
    from tochuc.core.errors import Forbidden, ServiceError

    path = Path(args.file)
    if not path.is_file():
        sys.exit(f"Không có tệp «{args.file}».")
    org = organization_arg(args.actor, args.org)
    if args.kind == PLANNING and args.term is None:
        sys.exit("Danh sách quy hoạch cần --term, vd 2025-2030.")
    term = term_arg(args.term) if args.kind == PLANNING else None
    try:
        result = cadres_import(
            actor=args.actor,
            kind=args.kind,
            organization=org,
            file_name=path.name,
            data=path.read_bytes(),
            dry_run=args.dry_run,
            term=term,
        )
    except ServiceError as exc:
        sys.exit(exc.text())
    except Forbidden as exc:
        sys.exit(str(exc))
    print_import(result, lambda r: f"{r.position} — {r.person or '(trống)'}: {r.what}")


def register(sub) -> None:
    s = sub.add_parser(
        "cadres", help="cán bộ: quy hoạch, tái cử, đội ngũ, chức vụ trống, thẩm định"
    )
    commands = s.add_subparsers(dest="cadres_command", required=True)

    c = commands.add_parser("planning", help="bảng quy hoạch của một tổ chức cho một nhiệm kỳ")
    c.add_argument("org", help="tổ chức (id, mã hoặc tên)")
    c.add_argument("--term", required=True, help="nhiệm kỳ, vd 2025-2030")
    c.add_argument("--on", help="người đang giữ chức vụ vào ngày YYYY-MM-DD (mặc định hôm nay)")
    c.add_argument("--all", action="store_true", help="cả chức vụ của các tổ chức cấp dưới")
    c.set_defaults(func=cmd_planning)

    c = commands.add_parser("reelection", help="cán bộ không đủ tuổi tái cử")
    c.add_argument("org", help="tổ chức (id, mã hoặc tên)")
    c.add_argument("--term", required=True, help="nhiệm kỳ đang kết thúc, vd 2020-2025")
    c.add_argument("--congress", required=True, help="ngày đại hội nhiệm kỳ mới YYYY-MM-DD")
    c.set_defaults(func=cmd_reelection)

    c = commands.add_parser("profile", help="đội ngũ cán bộ theo trình độ, tuổi")
    c.add_argument("org", help="tổ chức (id, mã hoặc tên)")
    c.add_argument("--on", help="tuổi tính đến ngày YYYY-MM-DD (mặc định hôm nay)")
    c.set_defaults(func=cmd_profile)

    c = commands.add_parser("vacancies", help="chức vụ còn trống")
    c.add_argument("org", help="tổ chức (id, mã hoặc tên)")
    c.add_argument("--on", help="vào ngày YYYY-MM-DD (mặc định hôm nay)")
    c.set_defaults(func=cmd_vacancies)

    c = commands.add_parser(
        "clearance", help="số trường hợp kết luận tiêu chuẩn chính trị theo mục đích"
    )
    c.add_argument("org", help="tổ chức (id, mã hoặc tên)")
    c.add_argument("--from", dest="start", required=True, help="từ ngày YYYY-MM-DD")
    c.add_argument("--to", dest="end", required=True, help="đến ngày YYYY-MM-DD")
    c.set_defaults(func=cmd_clearance)

    c = commands.add_parser(
        "moves", help="bổ nhiệm, điều động, luân chuyển ... trong một thời gian"
    )
    c.add_argument("org", help="tổ chức (id, mã hoặc tên)")
    c.add_argument(
        "--kind", default="", help="các loại, cách nhau dấu phẩy, vd appointment,rotation"
    )
    c.add_argument("--from", dest="start", help="từ ngày YYYY-MM-DD")
    c.add_argument("--to", dest="end", help="đến ngày YYYY-MM-DD")
    c.set_defaults(func=cmd_moves)

    c = commands.add_parser(
        "import", help="nhập chức vụ và người đảm nhiệm, hoặc danh sách quy hoạch, từ tệp Excel"
    )
    c.add_argument("kind", choices=["positions", "planning"], help="loại tệp")
    c.add_argument("file", help="tệp .xlsx, .xls, .ods hoặc .csv")
    c.add_argument("--org", required=True, help="tổ chức nhận dữ liệu (id, mã hoặc tên)")
    c.add_argument("--term", help="nhiệm kỳ của danh sách quy hoạch, vd 2025-2030")
    c.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    c.set_defaults(func=cmd_import)


def cmd_moves(args) -> None:
    from tochuc.cadres.models import CadreEvent
    from tochuc.cadres.selectors import moves

    org = organization_arg(args.actor, args.org)
    kinds = [k.strip() for k in args.kind.split(",") if k.strip()]
    wrong = [k for k in kinds if k not in CadreEvent.Kind.values]
    if wrong:
        sys.exit(
            f"Không có loại «{', '.join(wrong)}»: chọn trong {', '.join(CadreEvent.Kind.values)}."
        )
    start = date_arg(args.start) if args.start else None
    end = date_arg(args.end) if args.end else None
    found = list(moves(args.actor, kinds=kinds, start=start, end=end, organization=org))
    for e in found:
        what = e.position.title.name if e.position_id else ""
        where = e.other_organization.name if e.other_organization_id else ""
        said = " — ".join(x for x in (what, where) if x)
        decision = f" ({e.decision.symbol})" if e.decision_id else ""
        print(
            f"  {e.effective_date:%d/%m/%Y} {e.cadre.full_name}: {e.get_kind_display()}"
            f"{' — ' + said if said else ''}{decision}"
        )
    print(f"{len(found)} trường hợp.")
