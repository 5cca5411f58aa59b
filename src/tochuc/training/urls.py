from django.urls import path

from tochuc.training import import_views as imports
from tochuc.training import views

app_name = "training"
urlpatterns = [
    path("", views.classes, name="classes"),
    path("new/", views.class_new, name="class_new"),
    path("people/", views.people, name="people"),
    path("send-next/", views.send_next, name="send_next"),
    path("plan/", views.plan, name="plan"),
    path("schools/", views.schools, name="schools"),
    path("<int:pk>/", views.class_page, name="class"),
    path("<int:pk>/enrol/", views.enrol, name="enrol"),
    path("<int:pk>/enrol-list/", views.enrol_list, name="enrol_list"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/import/", imports.import_page, name="import"),
    path(
        "<int:pk>/import/rejected/<str:token>.xlsx",
        imports.import_rejected,
        name="import_rejected",
    ),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("trainees/<int:pk>/", views.trainee_page, name="trainee"),
    path("trainees/<int:pk>/complete/", views.complete, name="complete"),
    path("trainees/<int:pk>/drop/", views.drop, name="drop"),
]
