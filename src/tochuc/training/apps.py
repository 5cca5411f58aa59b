from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "tochuc.training"
    label = "training"
    verbose_name = "Đào tạo, bồi dưỡng"
    default_auto_field = "django.db.models.BigAutoField"
