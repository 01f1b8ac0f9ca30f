"""The privacy review: sockets only to the site's own host, no identifying cookie before someone
posts, no shared caching of pages that carry a CSRF token, and a privacy notice linked from the
contribution form and every page's footer."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from home.models import PortalSettings
from livewall.models import Post
from portal.public_input import browser as browser_id
from tests.livewall.factories import WallFactory
from tests.livewall.pages_support import unique_rate_limits  # noqa: F401 - fixture

from .test_headers import parse_csp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]

JSON = {"HTTP_ACCEPT": "application/json"}


def participant_url(wall):
    return reverse("livewall:participant", args=[wall.slug])


def contribute_url(wall):
    return reverse("livewall:contribute", args=[wall.slug])


def cache_control(response):
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").lower().split(",") if part.strip()}


class TestSocketOrigin:
    def test_a_page_may_open_sockets_to_its_own_host_only(self, client):
        wall = WallFactory()
        plain = parse_csp(client.get(participant_url(wall))["Content-Security-Policy"])
        # Over plain HTTP the page's own host, either scheme (TLS may end at a proxy that does not say so).
        assert set(plain["connect-src"]) == {"'self'", "ws://testserver", "wss://testserver"}
        secure = parse_csp(client.get(participant_url(wall), secure=True)["Content-Security-Policy"])
        assert set(secure["connect-src"]) == {"'self'", "wss://testserver"}

    def test_the_origin_follows_the_host_asked_for(self, client):
        wall = WallFactory()
        response = client.get(participant_url(wall), HTTP_HOST="localhost", secure=True)
        assert parse_csp(response["Content-Security-Policy"])["connect-src"] == ["'self'", "wss://localhost"]

    def test_the_moderators_admin_socket_is_limited_the_same_way(self, client):
        response = client.get("/admin/login/", secure=True)
        assert parse_csp(response["Content-Security-Policy"])["connect-src"] == ["'self'", "wss://testserver"]

    def test_no_policy_allows_any_websocket_host(self, client):
        wall = WallFactory()
        for url in (participant_url(wall), "/robots.txt", "/admin/login/"):
            sources = parse_csp(client.get(url)["Content-Security-Policy"])["connect-src"]
            assert "ws:" not in sources and "wss:" not in sources, url


class TestNoCookieBeforePosting:
    def test_looking_at_a_wall_sets_no_participant_cookie(self):
        wall = WallFactory()
        browser = Client()
        for url in (participant_url(wall), contribute_url(wall), reverse("livewall:screen", args=[wall.slug])):
            response = browser.get(url)
            assert response.status_code == 200
            assert browser_id.PARTICIPANT_COOKIE not in response.cookies, url
        assert browser_id.PARTICIPANT_COOKIE not in browser.cookies

    def test_the_first_contribution_sets_it(self):
        wall = WallFactory()
        browser = Client()
        response = browser.post(contribute_url(wall), {"text": "My first post"}, **JSON)
        assert response.status_code == 201
        cookie = response.cookies[browser_id.PARTICIPANT_COOKIE]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"

    def test_a_browser_that_never_opened_the_page_is_still_limited_per_browser(self):
        wall = WallFactory()
        browser = Client()
        statuses = [browser.post(contribute_url(wall), {"text": f"post {i}"}, **JSON).status_code for i in range(6)]
        assert statuses == [201] * 5 + [429]
        neighbour = Client()  # the same address: another phone at the venue
        assert neighbour.post(contribute_url(wall), {"text": "from the next seat"}, **JSON).status_code == 201
        assert Post.objects.count() == 6


class TestCacheControl:
    def test_pages_with_a_csrf_token_are_private_and_not_stored(self, client):
        wall = WallFactory()
        for url in (participant_url(wall), contribute_url(wall), "/admin/login/"):
            response = client.get(url)
            assert 'name="csrfmiddlewaretoken"' in response.content.decode(), url
            assert {"private", "no-store"} <= cache_control(response), url

    def test_a_refusal_page_with_the_form_again_is_private_too(self, client):
        wall = WallFactory()
        response = client.post(contribute_url(wall), {"text": ""})
        assert response.status_code == 400 and 'name="csrfmiddlewaretoken"' in response.content.decode()
        assert {"private", "no-store"} <= cache_control(response)

    def test_pages_without_a_form_stay_cacheable(self, client, home, settings):
        wall = WallFactory()
        settings.PAGE_CACHE_SECONDS = 60
        client.get("/")  # the site's first request creates its settings rows (a content change)
        screen = client.get(reverse("livewall:screen", args=[wall.slug]))
        assert not {"private", "no-store"} & cache_control(screen)
        first, second = client.get("/"), client.get("/")
        assert not {"private", "no-store"} & cache_control(first)
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
        assert not {"private", "no-store"} & cache_control(client.get("/privacy/"))


class TestPrivacyNotice:
    def test_the_notice_says_what_is_collected_why_how_long_and_who_to_ask(self, client, home):
        site = Site.objects.get(is_default_site=True)
        PortalSettings.objects.update_or_create(
            site=site, defaults={"organisation_name": "Westshire Portal", "contact_email": "data@westshire.example"}
        )
        response = client.get("/privacy/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Privacy notice</h1>" in html
        assert "Westshire Portal" in html
        assert 'href="mailto:data@westshire.example"' in html
        days = browser_id.COOKIE_MAX_AGE // (24 * 60 * 60)
        assert browser_id.PARTICIPANT_COOKIE in html and f"expires after {days} days" in html
        assert "only when you post" in html
        assert "Location data" in html  # photos lose their GPS tags

    def test_editors_write_their_own_notice_and_contact(self, client, home):
        from home.models import PrivacyNotice

        site = Site.objects.get(is_default_site=True)
        PrivacyNotice.objects.update_or_create(
            site=site,
            defaults={
                "body": "<p>Our data protection officer answers within a month.</p>",
                "contact_email": "dpo@westshire.example",
            },
        )
        html = client.get("/privacy/").content.decode()
        assert "Our data protection officer answers within a month." in html
        assert 'href="mailto:dpo@westshire.example"' in html

    def test_editors_find_it_under_settings(self, client, home):
        editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "a long secret pass")
        client.force_login(editor)
        site = Site.objects.get(is_default_site=True)
        response = client.get(f"/admin/settings/home/privacynotice/{site.pk}/")
        assert response.status_code == 200

    def test_linked_from_every_page_footer_and_the_contribution_form(self, client, home):
        wall = WallFactory()
        footer = client.get("/").content.decode().split('<footer class="site-footer">', 1)[1]
        assert 'href="/privacy/"' in footer
        for url in (participant_url(wall), contribute_url(wall)):
            form = client.get(url).content.decode().split("<form", 2)[-1].split("</form>", 1)[0]
            assert 'href="/privacy/"' in form, url
