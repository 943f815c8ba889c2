"""Django settings, read from the environment settings declared in site/declared.py.

Every value is checked as it is read, so a typo in a deployment stops the process at start
with one line naming the setting, instead of running with a silent default. Production
(`TRIGGERPOINT_ENV=production`, or `DEBUG` off) refuses to start with the default secret.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from triggerpoint.site import checks, declared

DEFAULT_SECRET = "dev-only-insecure-secret-change-me"


def env(name: str, default: str | None = None) -> Any:
    """A setting declared in site/declared.py (type, default, help, check), read once here."""
    return declared.read(name, default)


def envsecret(name: str, *, production: bool) -> str:
    value = str(env(name)) or DEFAULT_SECRET
    if production and value == DEFAULT_SECRET:
        raise ImproperlyConfigured(f"{name} must be set to a private random value in production")
    return value


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("TRIGGERPOINT_VAR_DIR") or Path.cwd() / "var")

ENVIRONMENT = env("TRIGGERPOINT_ENV")
DEBUG = env("DEBUG", "false" if ENVIRONMENT == "production" else "true")
PRODUCTION = ENVIRONMENT == "production" or not DEBUG
SECRET_KEY = envsecret("SECRET_KEY", production=PRODUCTION)
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,testserver")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL")

INSTALLED_APPS = [
    # First, so its registration/ templates (sign-in, password reset) win over the admin's.
    "triggerpoint.web",
    "triggerpoint.site.apps.OwnersAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs from our own static files, as the CSP requires
    "axes",  # failed sign-ins, for every sign-in form (web/login_throttle.py)
    "triggerpoint.clinic",
    "triggerpoint.site",
]

MIDDLEWARE = [
    # First: a load balancer's probe needs no session, host check or HTTPS redirect.
    "triggerpoint.site.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside ConditionalGet and PrivateResponses: it compresses what they let through
    # (web/compression.py says which responses, and why not the personal ones).
    "triggerpoint.web.compression.CompressionMiddleware",
    # ETags over the uncompressed page, 304 when unchanged; never on no-store responses.
    "django.middleware.http.ConditionalGetMiddleware",
    "triggerpoint.web.security.ContentSecurityPolicyMiddleware",
    "triggerpoint.web.security.ApiErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # request.clinic: the clinic whose site the host is (clinic/people/sites.py).
    "triggerpoint.clinic.people.sites.ClinicSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "triggerpoint.web.security.SessionTimeoutMiddleware",
    # Last-Modified on public pages (web/freshness.py); inside PrivateResponses, so it
    # sees their final Cache-Control, and ConditionalGet answers 304 from it.
    "triggerpoint.web.freshness.LastModifiedMiddleware",
    "triggerpoint.web.security.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a locked-out sign-in into the "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "triggerpoint.web.login_throttle.SignInBackend",
    # ModelBackend plus the staff/client profile in the same query; ModelBackend stays
    # listed so sessions signed in before it keep working.
    "triggerpoint.web.auth_backend.ProfileBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "triggerpoint.site.urls"
WSGI_APPLICATION = "triggerpoint.site.wsgi.application"
ASGI_APPLICATION = "triggerpoint.site.asgi.application"  # what `serve` runs (site/serving.py)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "triggerpoint.web.context.clinic",
                "triggerpoint.web.context.role",
                "triggerpoint.web.context.contact",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "triggerpoint.sqlite3"),
            # One connection per worker thread, kept: opening one and running the PRAGMAs
            # below took 9-16% of a simple page when every request opened its own.
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
            # IMMEDIATE takes the write lock when a transaction opens, so the overlap check
            # and the insert of a booking cannot interleave with another writer's.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": env("SQLITE_BUSY_TIMEOUT"),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            "TEST": {"NAME": env("SQLITE_TEST_NAME") or str(VAR_DIR / "test.sqlite3")},
        }
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {error}") from None
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A database host that drops packets would otherwise hold a request (and /readyz)
        # for the operating system's TCP timeout; a URL's own ?connect_timeout= wins.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    return config


DATABASES = {"default": _database(env("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every rate-limit and sign-in counter lives here, so it must be one store for all the
# workers: Redis when REDIS_URL is set, else a table in the app's own database (made by
# `migrate`, see site/apps.py), never a per-process memory cache.
REDIS_URL = env("REDIS_URL")


def cache_settings(redis_url: str, key_prefix: str) -> dict[str, Any]:
    """The shared cache: Redis at `redis_url`, else the database's cache table."""
    if not redis_url:
        return {
            "BACKEND": "triggerpoint.site.cache.AtomicDatabaseCache",
            "LOCATION": "triggerpoint_cache",
        }
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": key_prefix,
        # redis-py waits forever by default: a Redis that stops answering would hang
        # every rate-limited request and /readyz instead of failing them.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


