"""The poll loop: isolation between sources, one transaction per poll, back-off, the command."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models.signals import post_save
from django.urls import reverse

from livewall.models import ModerationAction, Post, WallEvent, WallSource
from livewall.sources import poller
from tests.livewall.factories import WallFactory, WallSourceFactory

from .conftest import payload

TAG_PATH = "/api/v1/timelines/tag/findingourvoice"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
SHOWN = {  # the statuses of mastodon_tag_timeline.json that pass the default consent rules
    "https://social.westshire.example/users/amara/statuses/113500000000000004",
    "https://toot.example/users/zofia/statuses/99001",
}


def mastodon_source(wall, server, **fields):
    return WallSourceFactory(
        wall=wall, kind=WallSource.Kind.MASTODON, base_url=server.url_for("").rstrip("/"), **fields
    )


def serve_timeline(server):
    timeline = payload("mastodon_tag_timeline.json")
    server.expect_request(TAG_PATH).respond_with_data(timeline, content_type="application/json")


def fresh(source):
    return WallSource.objects.get(pk=source.pk)


def test_one_failing_source_does_not_stop_the_others(wall, httpserver):
    serve_timeline(httpserver)
    httpserver.expect_request("/broken.xml").respond_with_data("down for maintenance", status=503)
    broken = WallSourceFactory(wall=wall, kind=WallSource.Kind.RSS, base_url=httpserver.url_for("/broken.xml"))
    working = mastodon_source(wall, httpserver)

    outcomes = {outcome.source_id: outcome for outcome in poller.poll_due()}

    assert not outcomes[broken.pk].ok and outcomes[working.pk].ok
    assert set(Post.objects.filter(wall=wall).values_list("external_id", flat=True)) == SHOWN
    assert outcomes[working.pk].accepted == 2 and outcomes[working.pk].skipped == 2  # CW + not discoverable
    broken, working = fresh(broken), fresh(working)
    assert broken.last_error.startswith("Feed: HTTP 503") and broken.consecutive_failures == 1
    assert broken.last_success_at is None
    assert working.last_error == "" and working.last_success_at is not None
    assert working.posts_fetched == 2
    assert working.cursor["instances"][httpserver.url_for("").rstrip("/")] == {"min_id": "113500000000000004"}


def test_a_crash_inside_the_transaction_loses_and_duplicates_nothing(wall, httpserver):
    serve_timeline(httpserver)
    source = mastodon_source(wall, httpserver)
    saved = []

    def crash_on_second_post(sender, instance, created, **kwargs):
        if created:
            saved.append(instance.external_id)
            if len(saved) == 2:
                raise RuntimeError("simulated crash after the first post was saved")

    post_save.connect(crash_on_second_post, sender=Post)
    try:
        outcome = poller.poll_source(source)
    finally:
        post_save.disconnect(crash_on_second_post, sender=Post)

    assert not outcome.ok and "simulated crash" in outcome.error
    assert len(saved) == 2  # the crash happened mid-way, after a post was written ...
    assert Post.objects.filter(wall=wall).count() == 0  # ... and nothing of that poll survived
    assert WallEvent.objects.filter(wall=wall).count() == 0
    assert fresh(source).cursor == {}  # the same items will be fetched again

    assert poller.poll_source(fresh(source)).ok  # the restart
    assert set(Post.objects.filter(wall=wall).values_list("external_id", flat=True)) == SHOWN
    again = poller.poll_source(fresh(source))  # the server answers the same page again
    assert again.ok and again.accepted == 0
    assert Post.objects.filter(wall=wall).count() == 2
    assert WallEvent.objects.filter(wall=wall).count() == 2


def test_back_off_is_exponential_and_capped_computed_not_slept(wall, httpserver, settings):
    settings.LIVEWALL_MAX_BACKOFF_SECONDS = 400
    httpserver.expect_request("/feed.xml").respond_with_data("nope", status=500)
    source = WallSourceFactory(wall=wall, kind=WallSource.Kind.RSS, base_url=httpserver.url_for("/feed.xml"))
    source.interval_seconds = 60
    source.save()
    with time_machine.travel(NOW, tick=False):
        for failures, base_delay in [(1, 60), (2, 120), (3, 240), (4, 400), (5, 400)]:
            poller.poll_source(fresh(source))
            state = fresh(source)
            delay = (state.next_poll_at - NOW).total_seconds()
            assert state.consecutive_failures == failures
            assert base_delay <= delay <= base_delay * 1.1, (failures, delay)
    # Success resets the count and returns to the plain interval.
    httpserver.clear()
    httpserver.expect_request("/feed.xml").respond_with_data(payload("atom_blog.xml"))
    with time_machine.travel(NOW, tick=False):
        poller.poll_source(fresh(source))
    state = fresh(source)
    assert state.consecutive_failures == 0 and state.last_error == ""
    assert 60 <= (state.next_poll_at - NOW).total_seconds() <= 66


def test_429_waits_for_the_reset_time(wall, httpserver):
    reset = NOW + timedelta(minutes=15)
    httpserver.expect_request(TAG_PATH).respond_with_data(
        payload("mastodon_error_rate_limited.json"),
        status=429,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset.isoformat()},
    )
    source = mastodon_source(wall, httpserver)
    with time_machine.travel(NOW, tick=False):
        poller.poll_source(source)
    state = fresh(source)
    assert state.next_poll_at == reset + timedelta(seconds=1)
    assert "rate limited" in state.last_error


def test_retry_after_seconds_are_honoured(wall, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data("slow down", status=429, headers={"Retry-After": "120"})
    source = WallSourceFactory(wall=wall, kind=WallSource.Kind.RSS, base_url=httpserver.url_for("/feed.xml"))
    with time_machine.travel(NOW, tick=False):
        poller.poll_source(source)
    assert fresh(source).next_poll_at == NOW + timedelta(seconds=121)


def test_a_spent_budget_delays_the_next_successful_poll(wall, httpserver):
    reset = NOW + timedelta(minutes=5)
    httpserver.expect_request(TAG_PATH).respond_with_json(
        [], headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset.isoformat()}
    )
    source = mastodon_source(wall, httpserver)
    with time_machine.travel(NOW, tick=False):
        assert poller.poll_source(source).ok
    assert fresh(source).next_poll_at == reset


def test_only_due_enabled_sources_of_open_walls_are_polled(wall, httpserver):
    closed_wall = WallFactory(closes_at=NOW - timedelta(hours=1))
    due = WallSourceFactory(wall=wall)
    WallSourceFactory(wall=wall, enabled=False)
    WallSourceFactory(wall=closed_wall)
    later = WallSourceFactory(wall=wall)
    WallSource.objects.filter(pk=later.pk).update(next_poll_at=NOW + timedelta(minutes=1))
    with time_machine.travel(NOW, tick=False):
        assert [source.pk for source in poller.due_sources()] == [due.pk]
        assert poller.seconds_until_next_due() == 0.0


def test_a_wall_that_has_not_opened_is_not_polled_until_it_opens(wall, httpserver):
    serve_timeline(httpserver)
    early = WallFactory(opens_at=NOW + timedelta(hours=1))
    waiting = mastodon_source(early, httpserver)
    with time_machine.travel(NOW, tick=False):
        assert list(poller.due_sources()) == []
        assert poller.poll_due() == []
    assert httpserver.log == [] and not Post.objects.filter(wall=early).exists()
    assert fresh(waiting).cursor == {} and fresh(waiting).last_success_at is None

    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert [outcome.source_id for outcome in poller.poll_due()] == [waiting.pk]
    assert Post.objects.filter(wall=early).count() == 2


def test_a_status_deleted_at_the_source_leaves_the_wall(wall, httpserver):
    serve_timeline(httpserver)
    source = mastodon_source(wall, httpserver)
    poller.poll_source(source)
    amara = Post.objects.get(external_id="https://social.westshire.example/users/amara/statuses/113500000000000004")
    assert amara.status == Post.Status.APPROVED
    httpserver.clear()
    httpserver.expect_request(TAG_PATH).respond_with_json([])
    # GET /api/v1/statuses?id[]=... answers with the statuses that still exist: all but Amara's.
    still_there = ["113499999999999000", "113500000000000002", "113500000000000001"]
    httpserver.expect_request("/api/v1/statuses").respond_with_json([{"id": status_id} for status_id in still_there])
    outcome = poller.poll_source(fresh(source))
    assert outcome.removed == 1
    amara.refresh_from_db()
    assert amara.status == Post.Status.HIDDEN
    assert ModerationAction.objects.filter(post=amara, action=ModerationAction.Action.DELETE_AT_SOURCE).count() == 1
    assert WallEvent.objects.filter(post=amara, kind=WallEvent.Kind.REMOVED).count() == 1


def test_a_local_mastodon_server_feeds_the_wall_through_the_command(
    wall, httpserver, client, django_capture_on_commit_callbacks
):
    """Done-when: point a wall's Mastodon source at a local server; its posts appear on the wall."""
    serve_timeline(httpserver)
    mastodon_source(wall, httpserver)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("livewall_poll", "--once", stdout=out)
    assert "2 new, 2 skipped" in out.getvalue()
    assert "Polled 1 source(s), 0 failed." in out.getvalue()

    response = client.get(reverse("livewall_api:api_posts", args=[wall.slug]))
    assert response.status_code == 200
    texts = [post["text"] for post in response.json()["posts"]]
    assert any(text.startswith("Café opens at 9 ☕") for text in texts)
    assert "Cześć wszystkim! Zażółć gęślą jaźń 🇵🇱 #FindingOurVoice" in texts
    assert len(texts) == 2


def test_pre_moderated_walls_queue_polled_posts(db, httpserver):
    wall = WallFactory(moderation_mode="pre")
    serve_timeline(httpserver)
    mastodon_source(wall, httpserver)
    call_command("livewall_poll", "--once", stdout=StringIO())
    assert set(Post.objects.filter(wall=wall).values_list("status", flat=True)) == {Post.Status.PENDING}
    assert not WallEvent.objects.filter(wall=wall).exists()


@pytest.mark.parametrize("kind", ["x", "bluesky"])
def test_missing_credentials_are_shown_as_the_sources_error(wall, httpserver, kind):
    httpserver.expect_request("/xrpc/app.bsky.feed.searchPosts").respond_with_data(
        payload("bluesky_error_forbidden.json"), status=403
    )
    source = WallSourceFactory(wall=wall, kind=kind, base_url=httpserver.url_for("").rstrip("/"))
    poller.poll_source(source)
    error = fresh(source).last_error
    assert ("LIVEWALL_X_BEARER_TOKEN" if kind == "x" else "LIVEWALL_BLUESKY_APP_PASSWORD") in error
