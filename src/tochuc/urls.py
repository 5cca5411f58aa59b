"""URL map: pages, the JSON API under /api/v1/, and Django admin for administrators."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tochuc.accounts import views as accounts_views
from tochuc.api import api
from tochuc.todo import views as todo_views

urlpatterns = [
    path("", todo_views.home, name="home"),
    path("login/", accounts_views.PasswordLogin.as_view(), name="login"),
    path("login/code/", accounts_views.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", accounts_views.account, name="account"),
    path("organizations/", include("tochuc.orgs.urls")),
    path("members/", include("tochuc.members.urls")),
    path("users/", include("tochuc.accounts.urls")),
    path("reports/", include("tochuc.reports.urls")),
    path("imports/", include("tochuc.imports.urls")),
    path("documents/", include("tochuc.documents.urls")),
    path("cadres/", include("tochuc.cadres.urls")),
    path("training/", include("tochuc.training.urls")),
    path("congresses/", include("tochuc.congresses.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
