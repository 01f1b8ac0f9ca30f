"""The Wagtail admin for wall sources: status columns, a form without secrets, "poll now"."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from livewall.models import Post, WallSource
from livewall.sources import poller
from livewall.sources.admin import FORM_FIELDS, WallSourceViewSet
from tests.livewall.factories import SuperuserFactory, UserFactory, WallFactory, WallSourceFactory

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


def test_poll_now_queues_the_source_for_the_poller_and_answers_at_once(admin_client, wall, httpserver):
    httpserver.expect_request(TAG_PATH).respond_with_data(payload("mastodon_tag_timeline.json"))
    source = WallSourceFactory(wall=wall, kind=WallSource.Kind.MASTODON, base_url=httpserver.url_for("").rstrip("/"))
    WallSource.objects.filter(pk=source.pk).update(next_poll_at=timezone.now() + timedelta(hours=1))
    assert poller.poll_due() == []  # not due: the poller leaves it alone
    url = reverse(f"{URLS}:poll", args=[source.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "Poll now" in page.content.decode()

    response = admin_client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse(f"{URLS}:index")
    assert httpserver.log == [] and not Post.objects.exists()  # the request made no HTTP call
    listing = admin_client.get(response["Location"]).content.decode()
    assert "Poll requested at" in listing  # the message
    assert "Poll due since" in listing  # the source's status until the poller gets to it
    assert WallSource.objects.get(pk=source.pk).next_poll_at <= timezone.now()

    outcomes = poller.poll_due()  # the poller's next pass
    assert [outcome.source_id for outcome in outcomes] == [source.pk] and outcomes[0].ok
    assert len(httpserver.log) == 1 and Post.objects.filter(wall=wall).count() == 2
    source.refresh_from_db()
    assert source.last_success_at is not None and source.posts_fetched == 2
    listing = admin_client.get(reverse(f"{URLS}:index")).content.decode()
    assert "Poll due since" not in listing and "Next poll at" in listing


def test_a_failed_poll_now_shows_its_error_on_the_listing(admin_client, wall, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data("nope", status=500)
    source = WallSourceFactory(wall=wall, base_url=httpserver.url_for("/feed.xml"))
    admin_client.post(reverse(f"{URLS}:poll", args=[source.pk]))
    assert httpserver.log == []
    poller.poll_due()
    assert "Feed: HTTP 500" in admin_client.get(reverse(f"{URLS}:index")).content.decode()


@pytest.mark.parametrize(
    ("wall_fields", "source_fields", "reason"),
    [
        ({"opens_at": timedelta(hours=2)}, {}, "opens at"),
        ({"closes_at": -timedelta(hours=2)}, {}, "closed at"),
        ({}, {"enabled": False}, "disabled"),
    ],
)
def test_poll_now_says_why_a_source_the_poller_skips_is_not_queued(
    admin_client, httpserver, wall_fields, source_fields, reason
):
    wall = WallFactory(**{name: timezone.now() + delta for name, delta in wall_fields.items()})
    source = WallSourceFactory(wall=wall, base_url=httpserver.url_for("/feed.xml"), **source_fields)
    response = admin_client.post(reverse(f"{URLS}:poll", args=[source.pk]), follow=True)
    assert reason in response.content.decode()
    assert "Poll requested at" not in response.content.decode()
    assert WallSource.objects.get(pk=source.pk).next_poll_at is None
    assert poller.poll_due() == [] and httpserver.log == []


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
