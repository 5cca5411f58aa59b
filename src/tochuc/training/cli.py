"""`tochuc training classes ORG`: the classes an organization sees (organized in its subtree or
with a trainee of it), read from the command line as the operator."""

from __future__ import annotations

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
            f"{k.get_status_display().lower()}"
        )
    print(f"{len(found)} lớp.")


def register(sub) -> None:
    s = sub.add_parser("training", help="đào tạo, bồi dưỡng: các lớp và học viên")
    commands = s.add_subparsers(dest="training_command", required=True)
    c = commands.add_parser("classes", help="các lớp của một tổ chức và cấp dưới")
    c.add_argument("org", help="tổ chức (id, mã hoặc tên)")
    c.set_defaults(func=cmd_classes)
