"""Mastodon deletions: every status shown in the last two hours is re-checked within two minutes,
in batches of GET /api/v1/statuses?id[]= (Mastodon 4.3+), status by status where that endpoint
is missing. A real loopback server plays the instance; the real poller applies what is found."""

import copy
import json
import math
import re
from urllib.parse import parse_qs

import pytest
from django.utils import timezone
from werkzeug import Response

from livewall.models import Post, WallSource
from livewall.sources import mastodon_deletions, poller
from livewall.sources.mastodon import MastodonSource
from tests.livewall.factories import WallSourceFactory

from .conftest import payload, payload_json

TAG_PATH = "/api/v1/timelines/tag/findingourvoice"
BATCH_PATH = "/api/v1/statuses"
ONE_STATUS = re.compile(r"^/api/v1/statuses/(\d+)$")
FIRST_ID = 113700000000000000
TWO_MINUTES = 120


class Instance:
    """A Mastodon instance's tag timeline, batch lookup and single-status lookup, over statuses
    built from the documented Status example: `publish()` posts new ones, `delete()` removes some."""

    def __init__(self, server, batch_supported=True):
        self.template = payload_json("mastodon_statuses_batch.json")[0]  # the API docs' sample status
        self.statuses = {}
        self.published = 0
        self.batch_supported = batch_supported
        self.batch_requests = []  # the ids asked for, one list per request
        self.single_requests = []
        self.base = server.url_for("").rstrip("/")
        server.expect_request(TAG_PATH).respond_with_handler(self.timeline)
        server.expect_request(BATCH_PATH).respond_with_handler(self.batch)
        server.expect_request(ONE_STATUS).respond_with_handler(self.single)

    def publish(self, count):
        for n in range(self.published, self.published + count):
            status = copy.deepcopy(self.template)
            status_id = str(FIRST_ID + n)
            status.update(
                id=status_id,
                uri=f"https://social.westshire.example/users/guest{n}/statuses/{status_id}",
                url=f"https://social.westshire.example/@guest{n}/{status_id}",
                content=f"<p>Hello world from guest {n}</p>",
            )
            status["account"].update(id=str(n + 1), username=f"guest{n}", acct=f"guest{n}", display_name=f"Guest {n}")
            self.statuses[status_id] = status
        self.published += count

    def uri(self, status_id):
        return self.statuses[status_id]["uri"]

    def delete(self, status_ids):
        for status_id in status_ids:
            del self.statuses[status_id]

    def timeline(self, request):
        """min_id paging as Mastodon does it: the `limit` statuses just above min_id, newest first."""
        limit = int(request.args.get("limit", 20))
        ids = sorted(self.statuses, key=int)
        if "min_id" in request.args:
            page = [i for i in ids if int(i) > int(request.args["min_id"])][:limit]
        else:
            page = ids[-limit:]
        headers = {}
        if page:
            headers["Link"] = f'<{self.base}{TAG_PATH}?limit={limit}&min_id={page[-1]}>; rel="prev"'
        body = [self.statuses[i] for i in reversed(page)]
        return Response(json.dumps(body), content_type="application/json", headers=headers)

    def batch(self, request):
        if not self.batch_supported:  # Mastodon before 4.3 has no such route
            return Response(payload("mastodon_error_route_not_found.json"), status=404, content_type="application/json")
        ids = parse_qs(request.query_string.decode()).get("id[]", [])
        self.batch_requests.append(ids)
        if len(set(ids)) > mastodon_deletions.BATCH_LIMIT:
            return Response(json.dumps({"error": "Mastodon::ValidationError"}), status=422)
        found = [self.statuses[i] for i in ids if i in self.statuses]
        return Response(json.dumps(found), content_type="application/json")

    def single(self, request):
        status_id = ONE_STATUS.match(request.path).group(1)
        self.single_requests.append(status_id)
        if status_id not in self.statuses:
            return Response(payload("mastodon_error_record_not_found.json"), status=404)
        return Response(json.dumps(self.statuses[status_id]), content_type="application/json")


def polls_within(seconds, interval):
    """How many polls surely happen in `seconds`: the poller waits up to JITTER_FRACTION longer."""
    return max(1, math.floor(seconds / (interval * (1 + poller.JITTER_FRACTION))))


def fill_wall(source, instance, rounds, per_round):
    """Statuses arrive between polls, as during an event; every one of them ends up on the wall."""
    for _round in range(rounds):
        instance.publish(per_round)
        outcome = poller.poll_source(source)
        assert outcome.ok and outcome.accepted == per_round, outcome
        source.refresh_from_db()
    assert Post.objects.filter(wall=source.wall, status=Post.Status.APPROVED).count() == rounds * per_round