CACHES = {"default": cache_settings(REDIS_URL, env("CACHE_KEY_PREFIX"))}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request otherwise
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # WhiteNoise's, with .br files kept between starts (site/static_storage.py)
        "BACKEND": "triggerpoint.site.static_storage.StaticStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"

# Email: SMTP when a server is named, the console otherwise (development). Production
# refuses to start when its emails would go nowhere or link to this machine (checks.py).
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = env("EMAIL_PORT")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env("EMAIL_USE_TLS")
EMAIL_USE_SSL = env("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env("EMAIL_TIMEOUT")
EMAIL_BACKEND = env("EMAIL_BACKEND") or (
    declared.EMAIL_BACKENDS["smtp"] if EMAIL_HOST else declared.EMAIL_BACKENDS["console"]
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
if ENVIRONMENT == "production":
    checks.email_delivers(
        EMAIL_BACKEND,
        EMAIL_HOST,
        EMAIL_USE_TLS,
        EMAIL_USE_SSL,
        allow_console=env("ALLOW_CONSOLE_EMAIL"),
    )
    checks.site_url_is_public(SITE_URL, allow_loopback=env("ALLOW_LOOPBACK_SITE_URL"))

SESSION_COOKIE_SECURE = PRODUCTION
# Signed-in sessions end after this long idle (staff share clinic computers) and, whatever
# happens, this long after signing in (web/security.SessionTimeoutMiddleware).
SESSION_IDLE_MINUTES_STAFF = env("SESSION_IDLE_MINUTES_STAFF")
SESSION_IDLE_MINUTES_CLIENT = env("SESSION_IDLE_MINUTES_CLIENT")
SESSION_MAX_HOURS = env("SESSION_MAX_HOURS")
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
CSRF_FAILURE_VIEW = "triggerpoint.web.security.csrf_failure"
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Joining the browsers' HSTS preload list binds the whole domain for months; only the
# operator can make that promise, so its warning is silenced until they opt in.
SILENCED_SYSTEM_CHECKS = [] if env("SECURE_HSTS_PRELOAD") else ["security.W021"]

# Client addresses come from REMOTE_ADDR unless the operator says how many proxies to trust;
# trusting X-Forwarded-For blindly would let anyone dodge a rate limit or, behind a proxy,
# lock a client out. One function reads it for every limit (clinic/rate_limits.client_ip).
TRUSTED_PROXIES = env("TRUSTED_PROXIES")
NINJA_NUM_PROXIES = TRUSTED_PROXIES
BOOKING_RATE = env("BOOKING_RATE")
PASSWORD_RESET_RATE = env("PASSWORD_RESET_RATE")
RESET_EMAIL_RATE = env("RESET_EMAIL_RATE")
CLAIM_EMAIL_RATE = env("CLAIM_EMAIL_RATE")
JOIN_CODE_RATE = env("JOIN_CODE_RATE")
FINDER_RATE = env("FINDER_RATE")
# Seconds from a request's first byte to its last under `serve` (site/serving.py).
REQUEST_READ_TIMEOUT = env("REQUEST_READ_TIMEOUT")
SERVE_THREADS = env("SERVE_THREADS")
# django-ratelimit refuses Django's DatabaseCache for its read-then-write increment; the
# one above increments atomically (site/cache.py).
RATELIMIT_USE_CACHE = "default"

# django-axes: LOGIN_FAILURE_LIMIT failed sign-ins lock that username from that address
# for LOGIN_LOCKOUT_MINUTES, the right password included (web/login_throttle.py).
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("LOGIN_LOCKOUT_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "default"
AXES_CLIENT_IP_CALLABLE = "triggerpoint.clinic.privacy.rate_limits.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # its log lines would name the username (an email address)
AXES_ENABLE_ADMIN = False  # its tables stay empty: the counts live in the cache

# Log records carry ids and actions, never names, emails, phone numbers or notes.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
