"""Load, nothing lost: 500 viewer sockets in a separate process on the real server (uvicorn,
Redis pub/sub layer, PostgreSQL) while contributions arrive through the real form for 60 s."""

import os
from collections import Counter

import pytest

from livewall.models import Post, Wall
from tests.livewall.factories import WallFactory
from tests.support.crowd import Crowd

from .harness import Participant, post_steadily, published_order, summarise

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(360)]

VIEWERS = int(os.environ.get("RELIABILITY_VIEWERS", "500"))
DURATION_SECONDS = float(os.environ.get("RELIABILITY_LOAD_SECONDS", "60"))
POSTS_PER_SECOND = 1.5
# Each participant stays under the per-participant limit (5 a minute): 30 x 3 a minute = 90 a minute.
PARTICIPANTS = 30


def test_every_viewer_receives_every_post_exactly_once_in_cursor_order(start_server, shared_redis_url, unique_slug):
    wall = WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    server = start_server(shared_redis_url)
    fleet = Crowd.for_wall(server, unique_slug, VIEWERS)
    try:
        assert fleet.wait_ready() == VIEWERS
        participants = [Participant(server, unique_slug) for _ in range(PARTICIPANTS)]
        responses = post_steadily(participants, POSTS_PER_SECOND, DURATION_SECONDS, "Load test post")
        wall.refresh_from_db()
        caught_up = fleet.wait_for_seq(wall.last_seq, timeout=60)
        viewers = fleet.report()
    finally:
        fleet.stop()

    statuses = Counter(response.status_code for response in responses)
    assert statuses == {201: len(responses)}, statuses
    assert len(responses) == int(DURATION_SECONDS * POSTS_PER_SECOND)

    expected = published_order(wall)
    assert len(expected) == len(responses) == Post.objects.filter(wall=wall, status=Post.Status.APPROVED).count()
    assert wall.last_seq == len(expected)

    assert caught_up["ok"], f"{caught_up['lagging']} viewers never reached seq {wall.last_seq}: {summarise(viewers)}"
    assert len(viewers) == VIEWERS
    for viewer in viewers:
        assert viewer["published"] == expected, f"viewer {viewer['index']}: {summarise([viewer])}"
        assert viewer["stale"] == 0 and viewer["gaps"] == [], summarise([viewer])
        assert viewer["errors"] == [] and viewer["reconnects"] == 0, summarise([viewer])
        assert viewer["seq"] == wall.last_seq
    assert sum(len(viewer["published"]) for viewer in viewers) == VIEWERS * len(expected)
    assert server.alive()
