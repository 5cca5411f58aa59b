"""`tochuc createuser`: a user, their role and scope, from the command line."""

from __future__ import annotations

import sys

from tochuc.orgs.cli import organization_arg


def cmd_createuser(args) -> None:
    from tochuc.accounts.services import user_create
    from tochuc.core.errors import ServiceError

    scope = organization_arg(args.actor, args.scope) if args.scope else None
    try:
        user, token = user_create(
            actor=args.actor,
            username=args.username,
            role=args.role,
            scope=scope,
            password=args.password,
            full_name=args.full_name or "",
            with_token=args.token,
        )
    except ServiceError as exc:
        sys.exit(exc.text())
    print(
        f"Đã tạo người dùng «{user.username}» ({user.get_role_display()}"
        f"{', phạm vi: ' + scope.name if scope else ''})."
    )
    if token:
        print(token)


def register(sub) -> None:
    s = sub.add_parser("createuser", help="tạo người dùng")
    s.add_argument("username")
    s.add_argument("--role", choices=["admin", "staff", "viewer", "secretary"], required=True)
    s.add_argument("--scope", help="tổ chức phạm vi (id, mã hoặc tên)")
    s.add_argument("--password", help="mật khẩu (bỏ trống: không đăng nhập web được)")
    s.add_argument("--full-name")
    s.add_argument("--token", action="store_true", help="tạo và in API token")
    s.set_defaults(func=cmd_createuser)
