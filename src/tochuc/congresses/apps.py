from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "tochuc.congresses"
    label = "congresses"
    verbose_name = "Đại hội"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tochuc.congresses import figures, todo

        figures.register()
        todo.register_all()
