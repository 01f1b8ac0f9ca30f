"""Demo content for the sources (called by `manage.py load_demo`, after livewall.demo).

A replay source on the `finding-our-voice` wall plays livewall/sources/replays/finding-our-voice.jsonl
four times faster than recorded, looping, so posts start arriving on the big screen a few seconds
after `make run`. Every round re-uses the first round's posts, so the wall never holds more than the
file's 40 posts; `load_demo --reset` plays it afresh. Nothing happens when the wall is missing.
"""

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
    if _demo_sources().exists():
        return  # already there: its posts are on the wall, and a loop re-uses them (see replay.py)
    WallSource.objects.create(
        wall=wall,
        kind=WallSource.Kind.REPLAY,
        query="",
        interval_seconds=REPLAY_INTERVAL_SECONDS,
        enabled=True,
        options=dict(REPLAY_OPTIONS),
    )
    command.stdout.write(f"Sources demo: replay source added to '{WALL_SLUG}'.")


def reset(command):
    for source in _demo_sources():
        Post.objects.filter(wall=source.wall, external_id__startswith="replay:").delete()
        source.delete()
