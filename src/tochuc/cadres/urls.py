from django.urls import path

from tochuc.cadres import views

app_name = "cadres"
urlpatterns = [
    path("positions/", views.positions, name="positions"),
    path("planning/", views.planning, name="planning"),
    path("moves/", views.move_list, name="moves"),
]
