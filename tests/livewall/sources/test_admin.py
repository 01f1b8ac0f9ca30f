"""The Wagtail admin for wall sources: status columns, a form without secrets, "poll now"."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from livewall.models import Post, WallSource
from livewall.sources.admin import FORM_FIELDS, WallSourceViewSet
from tests.livewall.factories import SuperuserFactory, UserFactory, WallSourceFactory

from .conftest import payload

TAG_PATH = "/api/v1/timelines/tag/findingourvoice"
URLS = WallSourceViewSet().url_namespace


@pytest.fixture
def admin_client(client, db):
    client.force_login(SuperuserFactory())
    return client


def test_the_form_has_no_credentials_and_no_poller_state():
    form_class = WallSourceViewSet().get_form_class()
    assert set(form_class.base_fields) == set(FORM_FIELDS)
    for field in ("cursor", "last_error", "posts_fetched", "next_poll_at", "consecutive_failures"):
        assert field not in form_class.base_fields
    assert not any("token" in name or "password" in name for name in form_class.base_fields)


def test_the_listing_shows_each_sources_status(admin_client, wall):
    source = WallSourceFactory(wall=wall, kind=WallSource.Kind.BLUESKY)
    WallSource.objects.filter(pk=source.pk).update(
        last_error="Bluesky search: HTTP 403 AuthenticationRequired - set LIVEWALL_BLUESKY_APP_PASSWORD",
        consecutive_failures=3,
        posts_fetched=17,
    )
    response = admin_client.get(reverse(f"{URLS}:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Last success", "Last error", "Posts fetched", "Next poll", "HTTP 403", "(3 in a row)", "17"):
        assert text in html
    assert reverse(f"{URLS}:poll", args=[source.pk]) in html


def test_creating_a_source_through_the_admin(admin_client, wall):
    response = admin_client.post(
        reverse(f"{URLS}:add"),
        {
            "wall": wall.pk,
            "kind": "mastodon",
            "query": "#FindingOurVoice",
            "base_url": "https://mastodon.example",
            "interval_seconds": 90,
            "enabled": "on",
            "options": '{"instances": ["https://toot.example"]}',
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source = WallSource.objects.get(wall=wall)
    assert source.options == {"instances": ["https://toot.example"]} and source.cursor == {}


def test_poll_now_polls_the_source_and_reports(admin_client, wall, httpserver):
    httpserver.expect_request(TAG_PATH).respond_with_data(payload("mastodon_tag_timeline.json"))
    source = WallSourceFactory(wall=wall, kind=WallSource.Kind.MASTODON, base_url=httpserver.url_for("").rstrip("/"))
    url = reverse(f"{URLS}:poll", args=[source.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "Poll now" in page.content.decode()
    assert Post.objects.count() == 0  # a GET changes nothing

    response = admin_client.post(url, follow=True)
    assert "2 new, 2 skipped" in response.content.decode()
    assert Post.objects.filter(wall=wall).count() == 2
    assert WallSource.objects.get(pk=source.pk).last_success_at is not None


def test_poll_now_reports_a_failure(admin_client, wall, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data("nope", status=500)
    source = WallSourceFactory(wall=wall, base_url=httpserver.url_for("/feed.xml"))
    response = admin_client.post(reverse(f"{URLS}:poll", args=[source.pk]), follow=True)
    assert "failed (Feed: HTTP 500" in response.content.decode()


def test_poll_now_needs_the_change_permission(client, wall):
    source = WallSourceFactory(wall=wall)
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = reverse(f"{URLS}:poll", args=[source.pk])
    assert client.post(url).status_code in (302, 403)
    assert WallSource.objects.get(pk=source.pk).last_success_at is None
    assert client.get(reverse(f"{URLS}:index")).status_code in (302, 403)

    user.user_permissions.add(Permission.objects.get(codename="change_wallsource"))
    assert client.get(url).status_code == 200


def test_the_error_summary_counts_failures_only_when_the_poll_failed():
    from livewall.models import WallSource
    from livewall.sources.admin import last_error_summary

    partial = WallSource(last_error="mastodon.example: HTTP 500", consecutive_failures=0)
    failing = WallSource(last_error="HTTP 500", consecutive_failures=3)
    assert last_error_summary(partial) == "mastodon.example: HTTP 500"
    assert last_error_summary(failing) == "HTTP 500 (3 in a row)"
    assert last_error_summary(WallSource()) == ""
