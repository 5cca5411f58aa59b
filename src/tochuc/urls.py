"""URL map: pages, the JSON API under /api/v1/, and Django admin for administrators."""

from django.contrib import admin
from django.urls import include, path

from tochuc.api import api

urlpatterns = [
    path("", include("tochuc.core.urls")),
    path("organizations/", include("tochuc.orgs.urls")),
    path("members/", include("tochuc.members.urls")),
    path("users/", include("tochuc.accounts.urls")),
    path("reports/", include("tochuc.reports.urls")),
    path("imports/", include("tochuc.imports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
