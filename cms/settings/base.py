"""Settings shared by every environment; safe for production, read from the environment.

Environment variables (see README):
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS,
WAGTAILADMIN_BASE_URL, EMAIL_URL-like EMAIL_* variables, DEFAULT_FROM_EMAIL,
SEARCH_BACKEND (database | elasticsearch), ELASTICSEARCH_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "measures",
    "partners",
    "search",
    "cms",
    "cms.ops",
    "dsfr",
    "widget_tweaks",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.frontend_cache",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "django.contrib.admin",  # wagtail-modeladmin list filters need it (URLs not mounted)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and messages: sees the response with all its cookies.
    "cms.middleware.SharedCacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # 403 for the admin pages of another department's territorial pages.
    "measures.middleware.TerritorialPagesForbiddenMiddleware",
    # Last: turns a locked-out login attempt into the lock-out page.
    "axes.middleware.AxesMiddleware",
    # After every other process_view: a POST lacking a key its view reads → 400.
    "cms.middleware.IncompleteFormMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 600,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # The site stays up when Redis is down: a miss, not an error.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 600,
        }
    }

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email: console in development, SMTP in production (EMAIL_HOST set).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Seconds before an unresponsive mail server counts as failed (the visitor is
# told to retry, see partners/mail.py).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Quartiers <ne-pas-repondre@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Quartiers"
# Help links of the admin lead to our French help page (/admin/aide/, see
# cms/wagtail_hooks.py), not to Wagtail's English guides and release notes.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "xlsx", "ods"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Wagtail refuses larger images before decoding them (decompression bombs); the
# formats are those the site serves. Partners' uploads go through the same checks
# (partners/practice_forms.py), within QUARTIERS_IMAGE_MAX_SIZE.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_WORKFLOW_REQUIRE_APPROVAL_TO_RESUBMIT = True
WAGTAILEMBEDS_FINDERS = []

# Search: Wagtail's database backend (SQLite FTS5 locally, PostgreSQL full text
# in production with a French, accent-insensitive configuration). Elasticsearch or
# OpenSearch: SEARCH_BACKEND=elasticsearch and ELASTICSEARCH_URL.
if os.environ.get("SEARCH_BACKEND") == "elasticsearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [os.environ.get("ELASTICSEARCH_URL", "http://localhost:9200")],
            "INDEX": "quartiers",
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            **({"SEARCH_CONFIG": "french_unaccent"} if IS_POSTGRESQL else {}),
        }
    }

# Frontend cache invalidation (Varnish/Squid HTTP purge or a CDN): set
# FRONTEND_CACHE_URL to enable it.
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Size limit for the indicator import (bytes).
QUARTIERS_IMPORT_MAX_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Our static files are served from our own origin (whitenoise rewrites CSS urls,
# which would break django-dsfr's subresource integrity hashes).
DSFR_USE_INTEGRITY_CHECKSUMS = False

# Partner accounts and good practices (partners app).
LOGIN_URL = "partners_login"
LOGIN_REDIRECT_URL = "partners_space"
# Where a public user recovers access: the password reset (like LOGIN_URL).
QUARTIERS_ACCOUNT_RECOVERY_URL = "partners_password_reset"
LOGOUT_REDIRECT_URL = "/"
QUARTIERS_RATE_LIMIT = (5, 3600)  # sign-ups / submissions per IP or user, per second
QUARTIERS_IMAGE_MAX_SIZE = 5 * 1024 * 1024
QUARTIERS_PDF_MAX_SIZE = 10 * 1024 * 1024
QUARTIERS_CONFIRMATION_MAX_AGE = 3 * 24 * 3600

# Security headers (every environment; production adds HTTPS, HSTS and secure
# cookies). Framing: nobody may frame the public site; the admin frames its own
# previews (Wagtail's preview views answer X-Frame-Options: SAMEORIGIN).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp 4). Public site: no inline script, no eval,
# everything from our own origin (DSFR's JS and CSS are served from /static/).
# Inline *style attributes* stay allowed (progress bars of the measure pages, the
# Wagtail user bar); they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (``/admin/``; previews: see below) gets its own policy from
# ``cms.middleware.ContentSecurityPolicyMiddleware``: Wagtail 8 still writes
# inline scripts and style attributes in its templates and widgets (wagtail
# issue #1288), so 'unsafe-inline' is needed there; the admin frames its previews
# ('self'), and images are shown from blob: URLs while they upload. The admin is
# only open to staff accounts.
QUARTIERS_ADMIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
QUARTIERS_ADMIN_PREFIX = "/admin/"
# A preview is the public page rendered for the admin (Wagtail runs it through a
# dummy request to the page's public URL): the public policy, except that the
# admin's preview panel, on our own origin, may frame it (X-Frame-Options:
# SAMEORIGIN comes from Wagtail's preview views).
QUARTIERS_PREVIEW_FRAME_ANCESTORS = ["'self'"]

# Login attempts (django-axes): 5 failures for one account from one address lock
# that pair out for 15 minutes, on the admin login and on the partner login alike.
# The lock-out page (French, status 429) is ``cms.views.lockout``.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.views.lockout"  # French page, status 429
AXES_VERBOSE = False
# Lock-outs count per client address, behind the trusted proxies below.
AXES_CLIENT_IP_CALLABLE = "cms.client_address.client_address"
# Proxies in front of the site, outermost first (addresses or CIDR networks):
# X-Forwarded-For is believed only from them (cms/client_address.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Draftail, with a forged (non-JSON-object) value refused with a 400 (cms.rich_text).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "cms.rich_text.SafeDraftailRichTextArea"},
}