@pytest.mark.timeout(600)  # 200 posts through the real poller (and, when first, the test database build)
@pytest.mark.parametrize("interval", [15, 60])
def test_every_deletion_among_200_shown_posts_is_found_within_two_minutes(wall, httpserver, interval):
    instance = Instance(httpserver)
    source = WallSourceFactory(
        wall=wall,
        kind=WallSource.Kind.MASTODON,
        base_url=instance.base,
        interval_seconds=interval,
        options={"initial_items": 40},
    )
    fill_wall(source, instance, rounds=5, per_round=40)
    poller.poll_source(source)  # the checks are part-way round their rotation, as at any moment
    source.refresh_from_db()

    deleted = [str(FIRST_ID + n) for n in range(3, 200, 23)]  # spread over old and new
    deleted_uris = {instance.uri(status_id) for status_id in deleted}
    instance.delete(deleted)
    instance.batch_requests.clear()
    for _poll in range(polls_within(TWO_MINUTES, interval)):
        assert poller.poll_source(source).ok
        source.refresh_from_db()

    hidden = set(Post.objects.filter(wall=wall, status=Post.Status.HIDDEN).values_list("external_id", flat=True))
    assert hidden == deleted_uris
    assert Post.objects.filter(wall=wall, status=Post.Status.APPROVED).count() == 200 - len(deleted)
    assert instance.batch_requests and all(
        len(ids) <= mastodon_deletions.BATCH_LIMIT for ids in instance.batch_requests
    )
    assert instance.single_requests == []


def test_a_batch_answer_without_a_status_means_it_was_deleted(wall, httpserver):
    """The documented sample: id[]=1&id[]=2 when no status 2 exists answers with status 1 only."""
    base_url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request(TAG_PATH).respond_with_json([])
    httpserver.expect_request(BATCH_PATH, query_string="id%5B%5D=1&id%5B%5D=2").respond_with_data(
        payload("mastodon_statuses_batch.json"), content_type="application/json"
    )
    recent = [
        {"uri": "https://mastodon.social/users/Gargron/statuses/1", "instance": base_url, "id": "1"},
        {"uri": "https://mastodon.social/users/Gargron/statuses/2", "instance": base_url, "id": "2"},
    ]
    seen = timezone.now().isoformat()
    cursor = {"instances": {base_url: {"min_id": "5"}}, "recent": [{**entry, "seen": seen} for entry in recent]}
    config = WallSourceFactory(wall=wall, kind=WallSource.Kind.MASTODON, base_url=base_url)

    result = MastodonSource(config).run(cursor)

    assert result.deleted_ids == ["https://mastodon.social/users/Gargron/statuses/2"]
    assert [entry["uri"] for entry in result.new_cursor["recent"]] == [
        "https://mastodon.social/users/Gargron/statuses/1"
    ]
    httpserver.check_assertions()


def test_an_instance_without_the_batch_endpoint_is_checked_status_by_status(wall, httpserver):
    instance = Instance(httpserver, batch_supported=False)
    source = WallSourceFactory(
        wall=wall, kind=WallSource.Kind.MASTODON, base_url=instance.base, options={"initial_items": 40}
    )
    fill_wall(source, instance, rounds=1, per_round=30)
    gone = [str(FIRST_ID + 4), str(FIRST_ID + 17)]
    gone_uris = {instance.uri(status_id) for status_id in gone}
    instance.delete(gone)

    for _poll in range(2):
        assert poller.poll_source(source).ok
        source.refresh_from_db()

    hidden = set(Post.objects.filter(wall=wall, status=Post.Status.HIDDEN).values_list("external_id", flat=True))
    assert hidden == gone_uris
    assert set(instance.single_requests) >= set(gone)
    # The missing endpoint is remembered: asked once, not on every poll.
    assert len([request for request, _response in httpserver.log if request.path == BATCH_PATH]) == 1


def test_a_failing_check_keeps_the_status_and_tries_again(wall, httpserver):
    base_url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request(TAG_PATH).respond_with_json([])
    httpserver.expect_oneshot_request(BATCH_PATH).respond_with_data("<h1>Oops</h1>", status=502)
    httpserver.expect_oneshot_request(BATCH_PATH).respond_with_json([])
    seen = timezone.now().isoformat()
    entry = {"uri": "https://a.example/statuses/9", "instance": base_url, "id": "9", "seen": seen}
    config = WallSourceFactory(wall=wall, kind=WallSource.Kind.MASTODON, base_url=base_url)

    first = MastodonSource(config).run({"recent": [entry]})
    assert first.deleted_ids == [] and [e["uri"] for e in first.new_cursor["recent"]] == [entry["uri"]]
    second = MastodonSource(config).run(first.new_cursor)
    assert second.deleted_ids == [entry["uri"]]
