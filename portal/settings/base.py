"""Settings shared by every environment. Everything that differs per deployment comes from env vars."""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    "home",
    "resources",
    "events",
    "livewall",
    "hub",
    "groups",
    "search",
    "portal.pagecache",
    # Editors translate pages (docs/languages.md); its locales app replaces wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
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
    "django_filters",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "daphne",
    "channels",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy (portal/security.py).
    "portal.security.SecurityHeadersMiddleware",
    # Any error answered to a JSON client is JSON, whatever made it (home/middleware.py).
    "home.middleware.JsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags from the content and 304s for every GET (calendar programs and feed readers poll hourly).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order): the language from the URL's prefix.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Whole Wagtail pages for anonymous GETs, emptied on publish (portal/pagecache).
    "portal.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a locked-out login never reaches the view.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

ASGI_APPLICATION = "portal.asgi.application"
WSGI_APPLICATION = None

# SQLite file in the project unless DATABASE_URL points elsewhere (PostgreSQL for scale-out).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not DATABASES["default"]["CONN_MAX_AGE"]:
    # Under ASGI every request's synchronous code runs in a thread of its own, each with its own
    # connection: a room posting at once opened one per request until PostgreSQL refused the rest
    # ("too many clients", a 500). A bounded pool per process makes them wait for a connection
    # instead. Size it so that processes x DB_POOL_MAX_SIZE stays under max_connections (100 by
    # default) with room for the poller, the worker and migrations (docs/deployment.md).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "2")),
        "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "20")),
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "20")),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded set-up serves HTTP, websockets and the poller from one process:
    # WAL and a busy timeout keep concurrent writers from failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
# CHANNEL_LAYER_BACKEND (pubsub | redis | inmemory) overrides the choice below; the benchmark
# (bench/wall_fanout.py) uses it to measure each layer. Unset: pubsub with REDIS_URL, else in-memory.
_CHANNEL_LAYER_BACKENDS = {
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "redis": "channels_redis.core.RedisChannelLayer",
    "inmemory": "channels.layers.InMemoryChannelLayer",
}
_channel_layer = os.environ.get("CHANNEL_LAYER_BACKEND", "pubsub" if REDIS_URL else "inmemory")
if _channel_layer != "inmemory":
    if not REDIS_URL:
        raise ValueError(f"CHANNEL_LAYER_BACKEND={_channel_layer} needs REDIS_URL")
    # Pub/sub layer: one PUBLISH per broadcast whatever the group size, and no 5 s idle
    # timeout with redis-py 8 (see README, "Choosing the channel layer").
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": _CHANNEL_LAYER_BACKENDS[_channel_layer],
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": _CHANNEL_LAYER_BACKENDS["inmemory"]}}

# Contribution rate limits (livewall/intake/ratelimit.py) must be shared by every process: Redis when
# REDIS_URL is set, else this process's memory. A separate alias so Wagtail's own caching stays local.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "portal"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
    ),
}
# Whole pages for anonymous visitors (portal/pagecache): shared by every process, so that a publish
# in one empties it for all. PAGE_CACHE_SECONDS=0 turns it off; it is always off with DEBUG.
CACHES["pages"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "portal-pages"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# The participant page's and big screen's first page of posts, rendered once per wall change and
# process (livewall.pages.views.rendered_posts; keyed by the wall's seq, so never stale). 0 turns it off.
LIVEWALL_FIRST_PAGE_CACHE_SECONDS = int(os.environ.get("LIVEWALL_FIRST_PAGE_CACHE_SECONDS", "600"))
# The participant page, big screen and text view, whole, for anonymous first visits (portal/pagecache
# @briefly_cached): a room scanning the QR code at once gets pages at most this old (the socket then
# catches up from the page's cursor). 0 turns it off.
LIVEWALL_PAGE_CACHE_SECONDS = int(os.environ.get("LIVEWALL_PAGE_CACHE_SECONDS", "2"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface's languages (docs/languages.md). English keeps unprefixed addresses; the others are
# served under /cy/ and /ar/ (portal/urls.py). Arabic is written right to left (LANGUAGES_BIDI).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# British English dates and numbers for `en` (portal/formats/).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
# Pages in each language through Wagtail's locales; editors translate with wagtail-localize.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# File names are kept (no hashing), so the live wall's ES modules (livewall/static/livewall/wall/)
# find each other by their relative paths as written. A hashed-names storage (Manifest...) would need
# a subclass with `support_js_module_import_aggregation = True` to rewrite those paths.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Contribution images may be up to 10 MB; anything larger is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Community Portal"
# The database backend, with visitors' text taken as words (search/backend.py): no query syntax.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}
# The portal's public address, e.g. https://portal.example.org: every absolute link (sitemap, feeds,
# calendar files, search-engine tags) is built on it (portal/canonical.py). Unset: the request's host.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or PORTAL_BASE_URL or "http://127.0.0.1:8000"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Wagtail's oEmbed finder and default providers, with YouTube players moved to youtube-nocookie.com
# (no tracking cookies, and the host the public CSP frames); see home/embeds.py.
WAGTAILEMBEDS_FINDERS = [{"class": "home.embeds.NoCookieOEmbedFinder"}]

# Login throttling on /admin/ (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "portal.log_filters.WithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_brief": {"class": "logging.StreamHandler", "filters": ["without_traceback"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Refused suspicious requests (answered 400): one line each, no traceback (portal/log_filters.py).
        "django.security": {"handlers": ["console_brief"], "level": "WARNING", "propagate": False},
        "django.channels.server": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}


# E-mail through Django's backend, from the environment: SMTP when EMAIL_HOST is set, else the
# console (development, the embedded set-up). EMAIL_BACKEND overrides both.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Community Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (e-mails, fetching) through Django's tasks framework. The embedded set-up runs a
# task at once, in the process that queued it; scale-out (TASK_BACKEND=database) queues tasks in the
# database for the worker process (`manage.py db_worker`, the Procfile's "worker").
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate")
if TASK_BACKEND not in TASK_BACKENDS:
    raise ValueError(f"TASK_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASK_BACKEND!r}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND]}}

# The hub's public forms: (requests, seconds) per browser and per address.
HUB_RATE_PER_BROWSER = (5, 3600)
HUB_RATE_PER_ADDRESS = (30, 3600)

# The groups directory's public forms (listing, and updates through the private link).
GROUPS_RATE_PER_BROWSER = (5, 3600)
GROUPS_RATE_PER_ADDRESS = (30, 3600)
# Event sign-up (events.signup): the most places one sign-up takes, and the form's rate limits.
EVENT_SIGNUP_MAX_PLACES = 4
EVENT_SIGNUP_RATE_PER_BROWSER = (5, 3600)
EVENT_SIGNUP_RATE_PER_ADDRESS = (30, 3600)
# "Add your event" (events.proposals): (requests, seconds) per browser and per address.
EVENT_PROPOSAL_RATE_PER_BROWSER = (3, 3600)
EVENT_PROPOSAL_RATE_PER_ADDRESS = (20, 3600)
