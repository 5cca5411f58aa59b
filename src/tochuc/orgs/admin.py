from django.contrib import admin

from tochuc.core.admin import ReadOnlyAdmin
from tochuc.orgs.models import Organization


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "search_key"]
    raw_id_fields = ["parent"]
