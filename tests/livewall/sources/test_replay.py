"""The replay source: a JSON-lines recording played at real or accelerated speed."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from livewall.models import Post, WallEvent, WallSource
from livewall.sources import base, poller
from livewall.sources.replay import ReplaySource, load_lines, resolve_file
from tests.livewall.factories import WallSourceFactory

DEMO_FILE = "livewall/sources/replays/finding-our-voice.jsonl"


@pytest.fixture
def recording(tmp_path, settings):
    settings.LIVEWALL_REPLAY_DIR = str(tmp_path)
    lines = [
        {"offset_seconds": 0, "source": "mastodon", "external_id": "a", "text": "first", "author_handle": "@a@m.x"},
        {"offset_seconds": 10, "source": "bluesky", "external_id": "b", "text": "second https://youtu.be/Kp3nR8tXz1Q"},
        {"offset_seconds": 20, "external_id": "c", "text": "third"},
    ]
    path = tmp_path / "rehearsal.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def replay(wall, path, **options):
    options = {"file": str(path), **options}
    return WallSourceFactory(wall=wall, kind=WallSource.Kind.REPLAY, base_url="", options=options)


def test_lines_arrive_when_due_at_the_chosen_speed(wall, recording):
    config = replay(wall, recording, speed=2)
    with time_machine.travel("2026-11-25 10:00:00+00:00", tick=False) as clock:
        first = ReplaySource(config).fetch({})
        assert [p.external_id for p in first.posts] == ["replay:a"]
        assert first.posts[0].source == "mastodon"
        clock.shift(timedelta(seconds=5))  # 10 recorded seconds at speed 2
        second = ReplaySource(config).fetch(first.new_cursor)
        assert [p.external_id for p in second.posts] == ["replay:b"]
        assert second.posts[0].video.id == "Kp3nR8tXz1Q"
        assert second.new_cursor["line"] == 2
        clock.shift(timedelta(seconds=60))
        third = ReplaySource(config).fetch(second.new_cursor)
        assert [p.external_id for p in third.posts] == ["replay:c"]
        assert third.posts[0].source == "replay"
        assert ReplaySource(config).fetch(third.new_cursor).posts == []


def test_looping_starts_a_new_round_with_the_same_ids(wall, recording):
    config = replay(wall, recording, speed=10, loop=True, loop_gap_seconds=10)
    with time_machine.travel("2026-11-25 10:00:00+00:00", tick=False) as clock:
        cursor = ReplaySource(config).fetch({}).new_cursor
        clock.shift(timedelta(seconds=2))  # 20 recorded seconds: the whole first round
        result = ReplaySource(config).fetch(cursor)
        assert [p.external_id for p in result.posts] == ["replay:b", "replay:c"]
        assert result.new_cursor["round"] == 1 and result.new_cursor["line"] == 0
        clock.shift(timedelta(seconds=1.5))  # the second round began 3 s after the first
        again = ReplaySource(config).fetch(result.new_cursor)
        assert [p.external_id for p in again.posts] == ["replay:a"]


def test_a_looping_replay_never_grows_the_wall_beyond_its_file(wall, recording):
    config = replay(wall, recording, speed=10, loop=True, loop_gap_seconds=10)
    rounds = 6
    with time_machine.travel("2026-11-25 10:00:00+00:00", tick=False) as clock:
        for _poll in range(rounds * 3 + 2):  # a round is 3 s here: three polls a second apart
            assert poller.poll_source(WallSource.objects.get(pk=config.pk)).ok
            clock.shift(timedelta(seconds=1))
    assert WallSource.objects.get(pk=config.pk).cursor["round"] >= rounds
    assert Post.objects.filter(wall=wall).count() == 3
    assert WallEvent.objects.filter(wall=wall).count() == 3


def test_a_replay_file_at_an_http_url_feeds_the_wall(wall, httpserver, recording):
    httpserver.expect_request("/rehearsals/fov.jsonl").respond_with_data(
        recording.read_bytes(), content_type="application/x-ndjson"
    )
    config = WallSourceFactory(
        wall=wall, kind=WallSource.Kind.REPLAY, base_url=httpserver.url_for("/rehearsals/fov.jsonl"), options={}
    )
    config.full_clean()  # the admin's validation takes the URL as it is
    with time_machine.travel("2026-11-25 10:00:00+00:00", tick=False) as clock:
        assert poller.poll_source(config).ok
        clock.shift(timedelta(seconds=60))
        outcome = poller.poll_source(WallSource.objects.get(pk=config.pk))
    assert outcome.ok, outcome.error
    assert sorted(Post.objects.filter(wall=wall).values_list("external_id", flat=True)) == [
        "replay:a",
        "replay:b",
        "replay:c",
    ]
    assert len(httpserver.log) == 2


def test_a_replay_url_that_fails_is_the_sources_error(wall, httpserver):
    httpserver.expect_request("/gone.jsonl").respond_with_data("not here", status=404)
    config = WallSourceFactory(wall=wall, kind=WallSource.Kind.REPLAY, base_url=httpserver.url_for("/gone.jsonl"))
    outcome = poller.poll_source(config)
    assert not outcome.ok
    assert WallSource.objects.get(pk=config.pk).last_error.startswith("Replay: HTTP 404")


def test_a_replay_url_must_be_http_or_https(wall):
    config = WallSourceFactory(wall=wall, kind=WallSource.Kind.REPLAY, base_url="ftp://files.example/fov.jsonl")
    with pytest.raises(base.SourceError, match=r"must be an http\(s\) URL"):
        ReplaySource(config).run({})


def test_files_outside_the_project_are_refused(tmp_path, settings):
    settings.LIVEWALL_REPLAY_DIR = ""
    outside = tmp_path / "secret.jsonl"
    outside.write_text('{"text": "x"}\n')
    with pytest.raises(base.SourceError, match="not a .jsonl file inside the project"):
        resolve_file(str(outside))
    with pytest.raises(base.SourceError):
        resolve_file("../../etc/passwd")


def test_a_bad_line_is_a_clear_error(tmp_path, settings):
    settings.LIVEWALL_REPLAY_DIR = str(tmp_path)
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok"}\n{not json}\n')
    with pytest.raises(base.SourceError, match="line 2 of bad.jsonl is not JSON"):
        load_lines(resolve_file(str(path)))


def test_the_demo_recording_is_valid():
    lines = load_lines(resolve_file(DEMO_FILE))
    assert len(lines) >= 40
    assert len({line["external_id"] for line in lines}) == len(lines)
    offsets = [line["offset_seconds"] for line in lines]
    assert offsets == sorted(offsets) and offsets[0] == 0
    assert {line["source"] for line in lines} >= {"mastodon", "bluesky", "x", "rss"}
    assert sum("youtube.com" in line["text"] or "youtu.be" in line["text"] for line in lines) >= 3


def test_replay_uses_the_current_time_for_created_at(wall, recording):
    with time_machine.travel("2026-11-25 10:00:00+00:00", tick=False):
        post = ReplaySource(replay(wall, recording)).fetch({}).posts[0]
        assert post.created_at == timezone.now()


@pytest.mark.django_db
def test_the_admin_form_refuses_a_replay_url_that_is_not_http(client):
    from django.urls import reverse

    from livewall.models import WallSource
    from livewall.sources.admin import WallSourceViewSet
    from tests.livewall.factories import SuperuserFactory, WallFactory

    wall = WallFactory()
    client.force_login(SuperuserFactory())
    add_url = reverse(f"{WallSourceViewSet().url_namespace}:add")
    fields = {"wall": wall.pk, "kind": "replay", "query": "", "interval_seconds": 60, "enabled": "on", "options": "{}"}
    refused = client.post(add_url, {**fields, "base_url": "ftp://files.example.org/rehearsal.jsonl"})
    assert refused.status_code == 200
    assert "http:// or https://" in refused.content.decode()
    assert not WallSource.objects.exists()
    accepted = client.post(add_url, {**fields, "base_url": "https://files.example.org/rehearsal.jsonl"})
    assert accepted.status_code == 302
