from django.urls import path

from tochuc.cadres.views import clearance, people, planning, positions

app_name = "cadres"
urlpatterns = [
    path("positions/", positions.positions, name="positions"),
    path("positions/new/", positions.position_new, name="position_new"),
    path("planning/", planning.planning, name="planning"),
    path("moves/", positions.move_list, name="moves"),
    path("appoint/<int:member_pk>/", positions.appoint, name="appoint"),
    path("clearance/", clearance.clearance, name="clearance"),
    path("clearance/cases/", clearance.clearance_cases, name="clearance_list"),
    path("clearance/new/", clearance.clearance_new, name="clearance_new"),
    path("clearance/<int:pk>/", clearance.clearance_case, name="clearance_case"),
    path("profile/", people.profile, name="profile"),
    path("new/", people.cadre_new, name="cadre_new"),
    path("<int:pk>/", people.cadre, name="cadre"),
    path("<int:pk>/moves/", people.cadre_moves, name="cadre_moves"),
]
