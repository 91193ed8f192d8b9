"""Settings for every environment, read from the environment with safe embedded defaults.

Defaults give the two-command setup: SQLite under var/, console e-mail, Vietnamese UI.
Production sets DATABASE_URL (PostgreSQL), SECRET_KEY, DEBUG=false and ALLOWED_HOSTS.
See docs/deployment.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DVK_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

TESTING = "pytest" in sys.modules or os.environ.get("DVK_TESTING") == "1"

DEBUG = env.bool("DEBUG", default=not TESTING)
# A real key is required outside DEBUG: the public development key would let anyone forge sessions
# and password-reset links. Tests run with their own fixed key (TESTING).
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"  # noqa: S105 (refused outside DEBUG)
SECRET_KEY = env.str("SECRET_KEY", default="" if not (DEBUG or TESTING) else DEV_SECRET_KEY)
if not (DEBUG or TESTING) and (len(SECRET_KEY) < 32 or SECRET_KEY == DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY: đặt biến môi trường SECRET_KEY (ít nhất 32 ký tự ngẫu nhiên) khi DEBUG=false. "
        "Set the SECRET_KEY environment variable (at least 32 random characters) when DEBUG=false; "
        'generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",  # TOTP second factor (dvk/accounts/second_factor.py)
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    # Our apps: the foundation first, then the domains. Name the AppConfig class explicitly:
    # each apps.py imports DomainAppConfig too, so Django could not pick a default on its own.
    "dvk.core.apps.CoreConfig",
    "dvk.accounts.apps.AccountsConfig",
    "dvk.organisations.apps.OrganisationsConfig",
    "dvk.audit.apps.AuditConfig",
    "dvk.notifications.apps.NotificationsConfig",
    "dvk.attachments.apps.AttachmentsConfig",
    "dvk.deadlines.apps.DeadlinesConfig",
    "dvk.vault.apps.VaultConfig",
    "dvk.documents.apps.DocumentsConfig",
    "dvk.imports.apps.ImportsConfig",  # Excel import of existing registers (domains declare importers)
    "dvk.exports.apps.ExportsConfig",
    "dvk.stats.apps.StatsConfig",
    "dvk.exemplars.apps.ExemplarsConfig",
    "dvk.plans.apps.PlansConfig",
    "dvk.voters.apps.VotersConfig",
    "dvk.citizens.apps.CitizensConfig",
    "dvk.front.apps.FrontConfig",
    "dvk.reports.apps.ReportsConfig",  # periodic reports over every domain's figures
    "dvk.scale.apps.ScaleConfig",
    "dvk.public.apps.PublicConfig",  # anonymous pages, reading the domains through their selectors
]

MIDDLEWARE = [
    "dvk.core.middleware.DatabaseUnavailableMiddleware",  # database down: a clean 503, never a traceback
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dvk.core.replica.ReplicaRoutingMiddleware",  # no-op without DATABASE_REPLICA_URL
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dvk.core.middleware.VietnameseLocaleMiddleware",  # Vietnamese whatever Accept-Language says
    "django.middleware.common.CommonMiddleware",
    "dvk.core.middleware.CleanQueryStringMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dvk.accounts.second_factor.SecondFactorMiddleware",  # TOTP step owed: only its pages (DVK_REQUIRE_TOTP)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy header (CONTENT_SECURITY_POLICY below)
    "django_htmx.middleware.HtmxMiddleware",
    "dvk.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "dvk.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite (embedded default) or PostgreSQL through DATABASE_URL.
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions + busy_timeout: the web server and the worker share one file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# Optional PostgreSQL streaming replica: safe requests read from it, writes and a browser that has just
# written go to the primary (dvk/core/replica.py, docs/deployment.md "Read replica").
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 60))
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["dvk.core.replica.PrimaryReplicaRouter"]
DVK_REPLICA_PIN_SECONDS = env.int("DVK_REPLICA_PIN_SECONDS", default=15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "dvk.accounts.backends.AuthBackend",
]
# Password policy (docs/security.md): at least 12 characters, not common, not like the account's
# username/name/e-mail, not only digits; the messages are Vietnamese (dvk/accounts/validators.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dvk.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "dvk.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "dvk.accounts.validators.CommonPasswordValidator"},
    {"NAME": "dvk.accounts.validators.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# TOTP second factor (django-otp): required for staff, superusers and DVK_TOTP_ROLES members, on by
# default outside DEBUG and the tests (the demo and the test suites log in with passwords only).
DVK_REQUIRE_TOTP = env.bool("DVK_REQUIRE_TOTP", default=not (DEBUG or TESTING))
DVK_TOTP_ROLES = env.list("DVK_TOTP_ROLES", default=["leader", "board_leader"])
OTP_TOTP_ISSUER = "Dân vận khéo"
# Re-authentication window before sensitive actions (dvk/accounts/reauth.py), in minutes.
DVK_REAUTH_MINUTES = env.int("DVK_REAUTH_MINUTES", default=15)

# Lockout after repeated failures (django-axes, DB-backed, works without a cache server).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "dvk.core.errors.lockout_response"  # JSON 429 on the API, the page elsewhere
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Outside DEBUG the site is served over HTTPS: cookies are Secure and browsers are told to stay on
# HTTPS (HSTS). A plain-HTTP intranet opts out explicitly with ALLOW_PLAIN_HTTP=true (docs/deployment.md).
ALLOW_PLAIN_HTTP = env.bool("ALLOW_PLAIN_HTTP", default=False)
HTTPS_ONLY = not (DEBUG or TESTING or ALLOW_PLAIN_HTTP)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=HTTPS_ONLY)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=31_536_000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=False)
# HSTS preload list (hstspreload.org): only together with HSTS_INCLUDE_SUBDOMAINS.
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env.bool("SSL_REDIRECT", default=False)  # usually done by nginx
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
)
# Content-Security-Policy (django-csp 4): scripts, styles, fonts and images from this origin only; no
# inline script, event handler, style attribute or eval anywhere (templates use static/js and
# static/css/utilities.css; htmx's eval and injected styles are off in base.html). docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's CSS draws its icons (select arrow, close) as data: SVG
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        **({"report-uri": [env.str("CSP_REPORT_URI")]} if env.str("CSP_REPORT_URI", default="") else {}),
    },
}

# --- Language, time -------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# English only when chosen in the user menu, remembered for a year (never from the browser's language).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
# Attachments live outside static files and are served only through a permission-checked view.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Attachments and sealed vault files on S3-compatible object storage (AWS S3, MinIO, Ceph…) instead of
# MEDIA_ROOT when S3_BUCKET is set (pip install '.[s3]'; docs/deployment.md "Object storage"). Private
# objects (no ACL), signed short-lived URLs never handed out: files still go through the checked views.
if env.str("S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default="media"),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
ATTACHMENT_PUBLIC_MAX_BYTES = env.int("ATTACHMENT_PUBLIC_MAX_BYTES", default=5 * 1024 * 1024)  # public form
# No uploaded file is kept past this size, whatever the form (dvk/attachments/uploads.py): the rest is
# read and dropped, and the form or the API says "too large".
FILE_UPLOAD_MAX_BYTES = env.int("FILE_UPLOAD_MAX_BYTES", default=ATTACHMENT_MAX_BYTES)
FILE_UPLOAD_HANDLERS = [
    "dvk.attachments.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- E-mail, tasks --------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Dân vận khéo <no-reply@dvk.local>")
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
    }
}

# A task still RUNNING after this long was left by a dead worker: run_scheduler puts it back in the
# queue (dvk.core.tasks_recovery). Far longer than any task takes; every task is safe to run twice.
DVK_TASK_ABANDONED_MINUTES = env.int("DVK_TASK_ABANDONED_MINUTES", default=30)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env.str("REDIS_URL", default=""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_URL"),
    }

# --- Identity vault (docs/security.md) ------------------------------------------------------
# Denouncers' identities are encrypted with these keys, never with SECRET_KEY. Outside DEBUG the
# app refuses to start without them while the vault is enabled; DEBUG and tests use var/vault-dev-keys.json.
DVK_VAULT_ENABLED = env.bool("DVK_VAULT_ENABLED", default=True)
DVK_VAULT_KEYS = env.list("DVK_VAULT_KEYS", default=[])  # Fernet keys; the first encrypts
DVK_VAULT_INDEX_KEY = env.str("DVK_VAULT_INDEX_KEY", default="")  # HMAC key of the blind indexes

# --- List exports (dvk.exports) -------------------------------------------------------------
# Up to this many rows a list's Excel export is answered at once; above, a background task writes it.
DVK_EXPORT_SYNC_MAX_ROWS = env.int("DVK_EXPORT_SYNC_MAX_ROWS", default=2000)
DVK_EXPORT_TTL_HOURS = env.int("DVK_EXPORT_TTL_HOURS", default=24)  # then the file is deleted

# --- API ------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=2 * 1024 * 1024)  # JSON bodies (413 above)
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MEDIA_ROOT = VAR_DIR / "test-media"
