from django.urls import path

from tochuc.cadres import views

app_name = "cadres"
urlpatterns = [
    path("positions/", views.positions, name="positions"),
    path("planning/", views.planning, name="planning"),
    path("moves/", views.move_list, name="moves"),
    path("positions/new/", views.position_new, name="position_new"),
    path("appoint/<int:member_pk>/", views.appoint, name="appoint"),
]
