"""One Mastodon source, several instances: an instance that fails (500, 429, no answer) is recorded
and skipped while the others' posts and cursors go on, against real loopback servers."""

import json
import time
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from werkzeug import Response

from livewall.models import Post, WallSource
from livewall.sources import base, poller
from livewall.sources.mastodon import MastodonSource
from tests.livewall.factories import WallSourceFactory

from .conftest import payload

TAG_PATH = "/api/v1/timelines/tag/findingourvoice"
NEWEST_ID = "113500000000000004"  # the newest status of mastodon_tag_timeline.json
OLD_MIN_ID = "113400000000000000"
RESET = "2026-11-25T10:10:00.000Z"


def root(server):
    return server.url_for("").rstrip("/")


def host(server):
    return urlsplit(root(server)).netloc


def two_instance_source(wall, good, bad):
    return WallSourceFactory(
        wall=wall, kind=WallSource.Kind.MASTODON, base_url=root(good), options={"instances": [root(bad)]}
    )


def serve_timeline(server):
    server.expect_request(TAG_PATH).respond_with_data(
        payload("mastodon_tag_timeline.json"), content_type="application/json"
    )


def fail(server, how):
    if how == "500":
        server.expect_request(TAG_PATH).respond_with_data("<h1>We're sorry, but something went wrong.</h1>", status=500)
    elif how == "429":
        server.expect_request(TAG_PATH).respond_with_data(
            payload("mastodon_error_rate_limited.json"),
            status=429,
            headers={"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": RESET},
        )
    else:

        def slow(_request):
            time.sleep(1)
            return Response(json.dumps([]), content_type="application/json")

        server.expect_request(TAG_PATH).respond_with_handler(slow)


EXPECTED_ERROR = {"500": "HTTP 500", "429": "rate limited (HTTP 429)", "timeout": "no answer within 0.3 s"}


@pytest.fixture
def short_timeout(settings):
    settings.LIVEWALL_HTTP_TIMEOUT = 0.3


@pytest.mark.parametrize("how", ["500", "429", "timeout"])
def test_a_failing_instance_does_not_stop_the_others(wall, httpserver, second_server, short_timeout, how):
    serve_timeline(httpserver)
    fail(second_server, how)
    config = two_instance_source(wall, httpserver, second_server)
    cursor = {"instances": {root(second_server): {"min_id": OLD_MIN_ID}}}

    result = MastodonSource(config).run(cursor)

    assert len(result.posts) == 4  # the good instance's statuses all came through
    states = result.new_cursor["instances"]
    assert states[root(httpserver)] == {"min_id": NEWEST_ID}
    failed = states[root(second_server)]
    assert failed["min_id"] == OLD_MIN_ID  # fetched again from there once it answers
    assert EXPECTED_ERROR[how] in failed["error"]
    assert host(second_server) in result.partial_error and EXPECTED_ERROR[how] in result.partial_error
    assert host(httpserver) not in result.partial_error


def test_a_rate_limited_instance_is_left_alone_until_its_reset_and_then_recovers(
    wall, httpserver, second_server, short_timeout
):
    serve_timeline(httpserver)
    fail(second_server, "429")
    config = two_instance_source(wall, httpserver, second_server)
    first = MastodonSource(config).run({})
    assert first.new_cursor["instances"][root(second_server)]["retry_at"] == "2026-11-25T10:10:00+00:00"
    assert first.retry_after is None  # the good instance is polled on the source's interval

    asked = len(second_server.log)
    still_waiting = dict(first.new_cursor)
    still_waiting["instances"][root(second_server)]["retry_at"] = (
        timezone.now() + timezone.timedelta(hours=1)
    ).isoformat()
    second = MastodonSource(config).run(still_waiting)
    assert len(second_server.log) == asked  # not asked again before its reset
    assert "rate limited" in second.partial_error

    second_server.clear()
    serve_timeline(second_server)
    reset_passed = dict(second.new_cursor)
    reset_passed["instances"][root(second_server)]["retry_at"] = (
        timezone.now() - timezone.timedelta(seconds=1)
    ).isoformat()
    recovered = MastodonSource(config).run(reset_passed)
    assert recovered.new_cursor["instances"][root(second_server)] == {"min_id": NEWEST_ID}
    assert recovered.partial_error == ""


def test_when_every_instance_fails_the_poll_fails_naming_each(wall, httpserver, second_server, short_timeout):
    fail(httpserver, "500")
    fail(second_server, "timeout")
    config = two_instance_source(wall, httpserver, second_server)
    with pytest.raises(base.SourceError) as caught:
        MastodonSource(config).run({})
    message = str(caught.value)
    assert host(httpserver) in message and "HTTP 500" in message
    assert host(second_server) in message and "no answer within" in message


def test_the_admin_sees_the_failing_instance_while_the_others_posts_arrive(wall, httpserver, second_server):
    serve_timeline(httpserver)
    fail(second_server, "500")
    config = two_instance_source(wall, httpserver, second_server)

    outcome = poller.poll_source(config)

    assert outcome.ok and outcome.accepted == 2  # the two statuses that pass the consent rules
    assert Post.objects.filter(wall=wall).count() == 2
    config.refresh_from_db()
    assert config.consecutive_failures == 0 and config.last_success_at is not None
    assert host(second_server) in config.last_error and "HTTP 500" in config.last_error
    assert config.last_error_at is not None
    assert config.cursor["instances"][root(httpserver)] == {"min_id": NEWEST_ID}
