"""When the embedded poller starts (only in the Daphne server with PORTAL_EMBEDDED_POLLER=1)."""

import asyncio
import json
import os

import pytest

from livewall.sources.embedded import should_start
from tests.livewall.factories import WallFactory, WallSourceFactory
from tests.support.databases import subprocess_database_url
from tests.support.servers import ServerProcess

DAPHNE_MODULES = {"daphne.server": object()}


def test_starts_in_daphne_with_the_flag():
    daphne = [".venv/bin/daphne", "portal.asgi:application"]
    assert should_start({"PORTAL_EMBEDDED_POLLER": "1"}, daphne, DAPHNE_MODULES)


def test_not_without_the_flag_or_outside_daphne():
    daphne = [".venv/bin/daphne", "portal.asgi:application"]
    assert not should_start({}, daphne, DAPHNE_MODULES)
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "0"}, daphne, DAPHNE_MODULES)
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "1"}, ["manage.py", "migrate"], {})
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "1"}, ["manage.py", "livewall_poll"], {})
    assert not should_start({"PORTAL_EMBEDDED_POLLER": "1"}, daphne, {**DAPHNE_MODULES, "pytest": object()})


# Generous: a subprocess starting Django on a busy CI machine.
@pytest.mark.timeout(300)
@pytest.mark.django_db(transaction=True)
def test_daphne_with_the_embedded_poller_puts_replayed_posts_on_viewers_screens(tmp_path):
    """`make run` without Redis: the poller inside Daphne broadcasts to that server's sockets."""
    recording = tmp_path / "embedded.jsonl"
    recording.write_text("", encoding="utf-8")  # lines are added once a viewer is watching
    wall = WallFactory(moderation_mode="post")
    WallSourceFactory(wall=wall, kind="replay", base_url="", interval_seconds=1, options={"file": str(recording)})
    url = subprocess_database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "PORTAL_EMBEDDED_POLLER": "1",
        "LIVEWALL_REPLAY_DIR": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)  # the in-memory layer: only the poller inside the server can reach viewers
    server = ServerProcess(env, log_path=tmp_path / "daphne.log").start(wait=False)
    try:
        server.wait_for_log("Embedded live-wall poller running")
        frames = asyncio.run(_watch_wall(server.port, wall.slug, recording))
    finally:
        stopped_on_sigterm = server.stop(timeout=20)
    assert stopped_on_sigterm, "Daphne did not stop on SIGTERM:\n" + server.log_text()
    assert frames[0] == {"type": "snapshot", "seq": 0, "posts": []} or frames[0]["posts"] == [], frames
    event = frames[1]
    assert event["type"] == "event" and event["kind"] == "published", server.log_text()
    assert event["post"]["text"] == "Hello from the embedded poller"
    assert event["post"]["source"] == "bluesky"


async def _watch_wall(port, slug, recording):
    """Connect a viewer, then record a line in the replay file, then wait for its broadcast."""
    import websockets

    async with websockets.connect(
        f"ws://127.0.0.1:{port}/ws/walls/{slug}/", origin=f"http://127.0.0.1:{port}", open_timeout=20
    ) as viewer:
        frames = [json.loads(await asyncio.wait_for(viewer.recv(), 20))]
        line = {"source": "bluesky", "external_id": "e-1", "text": "Hello from the embedded poller"}
        recording.write_text(json.dumps(line) + "\n", encoding="utf-8")
        frames.append(json.loads(await asyncio.wait_for(viewer.recv(), 30)))
        return frames
