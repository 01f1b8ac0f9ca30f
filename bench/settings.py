"""Settings for benchmark server processes: the production settings, minus what needs HTTPS.

The bench talks plain HTTP on 127.0.0.1, so secure-only cookies, the HTTPS redirect and HSTS are off;
everything else (DEBUG off, middleware, templates, channel layer from the environment) is production.
The orchestrator sets SECRET_KEY (random per run), ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

from portal.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# No collectstatic in a throwaway bench database directory.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
