from django.urls import path, re_path

from tochuc.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^download\.(?P<fmt>xlsx|docx|pdf)$", views.download, name="download"),
    path("tables/<slug:key>/", views.table, name="table"),
    path("organizations/", views.organizations, name="organizations"),
    path("checks/", views.data_checks, name="checks"),
]
