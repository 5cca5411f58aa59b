from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tochuc.core"
    label = "core"
    verbose_name = "Dùng chung"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from tochuc.core.models import Regulation
        from tochuc.core.rules import clear_cache

        post_save.connect(clear_cache, sender=Regulation, dispatch_uid="rules_cache_save")
        post_delete.connect(clear_cache, sender=Regulation, dispatch_uid="rules_cache_delete")
