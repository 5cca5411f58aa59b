from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "tochuc.documents"
    label = "documents"
    verbose_name = "Văn bản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tochuc.documents import figures, todo

        figures.register()
        todo.register_all()
