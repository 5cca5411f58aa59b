"""The `tochuc` command: each app registers its own commands (<app>/cli.py); this module
holds the ones that stand above every app (serve, demo, manage), parses, sets Django up and
runs the one chosen, as the operator (`args.actor`)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from tochuc.accounts import cli as accounts_cli
from tochuc.cadres import cli as cadres_cli
from tochuc.congresses import cli as congresses_cli
from tochuc.core.cli import gunicorn_argv
from tochuc.documents import cli as documents_cli
from tochuc.imports import cli as imports_cli
from tochuc.members import cli as members_cli
from tochuc.orgs import cli as orgs_cli
from tochuc.reports import cli as reports_cli
from tochuc.training import cli as training_cli

# The order `tochuc --help` lists them in; `manage` (Django's own commands) comes last.
APPS = (
    orgs_cli,
    accounts_cli,
    members_cli,
    reports_cli,
    imports_cli,
    documents_cli,
    cadres_cli,
    training_cli,
    congresses_cli,
)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


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


def cmd_manage(args) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tochuc manage", *args.rest])


def _register(sub) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tochuc", description="Công tác tổ chức xây dựng Đảng")
    sub = p.add_subparsers(dest="command", required=True)
    _register(sub)
    for app in APPS:
        app.register(sub)

    s = sub.add_parser("manage", help="lệnh quản trị Django (migrate, shell, ...)")
    s.add_argument("rest", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_manage)
    return p


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    _setup()
    from tochuc.accounts.services import system_actor

    args.actor = system_actor()
    args.func(args)


if __name__ == "__main__":
    main()
