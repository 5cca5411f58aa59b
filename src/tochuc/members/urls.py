from django.urls import path

from tochuc.members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.create, name="create"),
    path("badges/", views.badges, name="badges"),
    path("transfers/", views.transfers, name="transfers"),
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/new/", views.candidate_new, name="candidate_new"),
    path("candidates/<int:pk>/", views.candidate, name="candidate"),
    path("<int:pk>/transfer/", views.transfer_start, name="transfer_start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("<int:pk>/actions/<str:kind>/", views.action, name="action"),
    path("<int:pk>/photo/upload/", views.photo_upload, name="photo_upload"),
]
