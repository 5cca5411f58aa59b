from django.contrib import admin

from tochuc.core.admin import ReadOnlyAdmin
from tochuc.members.models import Member


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "birth_date", "organization", "status"]
    list_filter = ["status", "gender"]
    search_fields = ["search_key", "citizen_id", "party_card_number"]
    raw_id_fields = ["organization"]
