from django.urls import path

from tochuc.cadres.views import clearance, committees, files, people, planning, positions

app_name = "cadres"
urlpatterns = [
    path("positions/", positions.positions, name="positions"),
    path("positions/new/", positions.position_new, name="position_new"),
    path("planning/", planning.planning, name="planning"),
    path("moves/", positions.move_list, name="moves"),
    path("appoint/<int:member_pk>/", positions.appoint, name="appoint"),
    path("planning/add/<int:organization_pk>/", planning.planning_new, name="planning_add"),
    path("planning/<int:pk>/review/", planning.planning_review_new, name="planning_review"),
    path("planning/<int:pk>/remove/", planning.planning_remove_new, name="planning_remove"),
    path("committees/", committees.committees, name="committees"),
    path("committees/<int:organization_pk>/seats/", committees.seat_new, name="seat_add"),
    path("committees/seats/<int:pk>/end/", committees.seat_end_new, name="seat_end"),
    path("reelection/", committees.reelection, name="reelection"),
    path("positions.xlsx", files.positions_xlsx, name="positions_xlsx"),
    path("planning.xlsx", files.planning_xlsx, name="planning_xlsx"),
    path("moves.xlsx", files.moves_xlsx, name="moves_xlsx"),
    path("reelection.xlsx", files.reelection_xlsx, name="reelection_xlsx"),
    path("profile.xlsx", files.profile_xlsx, name="profile_xlsx"),
    path("clearance.xlsx", files.clearance_xlsx, name="clearance_xlsx"),
    path("import/", files.import_page, name="import"),
    path("import/rejected/<str:token>.xlsx", files.import_rejected, name="import_rejected"),
    path("import/template/<str:kind>.xlsx", files.import_template, name="import_template"),
    path("clearance/", clearance.clearance, name="clearance"),
    path("clearance/cases/", clearance.clearance_cases, name="clearance_list"),
    path("clearance/new/", clearance.clearance_new, name="clearance_new"),
    path("clearance/<int:pk>/", clearance.clearance_case, name="clearance_case"),
    path("profile/", people.profile, name="profile"),
    path("new/", people.cadre_new, name="cadre_new"),
    path("<int:pk>/", people.cadre, name="cadre"),
    path("<int:pk>/moves/", people.cadre_moves, name="cadre_moves"),
    path("<int:pk>/forms/", people.forms_page, name="cadre_forms"),
    path("appoint/<int:member_pk>/forms/", people.forms_page, name="member_forms"),
]
