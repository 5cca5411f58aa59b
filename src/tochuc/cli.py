"""The `tochuc` command: each app registers its own commands (<app>/cli.py); this module
parses, sets Django up and runs the one chosen."""

from __future__ import annotations

import argparse
import os

from tochuc.accounts import cli as accounts_cli
from tochuc.core import cli as core_cli
from tochuc.imports import cli as imports_cli
from tochuc.members import cli as members_cli
from tochuc.orgs import cli as orgs_cli
from tochuc.reports import cli as reports_cli

# The order `tochuc --help` lists them in; `manage` (Django's own commands) comes last.
APPS = (core_cli, orgs_cli, accounts_cli, members_cli, reports_cli, imports_cli)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def cmd_manage(args) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tochuc manage", *args.rest])


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tochuc", description="Công tác tổ chức xây dựng Đảng")
    sub = p.add_subparsers(dest="command", required=True)
    for app in APPS:
        app.register(sub)

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
