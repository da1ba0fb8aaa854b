"""Settings read from the environment, so one build serves the demo, CI and production.

`DEBUG` is off unless asked for; without `SECRET_KEY` only a DEBUG/demo process may start, since a
key that is known to everyone would let anyone forge sessions.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("WAGEGUARD_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("WAGEGUARD_VAR", BASE_DIR / "var"))


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


DEBUG = _flag("DEBUG")
DEMO = _flag("WAGEGUARD_DEMO")
# pytest imports settings before any conftest runs, so its presence is the test signal.
TESTING = _flag("WAGEGUARD_TESTING") or "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or DEMO or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set unless DEBUG or the demo is running.")
    SECRET_KEY = "wageguard-insecure-demo-key-never-use-in-production"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# The province this deployment serves (GB/T 2260 two-digit prefix); Sichuan by default.
WAGEGUARD_PROVINCE = os.environ.get("WAGEGUARD_PROVINCE", "51")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "wageguard.core",
    "wageguard.regions",
    "wageguard.org",
    "wageguard.parties",
    "wageguard.projects",
    "wageguard.clues",
    "wageguard.cases",
    "wageguard.campaigns",
    "wageguard.inspections",
    "wageguard.publication",
    "wageguard.credit",
    "wageguard.dispatch",
    "wageguard.portal",
    "django_prometheus",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wageguard.core.middleware.RequestIdMiddleware",
    "wageguard.core.middleware.BodyLimitMiddleware",
    "wageguard.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wageguard.core.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "wageguard.urls"
WSGI_APPLICATION = "wageguard.wsgi.application"
ASGI_APPLICATION = "wageguard.asgi.application"

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
                "wageguard.org.context.navigation",
            ],
            # The page pieces every app draws the same way: deadline badge, due date, tab bar.
            "builtins": [
                "wageguard.core.templatetags.deadlines",
                "wageguard.core.templatetags.tabs",
                "wageguard.core.templatetags.legal",
            ],
        },
    }
]

# Database: embedded SQLite by default, PostgreSQL (or another) through DATABASE_URL.
DEFAULT_SQLITE = VAR_DIR / "wageguard.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"),
        conn_max_age=60,
        # A kept connection is pinged before a request reuses it: after a database restart the
        # first request of each worker reconnects instead of failing (bench/fault.py).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend plus a kernel lock that queues writers (see core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "wageguard.core.sqlite"
    # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not memory: WAL, locking and concurrent writers behave as in production.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("WAGEGUARD_TEST_SQLITE") or str(VAR_DIR / "test-wageguard.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is slow by design; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Background work (file imports): django-tasks with its database backend, run by
# `wageguard worker` (started beside the server by `wageguard serve`, or its own systemd unit).
# Tests keep tasks in the database too and run the worker where they mean to.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 8 idle hours or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# django-axes: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    if not (DEMO or TESTING):
        SESSION_COOKIE_SECURE = True
        CSRF_COOKIE_SECURE = True
        SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", True)
        SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
        SECURE_HSTS_INCLUDE_SUBDOMAINS = True
        USE_X_FORWARDED_HOST = _flag("USE_X_FORWARDED_HOST", True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
FRONTEND_MODULES = BASE_DIR / "frontend" / "node_modules"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/bootstrap", FRONTEND_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", FRONTEND_MODULES / "bootstrap-icons" / "font"),
]
# One file each from npm packages whose folders are too big to collect whole.
VENDOR_FILES = {
    "vendor/echarts/echarts.min.js": FRONTEND_MODULES / "echarts" / "dist" / "echarts.min.js",
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "wageguard.core.staticfinders.VendorFileFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO or TESTING
MEDIA_ROOT = VAR_DIR / "files"

NINJA_PAGINATION_PER_PAGE = 50

# One cache for every server process: rate limits and form nonces must hold across gunicorn
# workers (a per-process cache let 150 of 200 over-limit lookups through). Redis when REDIS_URL
# is set; else the database cache, which needs no extra server (its table is made by `wageguard
# migrate`). Tests keep a per-process cache unless REDIS_URL is set: each test must start empty,
# and the rate limit's count lives in the database anyway (core.throttle).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("WAGEGUARD_CACHE_PREFIX", "wageguard"),
        }
    }
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "wageguard_cache",
        }
    }

# The audit chain's HMAC key and where the chain's head is written down (core.audit): both
# outside the database, so a row deleted and the chain recomputed are caught. Point the anchors
# file at a place the web workers cannot write (deploy/ runs the anchor job as another user).
WAGEGUARD_AUDIT_KEY = os.environ.get("WAGEGUARD_AUDIT_KEY", "")
WAGEGUARD_AUDIT_ANCHORS = Path(
    os.environ.get("WAGEGUARD_AUDIT_ANCHORS", VAR_DIR / "audit-anchors.txt")
)

# Keys of personal data at rest (core.crypto), outside the database and outside its backups.
# Comma-separated lists, current first: the first data key encrypts, every one decrypts (so a
# rotation lists the new key first and keeps the old one until `wageguard crypto rotate` ends);
# the first index key hashes for search, every one is searched until `wageguard crypto rehash`
# ends. Empty (development, demo, tests): derived from SECRET_KEY; core.checks warns production.
WAGEGUARD_DATA_KEYS = [k for k in os.environ.get("WAGEGUARD_DATA_KEYS", "").split(",") if k.strip()]
WAGEGUARD_INDEX_KEYS = [
    k for k in os.environ.get("WAGEGUARD_INDEX_KEYS", "").split(",") if k.strip()
]

# Who may read /metrics (core.ops): these client addresses, or a bearer token.
WAGEGUARD_METRICS_ALLOW = [
    a.strip() for a in os.environ.get("WAGEGUARD_METRICS_ALLOW", "127.0.0.1,::1").split(",") if a
]
WAGEGUARD_METRICS_TOKEN = os.environ.get("WAGEGUARD_METRICS_TOKEN", "")

# The largest request body accepted, checked before it is read: 5 attachments of 10 MB and the
# form (clues.services.attachments), with room to spare.
WAGEGUARD_MAX_BODY_BYTES = int(os.environ.get("WAGEGUARD_MAX_BODY_BYTES", 55 * 1024 * 1024))
# A file for a background import (/imports/): a province's month of payroll is hundreds of MB.
WAGEGUARD_MAX_IMPORT_BYTES = int(os.environ.get("WAGEGUARD_MAX_IMPORT_BYTES", 500 * 1024 * 1024))

# Public (no login) endpoints: "count/seconds" per client address, e.g. 30 per 60 s.
WAGEGUARD_PUBLIC_RATE = os.environ.get("WAGEGUARD_PUBLIC_RATE", "30/60")
# Gateway answers are written back in batches (clues/sms.py); tests see each one at once.
WAGEGUARD_SMS_STATUS_BATCH = int(os.environ.get("WAGEGUARD_SMS_STATUS_BATCH", 1 if TESTING else 50))

# Error reports (mails to ADMINS, the 500 page) carry no local variables or POST values.
DEFAULT_EXCEPTION_REPORTER_FILTER = "wageguard.core.logs.PersonalDataReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "wageguard.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        # Tracebacks without exception messages: those quote data (core.logs).
        "plain": {
            "()": "wageguard.core.logs.NoMessageFormatter",
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
