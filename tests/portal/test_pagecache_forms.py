"""Pages with a form in the page cache: when a room scans the screen's QR code at once, the live
wall's participant page is rendered once for many phones (@briefly_cached), yet every phone gets a
CSRF token of its own, with its cookie, and posts with it; signed-in visitors and no-JS
contributors coming back with a message always get a fresh page."""

import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from livewall.models import Post
from portal import pagecache
from tests.livewall.factories import ModeratorFactory, WallFactory
from tests.livewall.pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(params=["locmem", "redis"])
def wall_page_cache_on(request, settings):
    caches = dict(settings.CACHES)
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        prefix = f"test-pages-{uuid.uuid4().hex}"
        caches["pages"] = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    else:
        caches["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "wall-pages"}
    settings.CACHES = caches
    settings.LIVEWALL_PAGE_CACHE_SECONDS = 30
    yield
    pagecache.page_cache().delete(pagecache.GENERATION_KEY)


def phone():
    return Client(enforce_csrf_checks=True)


def test_a_room_of_phones_gets_one_render_and_a_token_each(wall_page_cache_on):
    wall = WallFactory(moderation_mode="post")
    url = reverse("livewall:participant", args=[wall.slug])
    first, second = phone(), phone()
    made = first.get(url)
    with CaptureQueriesContext(connection) as queries:
        served = second.get(url)
    assert (made["X-Page-Cache"], served["X-Page-Cache"]) == ("miss", "hit")
    assert len(queries) == 0, [q["sql"] for q in queries]
    tokens = [TOKEN.search(response.content.decode()).group(1) for response in (made, served)]
    assert tokens[0] != tokens[1]
    assert tokens[1] not in made.content.decode() and tokens[0] not in served.content.decode()
    assert "csrftoken" in served.cookies  # the hit sets the phone's own cookie
    assert "private" in served["Cache-Control"] and "no-store" in served["Cache-Control"]
    # Both phones post with their own token and cookie.
    for browser, token in ((first, tokens[0]), (second, tokens[1])):
        response = browser.post(
            reverse("livewall:contribute", args=[wall.slug]),
            {"text": "Hello from the room", "csrfmiddlewaretoken": token},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 201, response.content
    assert Post.objects.filter(wall=wall).count() == 2
    # Another phone's token does not work with this phone's cookie.
    third = phone()
    third.get(url)
    refused = third.post(
        reverse("livewall:contribute", args=[wall.slug]), {"text": "x", "csrfmiddlewaretoken": "0" * 64}
    )
    assert refused.status_code == 403


def test_the_screen_and_text_view_are_kept_briefly_too(wall_page_cache_on):
    wall = WallFactory()
    for name in ("livewall:screen", "livewall:text"):
        url = reverse(name, args=[wall.slug])
        assert phone().get(url)["X-Page-Cache"] == "miss"
        assert phone().get(url)["X-Page-Cache"] == "hit"


def test_signed_in_and_returning_contributors_get_a_fresh_page(wall_page_cache_on):
    wall = WallFactory()
    url = reverse("livewall:participant", args=[wall.slug])
    phone().get(url)
    moderator = Client()
    moderator.force_login(ModeratorFactory())
    assert "X-Page-Cache" not in moderator.get(url)
    returning = phone()
    returning.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in returning.get(url)


def test_off_when_its_setting_is_zero(settings):
    settings.LIVEWALL_PAGE_CACHE_SECONDS = 0
    wall = WallFactory()
    url = reverse("livewall:participant", args=[wall.slug])
    phone().get(url)
    assert "X-Page-Cache" not in phone().get(url)
