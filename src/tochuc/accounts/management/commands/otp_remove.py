"""`tochuc manage otp_remove USERNAME`: remove a user's lost authenticator (audited)."""

from django.core.management.base import BaseCommand, CommandError

from tochuc.accounts.services import system_actor, totp_remove
from tochuc.core.errors import ServiceError


class Command(BaseCommand):
    help = "Gỡ thiết bị xác thực hai bước của một người dùng (khi mất điện thoại)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập")

    def handle(self, *args, username, **options):
        try:
            totp_remove(actor=system_actor(), username=username)
        except ServiceError as exc:
            raise CommandError(exc.text()) from None
        self.stdout.write(
            f"Đã gỡ xác thực hai bước của «{username}»: lần sau chỉ cần mật khẩu, "
            "rồi có thể bật lại ở trang Tài khoản."
        )
