"""The other projects' apps as they show in Django admin: Vietnamese names (they ship none)."""

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_tasks_db.apps import TasksAppConfig

# model name -> (verbose_name, verbose_name_plural)
MODEL_NAMES = {
    "accessattempt": ("lần đăng nhập sai", "các lần đăng nhập sai"),
    "accessfailurelog": ("nhật ký đăng nhập sai", "nhật ký đăng nhập sai"),
    "accessattemptexpiration": ("hạn khóa đăng nhập", "hạn khóa đăng nhập"),
    "accesslog": ("nhật ký đăng nhập", "nhật ký đăng nhập"),
    "totpdevice": ("thiết bị xác thực hai bước", "thiết bị xác thực hai bước"),
    "dbtaskresult": ("tác vụ nền", "các tác vụ nền"),
}


def _rename_models(config) -> None:
    for model in config.get_models():
        names = MODEL_NAMES.get(model._meta.model_name)
        if names:
            model._meta.verbose_name, model._meta.verbose_name_plural = names


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = "Đăng nhập sai và khóa đăng nhập"

    def ready(self):
        super().ready()
        _rename_models(self)


class TwoStepConfig(TotpAppConfig):
    verbose_name = "Xác thực hai bước"

    def ready(self):
        super().ready()
        _rename_models(self)


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = "Tác vụ nền (nhập dữ liệu)"

    def ready(self):
        super().ready()
        _rename_models(self)
