from django.urls import path

from tochuc.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("mau-nhap-dang-vien.xlsx", views.template, name="template"),
    path("mau-nhap-cay-to-chuc.xlsx", views.tree_template, name="tree_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/rejected.xlsx", views.rejected, name="rejected"),
]
