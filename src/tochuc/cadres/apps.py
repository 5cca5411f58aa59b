from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "tochuc.cadres"
    label = "cadres"
    verbose_name = "Cán bộ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tochuc.cadres import figures, record, todo
        from tochuc.cadres.services.records import cadres_refresh
        from tochuc.members.changes import register

        figures.register()
        todo.register_all()
        record.register_all()
        register(cadres_refresh)
