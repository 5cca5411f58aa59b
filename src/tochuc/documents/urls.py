from django.urls import path

from tochuc.documents import import_views, views

app_name = "documents"
urlpatterns = [
    path("", views.registry, name="list"),
    path("print/", views.registry_print, name="print"),
    path("reports/", views.report_list, name="reports"),
    path("new/", views.create, name="create"),
    path("find/", views.find, name="find"),
    path("references/", views.references, name="references"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/number/", views.number_take, name="number"),
    path("<int:pk>/files/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/links/", views.link_add, name="link_add"),
    path("<int:pk>/requests/", views.request_create, name="request_create"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("files/<int:pk>/remove/", views.attachment_delete, name="attachment_remove"),
    path("links/<int:pk>/remove/", views.link_remove, name="link_remove"),
    path("reports/<int:pk>/", views.report_submit_page, name="report_file"),
    path("import/", import_views.registry_import_page, name="import"),
    path("import/mau-nhap-so-van-ban.xlsx", import_views.template, name="import_template"),
]
