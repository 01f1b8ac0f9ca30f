"""The sources demo: a looping replay on `finding-our-voice`, so a newcomer sees posts at once."""

from io import StringIO
from types import SimpleNamespace

from livewall.models import Post, WallSource
from livewall.sources import demo, poller
from tests.livewall.factories import WallFactory


def command():
    return SimpleNamespace(stdout=StringIO())


def test_nothing_without_the_wall(db):
    demo.build(command())
    assert not WallSource.objects.exists()


def test_build_adds_one_replay_source_and_posts_arrive_at_once(db, settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0
    wall = WallFactory(slug=demo.WALL_SLUG, moderation_mode="post")
    demo.build(command())
    demo.build(command())  # idempotent
    source = WallSource.objects.get(wall=wall)
    assert source.kind == WallSource.Kind.REPLAY and source.options["loop"] is True

    outcome = poller.poll_source(source)
    assert outcome.ok and outcome.accepted == 1
    first = Post.objects.get(wall=wall)
    assert first.status == Post.Status.APPROVED and first.external_id == "replay:fov-01#r1"


def test_reset_removes_the_source_and_its_posts(db, settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0
    wall = WallFactory(slug=demo.WALL_SLUG)
    demo.build(command())
    poller.poll_source(WallSource.objects.get(wall=wall))
    demo.reset(command())
    assert not WallSource.objects.filter(wall=wall).exists()
    assert not Post.objects.filter(wall=wall).exists()
