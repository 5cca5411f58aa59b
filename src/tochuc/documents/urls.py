from django.urls import path  # noqa: F401

from tochuc.documents import views  # noqa: F401

app_name = "documents"
urlpatterns = [
    # The registry's pages (views.py) and its import (imports.py's page), one line each.
]
