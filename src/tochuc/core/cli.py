"""`tochuc serve` and `demo`, and what every app's commands share: the operator as actor, an
organization or a date named on the command line."""

from __future__ import annotations

import json
import sys
from datetime import date


def system_actor():
    """Commands run as the operator: an administrator who sees everything."""
    from tochuc.accounts.models import Role, User

    return User(username="cli", role=Role.ADMIN, is_active=True)


def organization_arg(ref: str):
    """The organization a command names by code, id or exact name; a message and exit if none."""
    from tochuc.core.errors import NotFound
    from tochuc.orgs.selectors import organization_find

    try:
        return organization_find(actor=system_actor(), ref=ref)
    except NotFound:
        sys.exit(f"Không tìm thấy tổ chức «{ref}» (nhập mã, số id hoặc đúng tên tổ chức).")


def date_arg(text: str) -> date:
    """A date written YYYY-MM-DD on the command line; a message and exit if not."""
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


def register(sub) -> None:
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
