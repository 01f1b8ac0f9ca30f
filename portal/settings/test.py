"""Test runs: fast hashing, a throwaway key, media in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-" + os.urandom(16).hex()
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver", "[::1]"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# Links follow the test client's host unless a test sets a public address.
PORTAL_BASE_URL = ""
AXES_ENABLED = os.environ.get("AXES_ENABLED", "0") == "1"
# Pages change under tests without a publish; tests/portal/test_pagecache.py turns the cache on.
PAGE_CACHE_SECONDS = 0
LIVEWALL_PAGE_CACHE_SECONDS = 0
# Video thumbnails are fetched only from loopback servers that a test starts (and names).
LIVEWALL_THUMBNAIL_ORIGINS = []
# The suite is loopback-only (tests/conftest.py): no oEmbed lookup of real providers. A test of the
# lookup points the finders at a loopback server and sets its own timeout.
LIVEWALL_OEMBED_TIMEOUT = 0
# Platform posts' pictures are fetched server-side (livewall.intake.platform_images); their hosts are
# real names the suite may not look up. Its tests turn it on and serve the pictures on loopback.
LIVEWALL_PLATFORM_IMAGES = False

# No connection pool in the test process: pytest-django renames the database to its test copy
# after something may already have connected, and a pool made before keeps the old name (the
# suite's data and migrations would go to the wrong database). The servers the suites start (e2e,
# reliability, bench) keep the pool, as in production.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
