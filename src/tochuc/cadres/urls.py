from django.urls import path

from tochuc.cadres.views import files, planning, positions

app_name = "cadres"
urlpatterns = [
    path("positions/", positions.positions, name="positions"),
    path("positions/new/", positions.position_new, name="position_new"),
    path("planning/", planning.planning, name="planning"),
    path("moves/", positions.move_list, name="moves"),
    path("appoint/<int:member_pk>/", positions.appoint, name="appoint"),
    path("positions.xlsx", files.positions_xlsx, name="positions_xlsx"),
    path("planning.xlsx", files.planning_xlsx, name="planning_xlsx"),
    path("moves.xlsx", files.moves_xlsx, name="moves_xlsx"),
    path("reelection.xlsx", files.reelection_xlsx, name="reelection_xlsx"),
    path("profile.xlsx", files.profile_xlsx, name="profile_xlsx"),
    path("clearance.xlsx", files.clearance_xlsx, name="clearance_xlsx"),
    path("import/", files.import_page, name="import"),
    path("import/rejected/<str:token>.xlsx", files.import_rejected, name="import_rejected"),
    path("import/template/<str:kind>.xlsx", files.import_template, name="import_template"),
]
