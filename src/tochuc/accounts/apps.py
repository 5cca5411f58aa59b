from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "tochuc.accounts"
    label = "accounts"
    verbose_name = "Người dùng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from tochuc.accounts import lockout

        user_locked_out.connect(lockout.on_locked_out, dispatch_uid="tochuc_lockout_audit")
        user_logged_in.connect(lockout.on_logged_in, dispatch_uid="tochuc_lockout_reset")


class TochucAdminConfig(admin_apps.AdminConfig):
    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "tochuc.accounts.admin_site.TochucAdminSite"
