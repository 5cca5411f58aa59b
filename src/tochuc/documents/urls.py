from django.urls import path  # noqa: F401

from tochuc.documents import import_views, views  # noqa: F401

app_name = "documents"
urlpatterns = [
    # The registry's pages (views.py) and its import (imports.py's page), one line each.
    path("import/", import_views.registry_import_page, name="import"),
    path("import/mau-nhap-so-van-ban.xlsx", import_views.template, name="import_template"),
]
