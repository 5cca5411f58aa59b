from django.urls import path

from tochuc.accounts import views

app_name = "accounts"
urlpatterns = [path("", views.user_list, name="list")]
