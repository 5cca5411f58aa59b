from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tochuc.accounts"
    label = "accounts"
    verbose_name = "Người dùng"
    default_auto_field = "django.db.models.BigAutoField"
