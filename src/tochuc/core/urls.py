from django.contrib.auth import views as auth_views
from django.urls import path

from tochuc.accounts import views as accounts_views
from tochuc.todo import views as todo_views

urlpatterns = [
    path("", todo_views.home, name="home"),
    path("login/", accounts_views.PasswordLogin.as_view(), name="login"),
    path("login/code/", accounts_views.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", accounts_views.account, name="account"),
]
