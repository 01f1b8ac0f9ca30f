"""The live wall in Welsh and Arabic (docs/languages.md): its pages under /cy/ and /ar/ with the
interface, the form and its answers in the visitor's language, links that keep the prefix, the API
and sockets at one unprefixed address, the JavaScript catalog per language, and a page cache that
never serves one language's page to another's visitor."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from livewall.models import Post
from livewall.stream.render import post_html
from livewall.stream.serializers import post_payload
from portal import pagecache
from tests.livewall.factories import ModeratorFactory, WallFactory
from tests.livewall.pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]

WELSH_FORM_LABEL = "Eich neges"
ARABIC_FORM_LABEL = "رسالتك"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def wall():
    return WallFactory(moderation_mode="post", title="Town meeting")


def in_catalog(text, response):
    """Whether the JavaScript catalog holds `text` (written there as JSON, non-ASCII escaped)."""
    return json.dumps(text)[1:-1] in response.content.decode()


def html_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


def test_the_participant_page_speaks_welsh_under_cy_and_keeps_the_prefix(client, wall):
    response = client.get(f"/cy/walls/{wall.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="cy"' in html_tag(html) and 'dir="ltr"' in html_tag(html)
    assert WELSH_FORM_LABEL in html and "Postio i’r wal" in html and "Cwestiynau i’r panel" in html
    assert "Your message" not in html and "Post to the wall" not in html
    # Links and the form stay in Welsh; the machine addresses the scripts use stay unprefixed.
    assert f'action="/cy/walls/{wall.slug}/post/"' in html
    assert f'href="/cy/walls/{wall.slug}/screen/"' in html and f'href="/cy/walls/{wall.slug}/text/"' in html
    assert f'data-vote-url="/cy/walls/{wall.slug}/questions/0/vote/"' in html
    assert f'data-api-url="/api/walls/{wall.slug}/posts/"' in html
    assert f'data-ws-path="/ws/walls/{wall.slug}/"' in html
    assert '<script src="/cy/jsi18n/"></script>' in html


def test_english_keeps_its_addresses(client, wall):
    html = client.get(f"/walls/{wall.slug}/").content.decode()
    assert 'lang="en"' in html_tag(html)
    assert "Your message" in html and WELSH_FORM_LABEL not in html
    assert f'action="/walls/{wall.slug}/post/"' in html
    assert '<script src="/jsi18n/"></script>' in html


@pytest.mark.parametrize("view", ["", "screen/", "text/"])
def test_the_wall_views_are_right_to_left_under_ar(client, wall, view):
    response = client.get(f"/ar/walls/{wall.slug}/{view}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar"' in html_tag(html) and 'dir="rtl"' in html_tag(html)
    assert '<script src="/ar/jsi18n/"></script>' in html


def test_the_arabic_screen_sends_the_room_to_the_arabic_participant_page(client, wall):
    wall.show_qr_code = True
    wall.save()
    html = client.get(f"/ar/walls/{wall.slug}/screen/").content.decode()
    assert "ملء الشاشة" in html  # Full screen
    assert f"testserver/ar/walls/{wall.slug}</span>" in html  # the address printed under the QR code


def test_a_contribution_from_cy_is_answered_in_welsh(wall):
    browser = Client()
    browser.get(f"/cy/walls/{wall.slug}/")
    response = browser.post(f"/cy/walls/{wall.slug}/post/", {"text": "Helo o’r ystafell"})
    assert response.status_code == 303
    assert response["Location"] == f"/cy/walls/{wall.slug}/#contribute"
    page = browser.get(response["Location"]).content.decode()
    assert "Diolch, mae eich neges ar y wal." in page
    status_link = re.search(r'<a href="([^"]+)" data-status-link>', page).group(1)
    assert status_link.startswith(f"/cy/walls/{wall.slug}/mine/")
    status_page = browser.get(status_link).content.decode()
    assert "Yn cael ei dangos ar y wal" in status_page  # "Shown on the wall"


def test_the_script_gets_welsh_and_arabic_answers_and_errors(client, wall):
    welsh = client.post(f"/cy/walls/{wall.slug}/post/", {"text": "Helo"}, HTTP_ACCEPT="application/json")
    assert welsh.status_code == 201
    assert welsh.json()["message"] == "Diolch, mae eich neges ar y wal."
    arabic = client.post(f"/ar/walls/{wall.slug}/post/", {"text": ""}, HTTP_ACCEPT="application/json")
    assert arabic.status_code == 400
    assert arabic.json()["message"] == "يُرجى تصحيح الأخطاء أدناه."
    assert arabic.json()["errors"]["text"][0]["message"] == "يُرجى كتابة رسالة قبل النشر."


def test_a_closed_wall_refuses_in_the_visitors_language(client):
    closed = WallFactory(closes_at=timezone.now() - timedelta(hours=1))
    response = client.post(f"/cy/walls/{closed.slug}/post/", {"text": "Helo"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json()["message"] == "Nid yw’r wal hon yn derbyn cyfraniadau ar hyn o bryd."


def test_the_javascript_catalog_answers_in_each_language(client):
    welsh = client.get("/cy/jsi18n/")
    arabic = client.get("/ar/jsi18n/")
    english = client.get("/jsi18n/")
    assert welsh.status_code == arabic.status_code == english.status_code == 200
    assert welsh["Content-Type"].startswith("text/javascript")
    assert in_catalog("Yn ailgysylltu…", welsh)  # "Reconnecting…"
    assert in_catalog("جارٍ إعادة الاتصال…", arabic)
    assert "n%100>=11" in arabic.content.decode()  # Arabic's six plural forms, from the catalog's header
    assert not in_catalog("Yn ailgysylltu…", english) and not in_catalog("جارٍ إعادة الاتصال…", english)


def test_a_post_fragment_is_the_same_for_every_viewer_whatever_language_published_it(wall):
    # One fragment per post goes to every socket of the wall: a post published from /cy/ must not
    # put Welsh labels on English screens.
    post = Post.objects.create(wall=wall, text="Hi", status=Post.Status.APPROVED, attending=Post.Attending.IN_ROOM)
    english = post_html(post_payload(post), False)
    with translation.override("cy"):
        assert post_html(post_payload(post), False) == english
    assert "In the room" in english


@pytest.fixture
def page_cache_on(settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "wall-language-pages"},
    }
    settings.LIVEWALL_PAGE_CACHE_SECONDS = 30
    yield
    pagecache.page_cache().delete(pagecache.GENERATION_KEY)


@pytest.mark.parametrize("view", ["", "screen/", "text/"])
def test_the_page_cache_never_serves_a_page_in_another_language(page_cache_on, wall, view):
    welsh = Client().get(f"/cy/walls/{wall.slug}/{view}")
    english = Client().get(f"/walls/{wall.slug}/{view}")
    arabic = Client().get(f"/ar/walls/{wall.slug}/{view}")
    english_again = Client().get(f"/walls/{wall.slug}/{view}")
    # Each language's page was made and kept once; a visitor only ever gets their own language's.
    assert [r["X-Page-Cache"] for r in (welsh, english, arabic, english_again)] == ["miss", "miss", "miss", "hit"]
    assert 'lang="cy"' in html_tag(welsh.content.decode())
    assert 'lang="ar"' in html_tag(arabic.content.decode())
    for response in (english, english_again):
        assert 'lang="en"' in html_tag(response.content.decode())


def test_the_javascript_catalog_is_cached_per_language(page_cache_on):
    Client().get("/cy/jsi18n/")
    english = Client().get("/jsi18n/")
    welsh_again = Client().get("/cy/jsi18n/")
    assert (english["X-Page-Cache"], welsh_again["X-Page-Cache"]) == ("miss", "hit")
    assert not in_catalog("Yn ailgysylltu…", english)
    assert in_catalog("Yn ailgysylltu…", welsh_again)


def test_a_moderator_who_reads_welsh_gets_the_control_room_and_queue_in_welsh(client, wall):
    moderator = ModeratorFactory()
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "cy"
    profile.save()
    client.force_login(moderator)
    room = client.get(reverse("livewall_control:room", args=[wall.slug]))
    assert "Botwm diffodd" in room.content.decode()  # "Kill switch"
    response = client.post(reverse("livewall_control:kill_switch", args=[wall.slug]), {"blanked": "1"}, follow=True)
    assert "Mae pob sgrin bellach yn dangos y sleid aros." in response.content.decode()
    queue = client.get(reverse("livewall_moderation:queue", args=[wall.slug])).content.decode()
    assert "Cymeradwyo’r rhai a ddewiswyd" in queue  # "Approve selected"
    # The queue's script gets its words from the catalog in the moderator's language.
    assert '<script src="/cy/jsi18n/"></script>' in queue
    assert in_catalog("Neges newydd gan %(author)s", client.get("/cy/jsi18n/"))


def test_the_language_switcher_on_a_wall_page_leads_to_the_same_wall(client, wall):
    html = client.get(f"/cy/walls/{wall.slug}/").content.decode()
    links = dict(re.findall(r'<a href="([^"]*)" lang="(\w+)" hreflang', html))
    assert {code: href for href, code in links.items()} == {
        "en": f"/walls/{wall.slug}/",
        "cy": f"/cy/walls/{wall.slug}/",
        "ar": f"/ar/walls/{wall.slug}/",
    }
