from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "tochuc.todo"
    label = "todo"
    verbose_name = "Việc cần làm"
