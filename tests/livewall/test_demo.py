"""The live wall demo: built by `load_demo`, idempotent, and removed by `--reset`."""

from io import StringIO

import pytest
from django.core.management import call_command

from livewall import demo
from livewall.models import ModerationAction, Post, Wall

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def offline(settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0  # the demo never needs the network


def load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def wall_state():
    return sorted(Post.objects.values_list("wall__slug", "external_id", "status", "pinned"))


def test_demo_walls_and_idempotence():
    output = load()
    assert "Live wall 'finding-our-voice'" in output

    live = Wall.objects.get(slug=demo.LIVE_WALL)
    assert live.moderation_mode == Wall.Moderation.POST
    assert live.event is not None and live.event.slug == "finding-our-voice"
    posts = live.posts.all()
    assert posts.count() >= 24
    assert posts.filter(status=Post.Status.APPROVED).count() == posts.count()
    assert posts.filter(pinned=True).count() == 1
    assert posts.exclude(image="").count() == 2
    assert {"youtube", "vimeo"} <= set(posts.exclude(video_id="").values_list("video_provider", flat=True))
    assert (
        posts.filter(attending=Post.Attending.IN_ROOM).exists()
        and posts.filter(attending=Post.Attending.REMOTE).exists()
    )
    assert live.last_seq == live.events.count() >= posts.count()

    queue = Wall.objects.get(slug=demo.QUEUE_WALL)
    assert queue.moderation_mode == Wall.Moderation.PRE
    assert queue.posts.filter(status=Post.Status.PENDING).count() >= 5
    assert ModerationAction.objects.filter(wall=queue, action="approve").exists()

    before = wall_state()
    events_before = live.events.count()
    load()
    assert wall_state() == before
    assert live.events.count() == events_before


def test_pages_render_with_the_demo(client):
    load()
    for url in ("/walls/finding-our-voice/", "/walls/finding-our-voice/screen/", "/walls/community-voices/"):
        assert client.get(url).status_code == 200


def test_reset_removes_the_demo_walls():
    load()
    demo.reset(None)
    assert not Wall.objects.filter(slug__in=[demo.LIVE_WALL, demo.QUEUE_WALL]).exists()
    load("--reset")
    assert Wall.objects.filter(slug__in=[demo.LIVE_WALL, demo.QUEUE_WALL]).count() == 2
