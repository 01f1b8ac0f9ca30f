"""Demo content for the sources (called by `manage.py load_demo`, after livewall.demo).

A replay source on the `finding-our-voice` wall plays livewall/sources/replays/finding-our-voice.jsonl
four times faster than recorded, looping, so posts start arriving on the big screen a few seconds
after `make run`. Nothing happens when the wall is missing.
"""

from django.utils import timezone

from livewall.models import Post, Wall, WallSource

WALL_SLUG = "finding-our-voice"
REPLAY_FILE = "livewall/sources/replays/finding-our-voice.jsonl"
REPLAY_OPTIONS = {"file": REPLAY_FILE, "speed": 4, "loop": True, "loop_gap_seconds": 20}
REPLAY_INTERVAL_SECONDS = 2


def _demo_sources():
    return WallSource.objects.filter(wall__slug=WALL_SLUG, kind=WallSource.Kind.REPLAY, options__file=REPLAY_FILE)


def build(command):
    wall = Wall.objects.filter(slug=WALL_SLUG).first()
    if wall is None:
        command.stdout.write(f"Sources demo: no wall '{WALL_SLUG}', no replay source added.")
        return
    source = _demo_sources().first()
    if source is None:
        WallSource.objects.create(
            wall=wall,
            kind=WallSource.Kind.REPLAY,
            query="",
            interval_seconds=REPLAY_INTERVAL_SECONDS,
            enabled=True,
            options=dict(REPLAY_OPTIONS),
        )
        command.stdout.write(f"Sources demo: replay source added to '{WALL_SLUG}'.")
        return
    # Each `make run` replays from the start as a new round (new ids), so posts arrive at once again.
    if source.enabled:
        source.cursor = {"round": int((source.cursor or {}).get("round") or 0) + 1}
        source.next_poll_at = timezone.now()
        source.save(update_fields=["cursor", "next_poll_at"])


def reset(command):
    for source in _demo_sources():
        Post.objects.filter(wall=source.wall, external_id__startswith="replay:").delete()
        source.delete()
