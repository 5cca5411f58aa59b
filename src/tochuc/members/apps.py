from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "tochuc.members"
    label = "members"
    verbose_name = "Đảng viên"
    default_auto_field = "django.db.models.BigAutoField"
