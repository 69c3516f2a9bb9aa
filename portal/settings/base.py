"""Settings shared by every environment.

Everything a deployment changes comes from environment variables; with none set the
portal runs on an embedded default: SQLite, Celery eager, database search, console e-mail.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .environment import env, env_bool, env_list
from .logs import LOG_FORMAT, LOGGING  # noqa: F401 (one of the settings)

BASE_DIR = Path(__file__).resolve().parent.parent.parent


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "insecure-development-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "partners",
    "knowledge",
    "cms",
    "referrals",
    "search",
    "allocation",
    "outcomes",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "guardian",
    "simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Its catalogue: Wagtail's admin says "před 5 minutami" through humanize's naturaltime.
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "core.logging_json.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionActivityMiddleware",
    "core.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Anonymous GETs of public pages from the cache (after auth and messages, see the module).
    "core.cache.PublicPageCacheMiddleware",
    # A Wagtail page's route (site, page, view restrictions) by content version.
    "core.routing.CachedRouteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into the page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "partners.context_processors.membership",
                "outcomes.context_processors.navigation",
                "cms.context_processors.contacts",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages run short queries. Starting parallel workers for one costs about 8 ms, more
    # than the plan saves, and on a small server concurrent requests already use the
    # cores: no parallel plans unless DATABASE_PARALLEL_WORKERS says otherwise. JIT
    # compilation is off for the same reason: it starts when a plan's estimate passes a
    # threshold (a count over a large table does) and then costs tens to hundreds of ms
    # to save a few (docs/decisions/0006-database-round-trips.md).
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = " ".join(
        filter(
            None,
            [
                _pg_options.get("options", ""),
                "-c max_parallel_workers_per_gather="
                + str(int(env("DATABASE_PARALLEL_WORKERS", "0"))),
                "-c jit=off",
            ],
        )
    )
    # Prepared statements: with server-side parameters psycopg prepares a statement the
    # connection has run five times, so PostgreSQL parses (and, where its generic plan
    # costs no more than the custom ones, plans) a page's recurring queries once per
    # connection, which conn_max_age keeps, instead of on every request. Not behind a
    # pooler in transaction mode (PgBouncer before 1.21): DATABASE_PREPARED_STATEMENTS=0.
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        _pg_options["server_side_binding"] = True
        _pg_options["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env("CACHE_URL") or env("REDIS_URL")
# Two portals sharing one Redis (staging beside production, a second coalition) must not
# read each other's pages: keys carry the database's name unless CACHE_KEY_PREFIX says.
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX") or "portal-" + (
    Path(DATABASES["default"]["NAME"] or "default").stem
)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous GETs of public pages served from that cache, invalidated on change (core.cache).
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_SECONDS = int(env("PORTAL_PAGE_CACHE_SECONDS", "600"))
# Values and page fragments kept under the same content version (core.cache.content_cached),
# for logged-in readers too: by visibility class, never by user.
PORTAL_CONTENT_CACHE = env_bool("PORTAL_CONTENT_CACHE", True)

# --- Auth -------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username+IP before any password is checked.
    "portal.accounts.backends.LockoutBackend",
    # Django's ModelBackend, loading the request's user with whether they are in the
    # secretariat (one statement fewer on every page of a logged-in user).
    "portal.accounts.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
# Expiry counts from the last request (an inactivity timeout), but the session row is
# rewritten at most once a SESSION_ACTIVITY_SECONDS, not on every request: see
# core.middleware.SessionActivityMiddleware.
SESSION_ACTIVITY_SECONDS = int(env("SESSION_ACTIVITY_SECONDS", "120"))
# Shared computers in shelters and offices: closing the browser ends the session too.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A session is read from the shared cache (Redis) and written to both it and the database
# (one statement fewer on every logged-in request). Only with a cache every worker shares:
# with the per-process LocMemCache, a logout in one worker would leave the session alive in
# another worker's copy.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)
PASSWORD_RESET_TIMEOUT = int(env("PASSWORD_RESET_TIMEOUT", str(60 * 60 * 24)))
# The session's user and its active memberships are read from the shared cache too (two
# statements fewer on every logged-in request), kept under a version that every change of
# a user, a group, a membership or an organisation replaces (partners.selectors.
# signed_in_user). Only with a cache every worker shares, for the reason above; the
# seconds bound a change made around the ORM's signals (a raw UPDATE, say).
PORTAL_SIGNED_IN_CACHE = env_bool("PORTAL_SIGNED_IN_CACHE", bool(CACHE_URL))
PORTAL_SIGNED_IN_SECONDS = int(env("PORTAL_SIGNED_IN_SECONDS", "300"))

# Login throttling (django-axes): five failures of one username from one address lock that
# pair out for 15 minutes; the lockout page says so without saying whether the account exists.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
# Behind the reverse proxy the client address is the first X-Forwarded-For entry; set
# AXES_PROXY_COUNT to the number of proxies in front of the portal (0: none, REMOTE_ADDR).
AXES_IPWARE_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "0")) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Two-factor authentication (django-otp, TOTP with static backup codes) is required of
# everyone who can see client data, edit the CMS or use the Django admin.
PORTAL_REQUIRE_2FA = env_bool("PORTAL_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Socialni bydleni"
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row, anonymous never holds perms

# --- Language ---------------------------------------------------------------------------
LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Czech dates with non-breaking spaces (core/formats/cs/formats.py).
FORMAT_MODULE_PATH = ["core.formats"]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("cs", "Čeština")]
# The admin's filters (django-filter) offer the same empty choice as every other select
# (core.czech_defaults); the msgid is translated in locale/cs.
FILTERS_EMPTY_CHOICE_LABEL = _("— choose —")

# Who runs the portal: the footer's contacts, the accessibility statement's feedback
# address and the personal-data note (cms.context_processors.contacts).
PORTAL_CONTACTS = {
    "operator": env("PORTAL_OPERATOR", "Odborné partnerství pro sociální bydlení"),
    "address": env("PORTAL_CONTACT_ADDRESS", ""),
    "email": env("PORTAL_CONTACT_EMAIL", ""),
    "phone": env("PORTAL_CONTACT_PHONE", ""),
    "data_protection_email": env("PORTAL_DATA_PROTECTION_EMAIL", ""),
}

# --- Files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Media is never served as a directory: documents go through permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DOCUMENT_MAX_UPLOAD_SIZE = int(env("DOCUMENT_MAX_UPLOAD_SIZE", str(25 * 1024 * 1024)))

# --- Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Sociální bydlení – odborné partnerství"
WAGTAILADMIN_BASE_URL = env("BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "knowledge.LibraryDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "knowledge.document_forms.LibraryDocumentForm"
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No avatars from Gravatar: the admin would send staff e-mail hashes to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# --- Search (the portal's own search app; see search/) ---------------------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "portal")

# --- Celery -----------------------------------------------------------------------------
# Without a broker (the embedded default) tasks run eagerly in-process; the in-memory
# transport keeps kombu from looking for an AMQP server that is not there.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}

# --- E-mail -----------------------------------------------------------------------------
EMAIL_URL = env("EMAIL_URL")
if EMAIL_URL:
    from urllib.parse import unquote, urlparse

    _email = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
    EMAIL_USE_SSL = _email.scheme == "smtps"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "portal@socialnibydleni.example")

# --- Security ---------------------------------------------------------------------------
# Public pages allow no inline script or style and nothing from other origins. The Wagtail
# and Django admins need inline scripts of their own, so they are left out of the policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# --- Logging: no request bodies, no client data; errors go to stderr: see logs.py -------

# --- Referrals --------------------------------------------------------------------------
from celery.schedules import crontab  # noqa: E402

# Closed cases are anonymised this many days after they ended (statistics survive).
REFERRALS_RETENTION_DAYS = int(env("REFERRALS_RETENTION_DAYS", str(5 * 365)))
REFERRALS_ATTACHMENT_MAX_SIZE = int(env("REFERRALS_ATTACHMENT_MAX_SIZE", str(10 * 1024 * 1024)))
# Links in notification e-mails; the e-mail itself never carries client data.
REFERRALS_BASE_URL = env("BASE_URL", "http://127.0.0.1:8000")
CELERY_BEAT_SCHEDULE.update(
    {
        "referrals-reminders": {
            "task": "referrals.send_reminders",
            "schedule": crontab(hour=6, minute=30),
        },
        "referrals-notification-sweep": {
            "task": "referrals.deliver_pending_notifications",
            "schedule": 5 * 60,
        },
        "referrals-retention": {
            "task": "referrals.anonymise_closed_cases",
            "schedule": crontab(hour=2, minute=45),
        },
    }
)

# --- Search -------------------------------------------------------------------------------
# The search app (see search/ and docs/decisions/0002-search-fallback.md). ELASTICSEARCH_URL
# and SEARCH_INDEX_PREFIX are read above. SEARCH_INDEX_SYNC indexes in the committing process
# instead of queueing a Celery task (the test suite and one-off scripts set it).
SEARCH_INDEX_SYNC = env_bool("SEARCH_INDEX_SYNC", False)
# The engine client logs every request at INFO and every 404 at WARNING; the search app
# logs what matters itself.
LOGGING["loggers"]["opensearch"] = {"level": "ERROR", "propagate": True}
# Keys whose change could not reach the search node (node down, broker down, worker lost)
# wait in the index's outbox; this sweep indexes them once the node answers again.
CELERY_BEAT_SCHEDULE["search-drain-pending"] = {
    "task": "search.drain_pending",
    "schedule": 60,
}
# A deploy with a changed glossary (search/synonyms_cs.txt) rebuilds the search copies
# through the alias swap (search.glossary).
CELERY_BEAT_SCHEDULE["search-glossary-check"] = {
    "task": "search.glossary_check",
    "schedule": 15 * 60,
}
