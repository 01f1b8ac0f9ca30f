"""Settings for benchmark server processes: the production settings, minus what needs HTTPS.

The bench talks plain HTTP on 127.0.0.1, so secure-only cookies, the HTTPS redirect and HSTS are off;
everything else (DEBUG off, middleware, templates, channel layer from the environment) is production.
The orchestrator sets SECRET_KEY (random per run), ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import os

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

if os.environ.get("BENCH_DEFER_TASKS") == "1":
    # Loading 1,200 pages for bench/pages.py: search and reference indexing are not what it
    # measures, and run inline they make the load ten times slower.
    TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

# Rate-limit counters of this run only: the Redis cache may be shared with earlier runs (and their
# addresses), and a window of the last run must not refuse this one's first posts.
PORTAL_RATELIMIT_PREFIX = f"portal-rl-bench-{os.environ.get('BENCH_RUN_ID', 'local')}"
