from django.contrib import admin

from tochuc.core.admin import ReadOnlyAdmin
from tochuc.orgs.models import Organization, Term


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "search_key"]
    raw_id_fields = ["parent"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """Terms are the operator's data: the numbering of documents restarts with each."""

    list_display = ["name", "start_year", "end_year", "starts_on"]
