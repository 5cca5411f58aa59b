import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection

from tests.factories import make_admin, make_member, make_province, make_user

# The test client and the live server speak plain HTTP, so production's HTTPS-only settings
# (settings.HTTPS) are off here, as with TOCHUC_HTTPS=0; tests/core/test_deploy.py checks
# them as deployed.
settings.SECURE_SSL_REDIRECT = False
settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
settings.SECURE_HSTS_SECONDS = 0
settings.SECURE_PROXY_SSL_HEADER = None


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Test users' passwords would take most of the run with the real (slow on purpose) hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _catalogues(request):
    """A transactional test (a browser's, the numbering's concurrency) flushes every table when
    it ends, the rows the migrations wrote among them (the registry's types, issuers and
    terms, the cadre work's titles, levels and clearance purposes, the programmes): put them back before each, as a new database has them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if transactional or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        for app in ("documents", "cadres", "training"):
            catalogues = importlib.import_module(f"tochuc.{app}.migrations.0002_catalogues")
            with connection.schema_editor() as editor:
                catalogues.forwards(django_apps, editor)


@pytest.fixture
def admin(db):
    return make_admin()


@pytest.fixture
def two_provinces(admin):
    """Provinces A (Cao Bằng) and B (Lạng Sơn), each with members, and users scoped to each."""
    a = make_province(admin, "Cao Bằng", "A")
    b = make_province(admin, "Lạng Sơn", "B")
    a.members = [
        make_member(admin, a.branch1, full_name="Nguyễn Văn An"),
        make_member(
            admin, a.branch2, full_name="Trần Thị Ánh", gender="female", birth_date=date(1990, 1, 2)
        ),
        make_member(
            admin,
            a.village,
            full_name="Hoàng Văn Dũng",
            status="probationary",
            official_date=None,
            admission_date=date(2026, 2, 3),
        ),
    ]
    b.members = [make_member(admin, b.office, full_name="Lê Văn Bình")]
    a.staff = make_user("staff_a", "staff", a.province)
    b.staff = make_user("staff_b", "staff", b.province)
    a.viewer = make_user("viewer_a", "viewer", a.province)
    a.secretary = make_user("secretary_a", "secretary", a.branch1)
    return a, b


@pytest.fixture
def staff_a(client, two_provinces):
    """The test client logged in as province A's staff (the API tests have their own, an API
    client: tests/api.py)."""
    client.force_login(two_provinces[0].staff)
    return client


@pytest.fixture
def world(two_provinces, admin):
    """two_provinces, and an API token of a script scoped to province A (a.token)."""
    from tochuc.accounts.services import user_create

    a, b = two_provinces
    _, token = user_create(
        actor=admin, username="script_a", role="staff", scope=a.province, with_token=True
    )
    a.token = token
    return a, b


@pytest.fixture(autouse=True)
def _fresh_rules():
    # Regulation values are cached per process; each test starts from its own database.
    from tochuc.core.rules import clear_cache

    clear_cache()
    yield
    clear_cache()
