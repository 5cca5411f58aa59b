"""Django admin (administrators only): regulation values are edited here; the rest is read-only,
because every other write must go through the services (rules, counts, audit)."""

from django.contrib import admin

from tochuc.core.models import AuditEvent, Regulation


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "effective_from", "source"]
    list_filter = ["key"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["time", "actor", "action", "target_label"]
    list_filter = ["action"]
    search_fields = ["target_label"]
