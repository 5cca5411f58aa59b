from django.urls import path

from tochuc.cadres.views import planning, positions

app_name = "cadres"
urlpatterns = [
    path("positions/", positions.positions, name="positions"),
    path("positions/new/", positions.position_new, name="position_new"),
    path("planning/", planning.planning, name="planning"),
    path("moves/", positions.move_list, name="moves"),
    path("appoint/<int:member_pk>/", positions.appoint, name="appoint"),
]
