"""Settings of JETPM.

Everything that differs between a developer's machine and production comes from the environment:

- ``DATABASE_URL``: ``sqlite:///path`` or ``postgres://user@host:port/name``; unset, ``var/jetpm.sqlite3``.
- ``JETPM_SECRET_KEY``, ``JETPM_ALLOWED_HOSTS`` (comma-separated), ``JETPM_DEBUG`` (``1`` for development),
  ``JETPM_HTTPS`` (``1`` behind TLS: secure cookies, HSTS, redirect), ``JETPM_MEDIA_ROOT`` (uploads,
  outside static files), ``JETPM_EMAIL_BACKEND``, ``JETPM_DEFAULT_FROM_EMAIL``.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from jetpm.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("JETPM_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("JETPM_DEBUG", default=False)
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdefghijklmnop"  # noqa: S105  (the deploy check warns when it is used)
SECRET_KEY = env_str("JETPM_SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("JETPM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("JETPM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "jetpm.core",
    "jetpm.questionnaires",
    "jetpm.planning",
    "jetpm.outreach",
    "jetpm.applications",
    "jetpm.screening",
    "jetpm.selection",
    "jetpm.placement",
    "jetpm.appointments",
    "jetpm.predeparture",
    "jetpm.support",
    "jetpm.evaluation",
    "jetpm.alumni",
    "jetpm.jetaa",
    "jetpm.portal",
    "jetpm.stats",
    "jetpm.api",
    "jetpm.demo",
    "ninja",  # its templates and static files: /api/docs serves Swagger UI from the app, not a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jetpm.core.middleware.SecondFactorMiddleware",
    "jetpm.core.middleware.UserLanguageMiddleware",
    "jetpm.core.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "jetpm.core.middleware.DomainRefusalMiddleware",
]

ROOT_URLCONF = "jetpm.urls"
WSGI_APPLICATION = "jetpm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "jetpm.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jetpm.sqlite3'}"),
        conn_max_age=int(env_str("JETPM_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "JETPM_DB_PREPARED", default=False
):
    # Server-side parameter binding, and a statement run 5 times on a connection is prepared there: the
    # same few dozen queries of every page are then neither quoted in Python nor parsed and planned by
    # PostgreSQL again (docs/benchmarks.md, issue 15: the database's CPU per applicant −25 %). Off by
    # default: with server-side binding a SELECT DISTINCT ordered by an expression with parameters (the
    # organisation and member lists) fails in PostgreSQL (tests/core/test_lists.py, test_members.py), and a
    # pooler in transaction mode (pgbouncer) cannot keep prepared statements.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jetpm.core.auth_backend.AccountBackend",  # the model backend, with the scope's data in its one query
]
PASSWORD_HASHERS = [
    "jetpm.core.hashers.Argon2idOwaspHasher",  # Argon2id at OWASP's baseline: docs/decisions/0003
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling and lockout (django-axes): 5 failures for a username from one address lock that username
# from that address for 30 min; an address that fails for 10 different usernames in 30 min (password
# spraying) is locked for all of them (jetpm.core.lockout). The client's address: X-Forwarded-For, only from
# the reverse proxies listed in JETPM_TRUSTED_PROXIES (addresses or networks), else REMOTE_ADDR
# (jetpm.core.client_ip).
JETPM_TRUSTED_PROXIES = env_list("JETPM_TRUSTED_PROXIES", [])
JETPM_LOGIN_ADDRESS_USERNAME_LIMIT = env_int("JETPM_LOGIN_ADDRESS_USERNAME_LIMIT", 10)
AXES_HANDLER = "jetpm.core.lockout.LoginAttemptHandler"
AXES_CLIENT_IP_CALLABLE = "jetpm.core.client_ip.client_ip"
AXES_FAILURE_LIMIT = int(env_str("JETPM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# TOTP second factor (django-otp): required of staff roles in production.
JETPM_REQUIRE_TOTP_FOR_STAFF = env_bool("JETPM_REQUIRE_TOTP_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = "JETPM"
OTP_TOTP_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# jetpm/formats/<lang>/formats.py: English short dates as 7 Dec 2026 rather than 12/07/2026
FORMAT_MODULE_PATH = ["jetpm.formats"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "jetpm_language"
LANGUAGE_COOKIE_SECURE = env_bool("JETPM_HTTPS", default=False)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # also creates VAR_DIR for the default SQLite file
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env_str("JETPM_MEDIA_ROOT", str(VAR_DIR / "uploads")))
MEDIA_URL = "/uploads/"  # no route serves it: uploads go only through permission-checked views
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Documents (transcripts, certificates, letters): PDF/JPEG/PNG checked by content, at most this size.
JETPM_UPLOAD_MAX_BYTES = env_int("JETPM_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# An applicant's quota: documents per application (referees' letters not counted), in number and in all.
JETPM_UPLOAD_MAX_FILES_PER_APPLICATION = env_int("JETPM_UPLOAD_MAX_FILES_PER_APPLICATION", 15)
JETPM_UPLOAD_MAX_BYTES_PER_APPLICATION = env_int("JETPM_UPLOAD_MAX_BYTES_PER_APPLICATION", 50 * 1024 * 1024)
# Mail anyone may cause (password reset, registration and its confirmation link): per hour and kind, at most
# this many for one e-mail address and from one client address (jetpm.core.throttle).
JETPM_MAIL_LIMIT_PER_EMAIL = env_int("JETPM_MAIL_LIMIT_PER_EMAIL", 3)
JETPM_MAIL_LIMIT_PER_ADDRESS = env_int("JETPM_MAIL_LIMIT_PER_ADDRESS", 30)
# The HTTP API: requests a minute with one token (counted in the database, across every server).
JETPM_API_REQUESTS_PER_MINUTE = env_int("JETPM_API_REQUESTS_PER_MINUTE", 120)
# The longest lifetime, in days, a person may give an API token they issue (jetpm.api.expiry).
JETPM_API_TOKEN_MAX_DAYS = env_int("JETPM_API_TOKEN_MAX_DAYS", 365)
if JETPM_API_TOKEN_MAX_DAYS < 1:
    raise ValueError(f"JETPM_API_TOKEN_MAX_DAYS must be at least 1, not {JETPM_API_TOKEN_MAX_DAYS}")

# Security headers (the deploy checklist) and Content-Security-Policy (django-csp 4).
HTTPS = env_bool("JETPM_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"

from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}

EMAIL_BACKEND = env_str("JETPM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("JETPM_DEFAULT_FROM_EMAIL", "jetpm@example.invalid")
# The site's address as applicants and referees reach it: links in e-mails are absolute (no trailing slash).
JETPM_BASE_URL = env_str("JETPM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# The retention purge (jetpm.core.purge): persons per batch (one transaction each). The stall is for the kill
# test only (tests/core/test_purge_site.py): the N-th batch waits before its commit; 0 = never.
JETPM_PURGE_BATCH_SIZE = env_int("JETPM_PURGE_BATCH_SIZE", 100)
JETPM_PURGE_TEST_STALL_BATCH = env_int("JETPM_PURGE_TEST_STALL_BATCH", 0)

TASKS = {
    "default": {
        "BACKEND": env_str("JETPM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Operations: request ids, structured logs, the health check (docs/operations.md) ----------------------
# Every request gets an id (X-Request-ID from a trusted proxy, else a new one), sent back in the response and
# put on every log line of the request; one access line per request (logger jetpm.request). Log lines are
# JSON objects (JETPM_LOG_FORMAT=json) or plain text for a developer (text), on standard error.
# GET /health/ answers the load balancer before the rest of the stack (jetpm.core.health).
MIDDLEWARE = [
    "jetpm.core.request_log.RequestIdMiddleware",
    "jetpm.core.health.HealthCheckMiddleware",
    *MIDDLEWARE,
]
JETPM_LOG_FORMAT = env_str("JETPM_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "jetpm.core.request_log.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "jetpm.core.request_log.JsonFormatter"},
        "text": {"()": "jetpm.core.request_log.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "text" if JETPM_LOG_FORMAT == "text" else "json",
        }
    },
    "loggers": {
        # the access log: INFO, or WARNING to silence it (JETPM_ACCESS_LOG=0)
        "jetpm.request": {"level": "INFO" if env_bool("JETPM_ACCESS_LOG", default=True) else "WARNING"},
    },
    "root": {"handlers": ["console"], "level": env_str("JETPM_LOG_LEVEL", "WARNING")},
}
# A persistent connection (JETPM_DB_CONN_MAX_AGE > 0) is checked before a request reuses it, so a request
# after a database restart opens a new connection instead of failing on the dead one
# (JETPM_DB_CONN_HEALTH_CHECKS=0 turns the check off: bench/bench_db_restart.py shows the difference).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("JETPM_DB_CONN_HEALTH_CHECKS", default=True)
# A placement run whose background worker gave no sign of life for this many seconds is stalled (the worker
# was killed): it shows so and can be started again; `jetpm placement recover-stalled` marks it failed.
JETPM_PLACEMENT_STALLED_AFTER = env_int("JETPM_PLACEMENT_STALLED_AFTER", 120)
# --- end of operations ------------------------------------------------------------------------------------

# Pagination of every list page.
JETPM_PAGE_SIZE = 50
