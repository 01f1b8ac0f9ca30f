"""The `make run` set-up for real: the production server (tests.support.servers.production_server) in a
process of its own, SQLite or the test's PostgreSQL, the in-memory channel layer and the poller
inside the server (PORTAL_EMBEDDED_POLLER=1), posts arriving from a replay file as from a platform.

- the embedded poller runs under that server and its posts reach the server's viewers;
- a screen that stops reading is bounded: once more than MAX_BACKLOG frames wait for it, its backlog
  is dropped and it is closed with 4010, while a screen that reads gets every post.
"""

import json
import os
import secrets
import socket

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from livewall.consumers.codes import CLOSE_TOO_SLOW, MAX_BACKLOG
from tests.livewall.factories import WallFactory, WallSourceFactory
from tests.support.databases import subprocess_database_url
from tests.support.ports import HOST
from tests.support.servers import KINDS, ServerProcess, keepalive_args, production_server

# Generous: the test database, a server process starting Django and a thousand posts on SQLite, on
# a busy CI machine.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(900)]

# The keep-alive would drop a screen that stops reading after ping interval + timeout (40 s by
# default) and muddle which bound closed it: pushed out of the way, the backlog bound alone decides.
QUIET_KEEPALIVE = {kind: keepalive_args(kind, 600, 600) for kind in KINDS}


@pytest.fixture
def make_run_server(tmp_path):
    """start(replay_file) -> (the running server, the wall): `make run`'s server and environment."""
    started = []

    def start(recording):
        wall = WallFactory(moderation_mode="post", per_author_cap=0)
        WallSourceFactory(wall=wall, kind="replay", base_url="", interval_seconds=1, options={"file": str(recording)})
        env = {
            **os.environ,
            "DATABASE_URL": subprocess_database_url(tmp_path),
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "PORTAL_EMBEDDED_POLLER": "1",
            "LIVEWALL_REPLAY_DIR": str(tmp_path),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("REDIS_URL", None)  # make run without Redis: the in-memory layer, the poller inside
        kind = production_server()
        server = ServerProcess(env, kind=kind, args=QUIET_KEEPALIVE[kind], log_path=tmp_path / "server.log")
        started.append(server)
        server.start(wait=False)
        server.wait_for_log("Embedded live-wall poller running")
        server.wait_ready(120)
        return server, wall

    yield start
    for server in started:
        assert server.stop(timeout=20), "the server did not stop on SIGTERM:\n" + server.log_text()


def replay_lines(count, words=60):
    """`count` posts due at once, each from its own author (no per-author cap applies), with words as
    varied as real posts' (a repeated filler would compress to nothing)."""
    return "".join(
        json.dumps(
            {
                "source": "mastodon",
                "external_id": f"slow-{n}",
                "author_name": f"Speaker {n}",
                "author_handle": f"speaker{n}@example.org",
                "text": f"Post {n} for the wall: " + " ".join(secrets.token_hex(3) for _ in range(words)),
            }
        )
        + "\n"
        for n in range(count)
    )


def viewer(server, slug, **options):
    # No client pings: a client that stops reading cannot see their answers either.
    url = f"{server.ws_base}/ws/walls/{slug}/"
    return connect(url, origin=server.base_url, open_timeout=30, ping_interval=None, **options)


def events_until_closed(socket_, timeout):
    """Every event frame the socket still has to give, then the close code it was closed with."""
    events = []
    try:
        while True:
            frame = json.loads(socket_.recv(timeout=timeout))
            if frame["type"] == "event":
                events.append(frame)
    except ConnectionClosed as closed:
        return events, closed.rcvd.code if closed.rcvd else None
    except TimeoutError:
        return events, "still open"


def test_make_runs_server_runs_the_embedded_poller_for_its_viewers(make_run_server, tmp_path):
    recording = tmp_path / "embedded.jsonl"
    recording.write_text("", encoding="utf-8")  # lines are added once a viewer is watching
    server, wall = make_run_server(recording)

    with viewer(server, wall.slug) as screen:
        assert json.loads(screen.recv(timeout=20))["type"] == "snapshot"
        recording.write_text(replay_lines(1, words=3), encoding="utf-8")
        frame = json.loads(screen.recv(timeout=30))
        while frame["type"] != "event":
            frame = json.loads(screen.recv(timeout=30))

    assert frame["kind"] == "published", server.log_text()
    assert frame["post"]["text"].startswith("Post 0 for the wall")


def test_a_screen_that_stops_reading_is_closed_with_4010_and_its_backlog_dropped(make_run_server, tmp_path):
    published = MAX_BACKLOG + 300
    recording = tmp_path / "burst.jsonl"
    recording.write_text("", encoding="utf-8")
    server, wall = make_run_server(recording)

    # The stuck screen: a client that reads nothing past one queued frame, with a small receive buffer
    # and an Ethernet-sized segment (on loopback's 64 KB segments the server's kernel would buffer
    # megabytes), without compression (which only changes how many frames the buffers hold).
    stuck_socket = socket.socket()
    stuck_socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stuck_socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 1460)
    stuck_socket.connect((HOST, server.port))
    stuck_options = {"sock": stuck_socket, "max_queue": 1, "compression": None}
    with viewer(server, wall.slug, **stuck_options) as stuck, viewer(server, wall.slug) as reader:
        assert json.loads(reader.recv(timeout=20))["type"] == "snapshot"
        recording.write_text(replay_lines(published), encoding="utf-8")
        seqs = []
        while len(seqs) < published:
            frame = json.loads(reader.recv(timeout=120))
            if frame["type"] == "event":
                seqs.append(frame["seq"])
        assert seqs == list(range(seqs[0], seqs[0] + published)), "the reading screen missed or doubled posts"

        # Every post has been sent to the reading screen, so the stuck one's queue has overflowed: what it
        # now reads is what the kernel and the server's transport had buffered for it, then the close.
        events, code = events_until_closed(stuck, timeout=30)

    assert code == CLOSE_TOO_SLOW, f"closed with {code} after {len(events)} of {published} posts"
    assert len(events) <= published - (MAX_BACKLOG + 1), f"{len(events)} posts were buffered for the stuck screen"
