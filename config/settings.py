"""Peyman settings: one module, every deploy-specific value read from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

from config.env import (
    database_from_url,
    envbool,
    envint,
    envlist,
    envstr,
    file_storage_from_env,
    seal_keys_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off: a long random string, for example the output of"
            " python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    SECRET_KEY = "insecure-demo-key-only-for-debug-" + "x" * 32

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    # Before django_tasks_db: its `db_worker` command replaces the library's (see jobs/worker.py).
    "jobs",
    "django_tasks",
    "django_tasks_db",
    "agreement",
    "obligations",
    "amendments",
    "monitoring",
    "committee",
    "deadlines",
    "terms",
    "dashboard",
    "reports",
    "notifications",
    "people",
    "drafting",
    "portfolio",
    "fieldlog",
    "devdata",
]

# The whole request pipeline in one list, in order. Our own steps are explained where their
# settings are set (the hardening block below).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so that static files keep their long cache lifetime: CSP, Permissions-Policy
    # and no-store caching on every dynamic response.
    "agreement.middleware.security_headers",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "agreement.signin.idle_timeout",  # a session ends PEYMAN_SESSION_IDLE_MINUTES after its last request
    "django.middleware.locale.LocaleMiddleware",
    "agreement.errors.refuse_large_bodies",  # 413 before the body is read (PEYMAN_REQUEST_MAX_BYTES)
    # Before the CSRF check reads the body: ZWNJ kept in file names, and files sent with no usable
    # name noted, not dropped unseen.
    "agreement.uploads.keep_track_of_nameless_files",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "agreement.errors.refuse_nul_bytes",  # NUL bytes in a request: 400
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records request.user as the author of every history row written during the request.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes turns the lockout it flags during authentication into a response.
    "axes.middleware.AxesMiddleware",
    # A lost database answers 503 with one log line instead of a traceback.
    "agreement.errors.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "notifications.context_processors.inbox",
                "config.navigation.agreement_navigation",
                "config.navigation.field_logging",
            ],
            "builtins": ["agreement.templatetags.peyman"],
        },
    }
]

DATABASES = {"default": database_from_url(envstr("DATABASE_URL", "sqlite:///db.sqlite3"), base_dir=BASE_DIR)}
# A PostgreSQL read replica, if there is one, serves the dashboard and the exports (agreement/replica.py).
if envstr("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = database_from_url(envstr("DATABASE_REPLICA_URL", ""), base_dir=BASE_DIR)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["agreement.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and time: Persian first, English second; timestamps stored aware, in UTC.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]
# One catalogue per area of the product, so that work on one area never edits another's file.
LOCALE_AREAS = (
    "core",
    "workspace",
    "committee",
    "monitoring",
    "dashboard",
    "pdf",
    "notifications",
    "people",
    "amendments",
    "deadlines",
    "terms",
    "drafting",
    "portfolio",
    "fieldlog",
)
LOCALE_PATHS = [BASE_DIR / "locale" / area for area in LOCALE_AREAS]
USE_I18N = True
USE_TZ = True
TIME_ZONE = envstr("TIME_ZONE", "Asia/Tehran")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r} is not a known time zone.") from None

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Front-end packages come from npm (package.json + lock), never from a CDN: the app must work
# on a closed government network. They are served from node_modules, not copied into git.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/vazirmatn/fonts", BASE_DIR / "node_modules" / "vazirmatn" / "fonts"),
    ("vendor/jalalidatepicker", BASE_DIR / "node_modules" / "@majidh1" / "jalalidatepicker" / "dist"),
]
# Evidence, issued reports and minutes go through Django's STORAGES, never through local paths, so
# that several app servers can share one store: a folder they all mount (the default, MEDIA_ROOT),
# or an S3-compatible object store chosen by configuration alone (docs/deployment.md).
STORAGES = {
    "default": file_storage_from_env(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
# Evidence is never served from a public URL; see obligations' download view.
MEDIA_URL = "/media-not-public/"

# E-mail. Debug without EMAIL_HOST prints mail on the console (of the worker that sends it);
# with EMAIL_HOST/EMAIL_PORT set, or outside debug, it goes through that SMTP server.
_email_host = envstr("EMAIL_HOST", "")
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not _email_host
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = _email_host or "localhost"
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
# A slow or dead mail server must fail the job (to be retried), not hang the worker.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30, minimum=1)
# A mail that fails for a reason that can pass (server down, timeout, 4xx) is tried again after
# these delays in seconds, then every last delay, until PEYMAN_EMAIL_RETRY_FOR_SECONDS after its
# first try; a permanent failure (5xx, bad address) stops at once (see notifications/tasks.py).
PEYMAN_EMAIL_RETRY_DELAYS = [
    float(seconds) for seconds in envlist("PEYMAN_EMAIL_RETRY_DELAYS", ["60", "300", "900", "3600"])
]
PEYMAN_EMAIL_RETRY_FOR_SECONDS = envint("PEYMAN_EMAIL_RETRY_FOR_SECONDS", 24 * 3600, minimum=0)
# EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes each message into this folder.
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", "") or None
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "peyman@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mail need the address people reach the site at.
PEYMAN_SITE_URL = envstr("PEYMAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background jobs (django.tasks through the django-tasks backport): stored in the database we
# already run and executed by `manage.py db_worker` (see README, Background jobs). Several
# workers on several machines share the queue; each job row is claimed by one of them.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "reports"],
    }
}

# The worker (jobs/worker.py): after a lost database connection it waits PEYMAN_WORKER_BACKOFF_MIN
# seconds, doubling up to PEYMAN_WORKER_BACKOFF_MAX, and tries again. It writes a heartbeat every
# PEYMAN_WORKER_HEARTBEAT_SECONDS; a RUNNING job whose worker has not beaten for
# PEYMAN_WORKER_DEAD_AFTER_SECONDS is failed (or queued again, for the jobs below that are safe to
# run twice) by any other worker.
PEYMAN_WORKER_BACKOFF_MIN = float(envstr("PEYMAN_WORKER_BACKOFF_MIN", "0.5"))
PEYMAN_WORKER_BACKOFF_MAX = float(envstr("PEYMAN_WORKER_BACKOFF_MAX", "30"))
PEYMAN_WORKER_HEARTBEAT_SECONDS = float(envstr("PEYMAN_WORKER_HEARTBEAT_SECONDS", "10"))
PEYMAN_WORKER_DEAD_AFTER_SECONDS = float(envstr("PEYMAN_WORKER_DEAD_AFTER_SECONDS", "60"))
PEYMAN_JOBS_SAFE_TO_RUN_AGAIN = [
    # Each notification's try is claimed and recorded: a second run sends nothing twice.
    "notifications.tasks.send_notification_emails",
]
# What operators are shown (jobs/queue.py): /healthz says "degraded" when the oldest queued job
# has waited more than PEYMAN_HEALTH_QUEUE_AGE_SECONDS or more than PEYMAN_HEALTH_FAILED_JOBS jobs
# failed in the last day; finished jobs are pruned after PEYMAN_JOBS_KEEP_DAYS by send_reminders.
PEYMAN_HEALTH_QUEUE_AGE_SECONDS = envint("PEYMAN_HEALTH_QUEUE_AGE_SECONDS", 600, minimum=1)
PEYMAN_HEALTH_FAILED_JOBS = envint("PEYMAN_HEALTH_FAILED_JOBS", 5, minimum=0)
PEYMAN_JOBS_KEEP_DAYS = envint("PEYMAN_JOBS_KEEP_DAYS", 30, minimum=1)

# Security: strict by default when DEBUG is off, each switch overridable for a plain-HTTP
# test network.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS", [])
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite (the demo) keeps the covering indexes' key columns only; PostgreSQL uses them whole.
    SILENCED_SYSTEM_CHECKS += ["models.W040"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # Django's own "django" logger prints to the console in debug and also passes each record up
    # to the root, which printed every line twice: let the root alone print it.
    "filters": {"refusal_without_traceback": {"()": "agreement.errors.RefusalWithoutTraceback"}},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # A 403 is one line, not a traceback (agreement.errors.RefusalWithoutTraceback).
        "django.request": {
            "handlers": [],
            "level": "INFO",
            "propagate": True,
            "filters": ["refusal_without_traceback"],
        },
    },
}

# Product rules that are settings, not code.
PEYMAN_STALE_AFTER_DAYS = envint("PEYMAN_STALE_AFTER_DAYS", 90, minimum=1)
PEYMAN_EVIDENCE_MAX_FILES = envint("PEYMAN_EVIDENCE_MAX_FILES", 5, minimum=0)
PEYMAN_EVIDENCE_MAX_BYTES = envint("PEYMAN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
# Red/amber/green: a commitment is green at or above GREEN percent, amber at or above AMBER.
PEYMAN_RAG_GREEN_PERCENT = envint("PEYMAN_RAG_GREEN_PERCENT", 70, minimum=0, maximum=100)
PEYMAN_RAG_AMBER_PERCENT = envint("PEYMAN_RAG_AMBER_PERCENT", 30, minimum=0, maximum=100)
if PEYMAN_RAG_AMBER_PERCENT >= PEYMAN_RAG_GREEN_PERCENT:
    raise ImproperlyConfigured(
        f"PEYMAN_RAG_AMBER_PERCENT={PEYMAN_RAG_AMBER_PERCENT} must be below "
        f"PEYMAN_RAG_GREEN_PERCENT={PEYMAN_RAG_GREEN_PERCENT}: amber is the band under green."
    )
PEYMAN_PUBLIC_VERIFICATION = envbool("PEYMAN_PUBLIC_VERIFICATION", False)
# The parties' electronic seals on issued documents (agreement/pdf/seal.py, docs/operations.md):
# a PKCS#12 file or a PKCS#11 token per party code; a party without a key does not seal.
PEYMAN_SEAL_KEYS = seal_keys_from_env()
PEYMAN_SEAL_PKCS12_PASSPHRASE = envstr("PEYMAN_SEAL_PKCS12_PASSPHRASE", "")
PEYMAN_SEAL_PKCS11_MODULE = envstr("PEYMAN_SEAL_PKCS11_MODULE", "")
PEYMAN_SEAL_PKCS11_TOKEN = envstr("PEYMAN_SEAL_PKCS11_TOKEN", "")
PEYMAN_SEAL_PKCS11_PIN = envstr("PEYMAN_SEAL_PKCS11_PIN", "")
PEYMAN_SEAL_TSA_URL = envstr("PEYMAN_SEAL_TSA_URL", "")
# A document timestamp (B-LTA) is added this many days before the last timestamp's certificate
# expires (manage.py renew_seal_timestamps, run yearly: more than a year keeps a run from missing it).
PEYMAN_SEAL_RENEW_DAYS = envint("PEYMAN_SEAL_RENEW_DAYS", 400, minimum=1)
PEYMAN_SEAL_TRUST_ROOTS = envlist("PEYMAN_SEAL_TRUST_ROOTS", [])
# How long a rendered part of a page (the dashboard's figures, an entry on a commitment's timeline)
# may be served again (0: never kept). Each is thrown away at once when what it shows changes: its
# key carries the agreement's figures_version or the entry's version. The limit only bounds what
# follows the clock or another table: a commitment turning stale during the day, a renamed person.
PEYMAN_PAGE_CACHE_SECONDS = envint("PEYMAN_PAGE_CACHE_SECONDS", 300, minimum=0)
# Each server process keeps its own rendered pages: keys carry the data's version, so a process
# can never serve figures another one has seen change, and nothing is shared to set up.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "peyman",
        "OPTIONS": {"MAX_ENTRIES": envint("PEYMAN_CACHE_MAX_ENTRIES", 2000, minimum=10)},
    }
}
# Processes a report job lays a long report out in at once (1: one process); by default the CPUs
# the worker may use. Measured in docs/scale.md.
_CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
PEYMAN_REPORT_PROCESSES = envint("PEYMAN_REPORT_PROCESSES", min(_CPUS, 16), minimum=1, maximum=16)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# ---- Hardening (issue 12): sign-in throttling, sessions, headers, outages. Kept in one block. ----
# Repeated wrong passwords lock the account and, separately, the address they came from, on the
# site's sign-in page and the admin's alike (django-axes sits in front of every authenticate()).
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the membership and party loaded with the user (one query a request).
    "agreement.backends.MemberBackend",
]
AXES_FAILURE_LIMIT = envint("PEYMAN_SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("PEYMAN_SIGNIN_LOCKOUT_MINUTES", 15, minimum=1))
# Five failures lock the (account, address) pair; the address alone (a ministry's NAT is one
# address) and the account alone lock only after many more (agreement.signin.PairThenAddressHandler).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "agreement.signin.PairThenAddressHandler"
PEYMAN_SIGNIN_ADDRESS_FAILURE_LIMIT = envint("PEYMAN_SIGNIN_ADDRESS_FAILURE_LIMIT", 50, minimum=1)
PEYMAN_SIGNIN_ACCOUNT_FAILURE_LIMIT = envint("PEYMAN_SIGNIN_ACCOUNT_FAILURE_LIMIT", 50, minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "agreement.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "agreement.signin.client_address"
# Behind the TLS proxy, X-Forwarded-For is believed only from these addresses (the proxies' own),
# and its entry PEYMAN_PROXY_COUNT from the end is the client: a client reaching gunicorn
# directly cannot rotate the header to dodge the address limit.
PEYMAN_PROXY_ADDRESSES = envlist("PEYMAN_PROXY_ADDRESSES", ["127.0.0.1", "::1"])
PEYMAN_PROXY_COUNT = envint("PEYMAN_PROXY_COUNT", 1, minimum=1)
AXES_VERBOSE = False
# Idle timeout: a session ends this many minutes after its last request.
SESSION_COOKIE_AGE = envint("PEYMAN_SESSION_IDLE_MINUTES", 60, minimum=1) * 60
# Error pages in the layout (config/urls.py names the handlers); NUL bytes refused with 400; a
# lost database answers 503 with one log line instead of a traceback (agreement/errors.py).
CSRF_FAILURE_VIEW = "agreement.errors.csrf_failure"
# The largest request body, files included: refused with 413 before it is read (the evidence
# limits plus a megabyte for the form's fields).
PEYMAN_REQUEST_MAX_BYTES = envint(
    "PEYMAN_REQUEST_MAX_BYTES", PEYMAN_EVIDENCE_MAX_FILES * PEYMAN_EVIDENCE_MAX_BYTES + 1024 * 1024, minimum=1
)
# An entry identical to one the same person saved on the same commitment this many minutes ago
# is saved only after they confirm it (Back then Save re-sends a form with a new key).
# How long an invitation's set-password link stays valid (people/tokens.py). There are no
# password-reset pages, so Django's reset timeout serves the invitation link only.
PEYMAN_INVITATION_DAYS = envint("PEYMAN_INVITATION_DAYS", 7, minimum=1, maximum=30)
PASSWORD_RESET_TIMEOUT = PEYMAN_INVITATION_DAYS * 24 * 60 * 60
PEYMAN_DUPLICATE_WINDOW_MINUTES = envint("PEYMAN_DUPLICATE_WINDOW_MINUTES", 30, minimum=0)
