"""All settings of tochuc; the environment decides what differs between machines.

DATABASE_URL  postgres://user@host:5432/name (unset: SQLite file var/tochuc.sqlite3)
TOCHUC_VAR    folder for the SQLite file, secret key, uploads and static (default ./var)
TOCHUC_TEMPLATES  the operator's templates, tried before the built-in ones (default var/templates):
              reports/bao-cao.docx (Word report), reports/bao-cao.html (PDF report)
TOCHUC_DEBUG  1 for Django's debug pages (never in production)
TOCHUC_ALLOWED_HOSTS  comma-separated host names served (default 127.0.0.1,localhost)
TOCHUC_HTTPS  1 (default unless debug): HTTPS only, secure cookies, HSTS; 0 for plain HTTP (the demo)
"""

import json
import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("TOCHUC_VAR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("TOCHUC_SECRET_KEY"):
        return os.environ["TOCHUC_SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("TOCHUC_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("TOCHUC_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    # Django admin with the two-step login of users who have an authenticator (accounts/admin.py).
    "tochuc.accounts.apps.TochucAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "ninja",
    "tochuc.core.vendor_apps.LoginAttemptsConfig",  # axes, named in Vietnamese
    "django_otp",
    "tochuc.core.vendor_apps.TwoStepConfig",  # django_otp.plugins.otp_totp
    "tochuc.core",
    "tochuc.accounts",
    "tochuc.orgs",
    "tochuc.members",
    "tochuc.reports",
    "tochuc.imports",
    "tochuc.todo",
    "tochuc.documents",
    "tochuc.cadres",
    "tochuc.training",
    "tochuc.congresses",
    "django_tasks",
    "tochuc.core.vendor_apps.BackgroundTasksConfig",  # django_tasks_db
]

# Background work (imports): rows in the database, run by `tochuc worker` (which `tochuc serve`
# starts beside the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tochuc.core.middleware.PagesLoginRequired",
    "django_htmx.middleware.HtmxMiddleware",
    "tochuc.core.middleware.ServiceErrorPages",
    # Last, as axes asks: it turns a request that hit a lockout into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tochuc.urls"
WSGI_APPLICATION = "tochuc.wsgi.application"

OPERATOR_TEMPLATES = Path(os.environ.get("TOCHUC_TEMPLATES", VAR_DIR / "templates")).resolve()
# The Word report's template: OPERATOR_TEMPLATES/reports/bao-cao.docx when the operator has one.
REPORT_TEMPLATES_DIR = OPERATOR_TEMPLATES / "reports"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The operator's own templates (report forms) come before the built-in ones.
        "DIRS": [OPERATOR_TEMPLATES, BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tochuc.core.views.nav",
            ],
            "builtins": ["tochuc.core.templatetags.vn"],
        },
    }
]

_SQLITE_URL = f"sqlite:///{VAR_DIR / 'tochuc.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _SQLITE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the pages read while a write is under way; IMMEDIATE avoids
        # "database is locked" when two writes start together.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TOCHUC_TEST_SQLITE") or None}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    # No JIT: the planner's costs on millions of rows make PostgreSQL compile most list and
    # count queries, which then spend 50-100 ms compiling to save a few (bench/README.md).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (options.get("options", "") + " -c jit=off").strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Login throttling (django-axes) and two-step login (django-otp), docs/operator.md.
# TOCHUC_LOGIN_FAILURE_LIMIT (5), TOCHUC_LOGIN_COOLOFF_MINUTES (15), TOCHUC_CLIENT_IP_HEADERS
# (REMOTE_ADDR), TOCHUC_PROXY_COUNT (unset).
# Axes first: it refuses a locked account or address before any password or token is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "tochuc.accounts.backends.ApiTokenBackend",
    "tochuc.accounts.backends.TotpCodeBackend",
]
# N failures within the cool-off lock the account, and separately the address
# (tochuc.accounts.lockout.lockout_parameters); the lock lifts M minutes after the last
# counted failure: failures during a lockout are not counted, so the page's "M phút" holds.
AXES_FAILURE_LIMIT = int(os.environ.get("TOCHUC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("TOCHUC_LOGIN_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = "tochuc.accounts.lockout.lockout_parameters"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Not axes' own reset: it would also clear the address's failures against other accounts, so an
# attacker with an account of their own could reset the count by logging in to it.
# tochuc.accounts.lockout clears only the account that logged in.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "tochuc.accounts.lockout.lockout_response"
# The client's address is REMOTE_ADDR unless the operator says a proxy in front sets a header:
# a client could otherwise send its own X-Forwarded-For and never be locked out.
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(
    os.environ.get("TOCHUC_CLIENT_IP_HEADERS", "REMOTE_ADDR").split(",")
)
AXES_IPWARE_PROXY_COUNT = (
    int(os.environ["TOCHUC_PROXY_COUNT"]) if os.environ.get("TOCHUC_PROXY_COUNT") else None
)
OTP_TOTP_ISSUER = "tochuc"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects it even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Uploads (photos, import files, documents' attachments) go to the default storage: files under
# MEDIA_ROOT unless TOCHUC_STORAGE names another backend of Django's storage API (an object
# store's), with its options as JSON in TOCHUC_STORAGE_OPTIONS. They are never served at
# MEDIA_URL: each download is a view that checks the reader's scope.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("TOCHUC_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ.get("TOCHUC_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DOCUMENT_ATTACHMENT_MAX_BYTES = int(os.environ.get("TOCHUC_DOCUMENT_MAX_MB", "20")) * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send the token with its requests

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- HTTPS and browser protections --------------------------------------------------------
# Production is served over HTTPS behind a reverse proxy that terminates TLS and sets
# X-Forwarded-Proto (docs/operator.md): cookies only over HTTPS, HTTP redirected, HSTS.
# TOCHUC_HTTPS=0 serves plain HTTP (the demo on a laptop: `make run`); debug implies it.
HTTPS = os.environ.get("TOCHUC_HTTPS", "0" if DEBUG else "1") == "1"
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(os.environ.get("TOCHUC_HSTS_SECONDS", 365 * 24 * 3600)) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("TOCHUC_HSTS_SUBDOMAINS", "1") == "1"
# Preloading into the browsers' HSTS list is a decision for the domain's owner, not a default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Scripts, styles, images and fonts from this site only (nothing from a CDN, no inline
# script: the pages' behaviours are in static/tochuc/app.js). Inline style attributes stay
# allowed: the bar charts set their widths that way.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
