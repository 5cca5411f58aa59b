from django.urls import path

from tochuc.cadres.views import committees, planning, positions

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
]
