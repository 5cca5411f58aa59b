"""The training work's catalogue, edited by administrators: the programmes (which theory level
each gives) and the schools."""

from django.contrib import admin

from tochuc.training.models import Programme, School


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "theory_level", "length_days", "for_candidates", "order"]
    list_editable = ["order"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organization"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]
