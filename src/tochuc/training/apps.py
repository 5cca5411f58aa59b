from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "tochuc.training"
    label = "training"
    verbose_name = "Đào tạo, bồi dưỡng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tochuc.cadres.studying import register
        from tochuc.training import figures, record
        from tochuc.training.selectors import cadres_studying

        figures.register()
        register(cadres_studying)
        record.register_all()
