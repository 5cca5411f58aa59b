from django.urls import path

from tochuc.congresses import views

app_name = "congresses"
urlpatterns = [
    path("", views.season, name="season"),
    path("plan/", views.plan, name="plan"),
    path("<int:pk>/", views.congress, name="congress"),
]
