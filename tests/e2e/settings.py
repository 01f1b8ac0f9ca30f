"""Settings for the portal served to the browser journeys: production-like (DEBUG off, WhiteNoise
serving the static files, login throttling on) but with every secret and path handed in by the
fixture that starts the server (tests/e2e/server.py), so that a restart keeps sessions valid."""

import os

from portal.settings.base import *  # noqa: F403

DEBUG = False
# Generated per run by the fixture; the same for every process of a run so sessions survive a restart.
SECRET_KEY = os.environ["PORTAL_E2E_SECRET_KEY"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files straight from the apps' folders: no collectstatic step before each run.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Loopback only, like the whole suite: video thumbnails come from the parsed id, never oEmbed.
LIVEWALL_OEMBED_TIMEOUT = 0
