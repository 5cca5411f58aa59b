"""`tochuc congresses plan ORG --term 2025-2030 [--on D]`: the season's plan of a subtree made
(or brought in step with the tree) from the tree of a day; `tochuc congresses progress ORG
--term 2025-2030 [--on D]`: how many held their congress by a day, per level, and seed 003's
sentence. As the operator."""

from __future__ import annotations

from datetime import date

from tochuc.core.cli import date_arg
from tochuc.orgs.cli import organization_arg, term_arg


def cmd_plan(args) -> None:
    from tochuc.congresses.services import plan_generate

    org, term = organization_arg(args.actor, args.org), term_arg(args.term)
    on = args.on or date.today()
    counts = plan_generate(actor=args.actor, organization=org, term=term, on=on)
    print(
        f"Kế hoạch đại hội nhiệm kỳ {term.name} của {org.name} (cây tổ chức ngày {on:%d/%m/%Y}): "
        f"thêm {counts['added']}, không tổ chức (đã sắp xếp) {counts['superseded']}, "
        f"giữ {counts['kept']}."
    )


def cmd_progress(args) -> None:
    from tochuc.congresses.selectors import progress, progress_sentence

    org, term = organization_arg(args.actor, args.org), term_arg(args.term)
    on = args.on or date.today()
    rows = progress(args.actor, org, term, on)
    for r in rows:
        print(f"  {r.label}: {r.held}/{r.total} đã đại hội ({r.percent}), {r.late} chậm")
    print(progress_sentence(org, on, rows) or f"{org.name} không có tổ chức nào phải đại hội.")


def register(sub) -> None:
    s = sub.add_parser("congresses", help="đại hội nhiệm kỳ: kế hoạch, tiến độ")
    commands = s.add_subparsers(dest="congresses_command", required=True)
    for name, func, text in (
        ("plan", cmd_plan, "lập (cập nhật theo cây tổ chức) kế hoạch đại hội của một tổ chức"),
        ("progress", cmd_progress, "tiến độ đại hội đến một ngày, theo cấp"),
    ):
        c = commands.add_parser(name, help=text)
        c.add_argument("org", help="tổ chức (id, mã hoặc tên)")
        c.add_argument("--term", required=True, help="nhiệm kỳ, vd 2025-2030")
        c.add_argument("--on", type=date_arg, help="ngày (YYYY-MM-DD), mặc định hôm nay")
        c.set_defaults(func=func)
