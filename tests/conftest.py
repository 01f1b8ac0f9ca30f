"""Shared fixtures. Service fixtures skip when the service is absent on a developer's machine,
and fail instead under CI/REQUIRE_SERVICES, where a skipped service test would hide a gap.

The whole run is loopback-only (tests/support/loopback/): no test may reach the internet."""

import os
from pathlib import Path

import pytest

from tests.support.loopback import loopback_guard

REDIS_DEFAULT = "redis://127.0.0.1:6379/0"
LOOPBACK_SITE = Path(loopback_guard.__file__).parent


def pytest_configure(config):
    """Guard this process, and every Python process a test starts (through the environment they
    inherit: its sitecustomize.py installs the same guard), before any test runs."""
    loopback_guard.install()
    os.environ[loopback_guard.ENV_FLAG] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(LOOPBACK_SITE), os.environ.get("PYTHONPATH")]))


@pytest.fixture(autouse=True)
def loopback_only():
    """Fail the test that tried to leave loopback, even when a fallback swallowed the refusal."""
    start = len(loopback_guard.attempts)
    yield
    tried = loopback_guard.attempts[start:]
    del loopback_guard.attempts[start:]
    if tried:
        pytest.fail(f"this test tried to reach the network outside loopback: {tried}", pytrace=False)


def services_required():
    return os.environ.get("REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"


def missing_service(message, required=None):
    if services_required() if required is None else required:
        pytest.fail(f"{message} (required under CI / REQUIRE_SERVICES=1)")
    pytest.skip(message)


@pytest.fixture
def redis_url():
    """URL of a reachable Redis server (REDIS_URL or the local default)."""
    import redis

    url = os.environ.get("REDIS_URL") or REDIS_DEFAULT
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.ping()
        client.close()
    except Exception as exc:  # noqa: BLE001 - any failure means absent
        missing_service(f"Redis not reachable at {url}: {exc}")
    return url


@pytest.fixture
def postgres_required(settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        # The first CI run is SQLite on purpose; only the PostgreSQL run (REQUIRE_SERVICES=1) must not skip.
        missing_service(
            "this test needs DATABASE_URL pointing at PostgreSQL",
            required=os.environ.get("REQUIRE_SERVICES") == "1",
        )


@pytest.fixture(autouse=True)
def empty_local_cache():
    """Test databases reuse primary keys after a rollback; a cached first page of "wall 1 at seq 0"
    must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def interface_in_the_site_language():
    """Each test starts in the site's language. A request under /cy/ or /ar/ activates its language
    and nothing deactivates it in the test's thread (a server gives each request its own context),
    so a later `reverse` would write /cy/ and a page render in Welsh."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def home(db):
    """The default site's home page (the root page the migrations create), as its specific type.

    A transactional test empties every table when it ends, data migrations' rows included; a later
    transactional test then gets the same tree rebuilt: root page, home page, default site."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page.specific
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home_page = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home_page, is_default_site=True)
    return home_page
