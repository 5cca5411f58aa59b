from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from tochuc.accounts.models import User


@admin.register(User)
class TochucUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "role", "scope", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["scope"]
    fieldsets = UserAdmin.fieldsets + (("tochuc", {"fields": ("full_name", "role", "scope")}),)
