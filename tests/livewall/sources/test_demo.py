"""The sources demo: a looping replay on `finding-our-voice`, so a newcomer sees posts at once."""

from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import time_machine

from livewall.models import Post, WallSource
from livewall.sources import demo, poller
from livewall.sources.replay import load_lines, resolve_file
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
    assert first.status == Post.Status.APPROVED and first.external_id == "replay:fov-01"


def test_the_demo_replay_loops_without_growing_the_wall(db, settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0
    wall = WallFactory(slug=demo.WALL_SLUG, moderation_mode="post")
    lines = load_lines(resolve_file(demo.REPLAY_FILE))
    options = demo.REPLAY_OPTIONS
    round_seconds = (lines[-1]["offset_seconds"] + options["loop_gap_seconds"]) / options["speed"]
    on_wall = []
    with time_machine.travel("2026-11-25 10:00:00+00:00", tick=False) as clock:
        for _run in range(3):  # three `make run`s, each followed by two rounds of polling
            demo.build(command())
            for _poll in range(8):
                assert poller.poll_source(WallSource.objects.get(wall=wall)).ok
                clock.shift(timedelta(seconds=round_seconds / 4))
            on_wall.append(Post.objects.filter(wall=wall).count())
    assert WallSource.objects.get(wall=wall).cursor["round"] >= 5
    # The first rounds put the file's posts on the wall (less any the consent rules skip); later
    # rounds add nothing.
    assert len(lines) - 3 <= on_wall[0] <= len(lines)
    assert on_wall == [on_wall[0]] * 3


def test_reset_removes_the_source_and_its_posts(db, settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0
    wall = WallFactory(slug=demo.WALL_SLUG)
    demo.build(command())
    poller.poll_source(WallSource.objects.get(wall=wall))
    demo.reset(command())
    assert not WallSource.objects.filter(wall=wall).exists()
    assert not Post.objects.filter(wall=wall).exists()
