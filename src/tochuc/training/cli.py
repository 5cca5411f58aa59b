"""`tochuc training classes ORG`: the classes an organization sees (organized in its subtree or
with a trainee of it); `send-next ORG [--level L] [--on D]`: its cadres short of the theory
level their positions ask for; `plan ORG [--year Y]`: an organizer's yearly plan against what
it did; `import CLASS_ID FILE [--dry-run]`: a class's trainees and results from a sheet. Read
and written from the command line as the operator."""

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


def cmd_import(args) -> None:
    """`tochuc training import CLASS_ID FILE [--dry-run]`: a class's trainees from a sheet."""
    import sys
    from pathlib import Path

    from tochuc.core.cli import print_import
    from tochuc.core.errors import Forbidden, NotFound, ServiceError
    from tochuc.training.imports import trainees_import
    from tochuc.training.selectors import class_get

    path = Path(args.file)
    if not path.is_file():
        sys.exit(f"Không có tệp «{args.file}».")
    try:
        klass = class_get(args.actor, args.class_id)
    except NotFound:
        sys.exit(f"Không có lớp số {args.class_id}.")
    try:
        result = trainees_import(
            actor=args.actor,
            training_class=klass,
            file_name=path.name,
            data=path.read_bytes(),
            dry_run=args.dry_run,
        )
    except ServiceError as exc:
        sys.exit(exc.text())
    except Forbidden as exc:
        sys.exit(str(exc))
    print_import(result, lambda r: f"{r.person} ({r.who}): {r.what}")


def cmd_plan(args) -> None:
    from datetime import date

    from tochuc.training.selectors import plan_table

    org = organization_arg(args.actor, args.org)
    year = args.year or date.today().year
    rows = plan_table(args.actor, org, year)
    for r in rows:
        planned = f"{r.plan.classes} lớp, {r.plan.trainees} học viên" if r.plan else "chưa có"
        done = f"{r.classes} lớp ({r.classes_percent or '—'}), {r.trainees} học viên"
        print(f"  {r.programme.name}: kế hoạch {planned}; thực hiện {done}")
    print(f"Kế hoạch đào tạo, bồi dưỡng năm {year} của {org.name}: {len(rows)} chương trình.")


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
    p = commands.add_parser("plan", help="kế hoạch năm của đơn vị tổ chức và thực hiện")
    p.add_argument("org", help="tổ chức (id, mã hoặc tên)")
    p.add_argument("--year", type=int, help="năm (mặc định năm nay)")
    p.set_defaults(func=cmd_plan)
    m = commands.add_parser("import", help="nhập danh sách học viên, kết quả của một lớp từ Excel")
    m.add_argument("class_id", type=int, help="số của lớp (trong địa chỉ trang lớp)")
    m.add_argument("file", help="tệp .xlsx, .xls, .ods hoặc .csv")
    m.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    m.set_defaults(func=cmd_import)
