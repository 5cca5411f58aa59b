"""Django admin behind the site's own login (its lockout, its second step)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_otp import user_has_device


class TochucAdminSite(admin.AdminSite):
    site_header = "Quản trị tochuc"
    site_title = "Quản trị tochuc"
    index_title = "Dữ liệu và danh mục"

    def has_permission(self, request):
        # Someone with an authenticator must have used it in this session: a session opened
        # before it was turned on, or by any other way than the two-step login, has not.
        if not super().has_permission(request):
            return False
        return request.user.is_verified() or not user_has_device(request.user)

    @login_not_required
    def login(self, request, extra_context=None):
        # Admin's own login form would log in with the password alone.
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
