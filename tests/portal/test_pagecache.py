"""The anonymous page cache (portal/pagecache): hits, bypasses, and emptied on publish."""

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import StandardPage
from portal import pagecache

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(300)]

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages-under-test"}


@pytest.fixture(params=["locmem", "redis"])
def page_cache_on(request, settings):
    caches = dict(settings.CACHES)
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        # A prefix of its own: this run never reads pages cached by another run on the same Redis.
        prefix = f"test-pages-{uuid.uuid4().hex}"
        caches["pages"] = {"BACKEND": REDIS_CACHE, "LOCATION": url, "KEY_PREFIX": prefix}
    else:
        caches["pages"] = LOCMEM
    settings.CACHES = caches
    settings.PAGE_CACHE_SECONDS = 60
    yield
    pagecache.page_cache().delete(pagecache.GENERATION_KEY)


@pytest.fixture
def page():
    home = Site.objects.get(is_default_site=True).root_page.specific
    page = home.add_child(instance=StandardPage(title="Opening hours", slug="opening-hours", introduction="Mon to Fri"))
    page.save_revision().publish()
    # The very first request creates the site's settings rows (a content change); done before the cache is on.
    Client().get(page.url)
    return page


def publish_introduction(page, text):
    page = StandardPage.objects.get(pk=page.pk)
    page.introduction = text
    page.save_revision().publish()


def test_second_anonymous_visit_is_served_from_the_cache(client, page, page_cache_on):
    first = client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(page.url)

    assert first.status_code == second.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0


def test_publishing_empties_the_cache(client, page, page_cache_on):
    assert b"Mon to Fri" in client.get(page.url).content
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    publish_introduction(page, "Mon to Sat")

    fresh = client.get(page.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert b"Mon to Sat" in fresh.content and b"Mon to Fri" not in fresh.content


def test_a_new_page_appears_in_cached_listings(client, page, page_cache_on):
    home_url = Site.objects.get(is_default_site=True).root_page.url
    client.get(home_url)
    assert client.get(home_url)["X-Page-Cache"] == "hit"

    page.get_parent().add_child(instance=StandardPage(title="Another page", slug="another"))

    assert client.get(home_url)["X-Page-Cache"] == "miss"


def test_signed_in_visitors_always_get_a_fresh_page(client, page, page_cache_on, django_user_model):
    client.get(page.url)
    user = django_user_model.objects.create_user("editor", password="a long enough password")
    client.force_login(user)

    response = client.get(page.url)

    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_only_wagtail_pages_are_cached(client, page, page_cache_on):
    client.get("/robots.txt")
    assert "X-Page-Cache" not in client.get("/robots.txt")
    client.get("/no-such-page/")
    assert "X-Page-Cache" not in client.get("/no-such-page/")
    assert "X-Page-Cache" not in client.head(page.url)


def test_off_when_page_cache_seconds_is_zero(client, settings, page):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(page.url)
    assert "X-Page-Cache" not in client.get(page.url)


def test_pages_still_served_when_the_cache_is_down(client, settings, page):
    caches = dict(settings.CACHES)
    caches["pages"] = {"BACKEND": REDIS_CACHE, "LOCATION": "redis://127.0.0.1:1/0"}
    settings.CACHES = caches
    settings.PAGE_CACHE_SECONDS = 60

    response = client.get(page.url)

    assert response.status_code == 200
    assert b"Mon to Fri" in response.content
    publish_introduction(page, "Still publishable")  # invalidation failing must not break a publish
