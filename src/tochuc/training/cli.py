"""`tochuc training classes ORG`: the classes an organization sees (organized in its subtree or
with a trainee of it); `tochuc training send-next ORG [--level L] [--on D]`: its cadres short
of the theory level their positions ask for. Read from the command line as the operator."""

from __future__ import annotations

from tochuc.core.cli import date_arg
from tochuc.orgs.cli import organization_arg


def cmd_classes(args) -> None:
    from django.db.models import Count, Q

    from tochuc.training.selectors import classes_of

    org = organization_arg(args.actor, args.org)
    found = classes_of(args.actor, org).annotate(
        n=Count("trainees"), done=Count("trainees", filter=Q(trainees__status="completed"))
    )
    for k in found:
        print(
            f"  {k.starts_on:%d/%m/%Y}–{k.ends_on:%d/%m/%Y} {k.name} ({k.programme.name}, "
            f"{k.organization.name}): {k.n} học viên, {k.done} hoàn thành — "
            f"{k.state_label().lower()}"
        )
    print(f"{len(found)} lớp.")


def cmd_send_next(args) -> None:
    from datetime import date

    from tochuc.training import send

    org = organization_arg(args.actor, args.org)
    on = args.on or date.today()
    found = send.lacking(args.actor, org, on, level=args.level or "")
    count = 0
    for start in range(0, found.count(), 500):
        rows = list(found[start : start + 500])
        positions = send.positions_lacking(rows, on)
        for c in rows:
            count += 1
            held = "; ".join(f"{p} ({how})" for p, how, _ in positions[c.pk])
            studying = f" — đang học {c.studying_in}" if c.studying_in else ""
            print(
                f"  {c.full_name} ({c.birth_date:%Y}), {c.organization.name}: "
                f"{send.level_label(c.has)}, cần {send.level_label(c.needed).lower()} — "
                f"{held}{studying}"
            )
    print(f"{count} cán bộ cần cử đi đào tạo ngày {on:%d/%m/%Y}.")


def register(sub) -> None:
    s = sub.add_parser("training", help="đào tạo, bồi dưỡng: các lớp và học viên")
    commands = s.add_subparsers(dest="training_command", required=True)
    c = commands.add_parser("classes", help="các lớp của một tổ chức và cấp dưới")
    c.add_argument("org", help="tổ chức (id, mã hoặc tên)")
    c.set_defaults(func=cmd_classes)
    n = commands.add_parser(
        "send-next", help="cán bộ thiếu trình độ lý luận chức vụ, quy hoạch yêu cầu"
    )
    n.add_argument("org", help="tổ chức (id, mã hoặc tên)")
    n.add_argument(
        "--level", choices=["so_cap", "trung_cap", "cao_cap", "cu_nhan"], help="còn thiếu trình độ"
    )
    n.add_argument("--on", type=date_arg, help="ngày (YYYY-MM-DD), mặc định hôm nay")
    n.set_defaults(func=cmd_send_next)
