"""The cadre work's catalogues, edited by administrators: titles, management levels, the
purposes of political-standard clearance."""

from django.contrib import admin

from tochuc.cadres.models import ClearancePurpose, ManagementLevel, PositionTitle


@admin.register(PositionTitle)
class PositionTitleAdmin(admin.ModelAdmin):
    list_display = ["name", "committee_role", "theory_level", "education_level", "order"]
    list_editable = ["order"]


@admin.register(ManagementLevel)
class ManagementLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]


@admin.register(ClearancePurpose)
class ClearancePurposeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
