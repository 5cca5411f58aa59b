from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "tochuc.training"
    label = "training"
    verbose_name = "Đào tạo, bồi dưỡng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tochuc.cadres.studying import register
        from tochuc.members import changes
        from tochuc.training import figures, record
        from tochuc.training.selectors import cadres_studying
        from tochuc.training.services.trainees import trainees_refresh

        figures.register()
        register(cadres_studying)
        changes.register(trainees_refresh)
        record.register_all()
