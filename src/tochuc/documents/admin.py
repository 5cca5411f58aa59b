"""The registry's catalogues, edited by administrators: types with their codes, issuers."""

from django.contrib import admin

from tochuc.documents.models import DocumentType, Issuer


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "organization", "order"]
    search_fields = ["name", "code"]
    raw_id_fields = ["organization"]
