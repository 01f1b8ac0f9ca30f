"""Faults survived, each with its outcome asserted: Redis down during an event, the server killed,
the database connection cut mid-request, the poller killed mid-batch, a viewer that stops answering."""

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.db import connection
from pytest_httpserver import HTTPServer
from websockets.sync.client import connect as ws_connect

from livewall.models import Post, Wall, WallEvent, WallSource
from tests.livewall.factories import WallFactory, WallSourceFactory, approved_post
from tests.support.crowd import Crowd
from tests.support.databases import subprocess_database_url
from tests.support.ports import wait_for
from tests.support.servers import ROOT, keepalive_args, production_server

from .harness import Participant, published_order, summarise
from .processes import CuttableProxy, server_environment

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(240)]

VIEWERS = 20
OUTAGE_SECONDS = 10


def post_wall(slug):
    return WallFactory(slug=slug, moderation_mode=Wall.Moderation.POST)


def assert_viewers_hold_everything(viewers, wall):
    """Every viewer shows every approved post, applied at most once, cursor at the wall's last seq."""
    wall.refresh_from_db()
    approved = sorted(Post.objects.filter(wall=wall, status=Post.Status.APPROVED).values_list("pk", flat=True))
    for viewer in viewers:
        assert viewer["seq"] == wall.last_seq, summarise([viewer])
        assert viewer["display"] == approved, f"viewer {viewer['index']} shows {viewer['display']}, not {approved}"
        assert len(viewer["published"]) == len(set(viewer["published"])), f"viewer {viewer['index']} applied twice"
        assert viewer["gaps"] == [], summarise([viewer])


def test_redis_down_for_ten_seconds_loses_no_post(start_server, private_redis, unique_slug):
    wall = post_wall(unique_slug)
    server = start_server(private_redis.url)
    fleet = Crowd.for_wall(server, unique_slug, VIEWERS)
    participants = []
    try:
        assert fleet.wait_ready() == VIEWERS
        participants = [Participant(server, unique_slug) for _ in range(6)]
        before = [participants[0].post(f"Before the outage {n}") for n in range(2)]
        assert fleet.wait_for_seq(2)["ok"]

        private_redis.stop()
        outage_started = time.monotonic()
        during = []
        for n in range(5):
            during.append(participants[1 + n].post(f"While Redis is down {n}"))
            time.sleep(1)
        # Saved, and the request still succeeded: the broadcast is what waits for Redis.
        assert [response.status_code for response in during] == [201] * 5, [r.text[:200] for r in during]
        assert Post.objects.filter(wall=wall, text__startswith="While Redis is down").count() == 5
        time.sleep(max(0, OUTAGE_SECONDS - (time.monotonic() - outage_started)))
        private_redis.start()

        after = participants[0].post("After Redis came back")
        assert after.status_code == 201
        wall.refresh_from_db()
        live_again = fleet.wait_for_seq(wall.last_seq, timeout=30)
        viewers = fleet.report()
    finally:
        fleet.stop()
        for participant in participants:
            participant.close()

    assert [response.status_code for response in before] == [201, 201]
    assert live_again["ok"], f"{live_again['lagging']} viewers missed posts after Redis returned: {summarise(viewers)}"
    assert_viewers_hold_everything(viewers, wall)
    assert wall.last_seq == 8
    assert server.alive()


def test_after_a_redis_outage_viewers_catch_up_without_waiting_for_the_next_post(
    start_server, private_redis, unique_slug
):
    wall = post_wall(unique_slug)
    server = start_server(private_redis.url)
    fleet = Crowd.for_wall(server, unique_slug, 5)
    try:
        assert fleet.wait_ready() == 5
        participant = Participant(server, unique_slug)
        assert participant.post("Before").status_code == 201
        assert fleet.wait_for_seq(1)["ok"]
        private_redis.stop()
        assert participant.post("During the outage").status_code == 201
        time.sleep(3)
        private_redis.start()
        # No further post: the wall is quiet after the outage.
        caught_up = fleet.wait_for_seq(2, timeout=15)
        viewers = fleet.report()
    finally:
        fleet.stop()
    assert caught_up["ok"], f"{caught_up['lagging']} viewers still miss the post made while Redis was down"
    assert_viewers_hold_everything(viewers, wall)


def test_server_killed_and_restarted_viewers_reconnect_and_miss_nothing(start_server, private_redis, unique_slug):
    wall = post_wall(unique_slug)
    server = start_server(private_redis.url)
    fleet = Crowd.for_wall(server, unique_slug, VIEWERS)
    try:
        assert fleet.wait_ready() == VIEWERS
        participant = Participant(server, unique_slug)
        for n in range(3):
            assert participant.post(f"Before the crash {n}").status_code == 201
        assert fleet.wait_for_seq(3)["ok"]

        server.kill()
        # The wall goes on while the server is down (another process: a poller, a second server).
        for n in range(4):
            approved_post(wall, text=f"While the server is down {n}")
        server.start()
        reconnected = fleet.wait_for_seq(7, timeout=60)

        participant = Participant(server, unique_slug)
        assert participant.post("After the restart").status_code == 201
        wall.refresh_from_db()
        caught_up = fleet.wait_for_seq(wall.last_seq, timeout=30)
        viewers = fleet.report()
    finally:
        fleet.stop()

    assert reconnected["ok"], f"{reconnected['lagging']} viewers did not reconnect and catch up: {summarise(viewers)}"
    assert caught_up["ok"], f"{caught_up['lagging']} viewers missed the post after the restart: {summarise(viewers)}"
    assert wall.last_seq == 8
    assert_viewers_hold_everything(viewers, wall)
    assert all(viewer["reconnects"] >= 1 for viewer in viewers)
    # Posts made through the restarted server arrive live, once, in cursor order.
    last = published_order(wall)[-1]
    assert all(viewer["published"].count(last) == 1 for viewer in viewers)


def test_database_connection_cut_mid_request_saves_nothing_half_way(start_server, private_redis, unique_slug):
    wall = post_wall(unique_slug)
    params = connection.settings_dict
    proxy = CuttableProxy(params.get("HOST") or "127.0.0.1", int(params.get("PORT") or 5432))
    try:
        server = start_server(
            private_redis.url, db_url=subprocess_database_url(host="127.0.0.1", port=proxy.port, sslmode="disable")
        )
        fleet = Crowd.for_wall(server, unique_slug, 5)
        try:
            assert fleet.wait_ready() == 5
            participant = Participant(server, unique_slug)
            assert participant.post("First, all is well").status_code == 201

            # The post row is written; the connection dies as its WallEvent is inserted.
            proxy.cut_next(b'INSERT INTO "livewall_wallevent"')
            cut = participant.post("This one is cut mid-request")
            assert proxy.cuts == 1
            later = participant.post("And the server keeps serving")
            wall.refresh_from_db()
            caught_up = fleet.wait_for_seq(wall.last_seq, timeout=30)
            viewers = fleet.report()
        finally:
            fleet.stop()
    finally:
        proxy.close()

    assert cut.status_code in (500, 503), cut.status_code
    assert "try again" in cut.text.lower()
    assert not Post.objects.filter(text__contains="cut mid-request").exists()
    assert later.status_code == 201
    assert wall.last_seq == 2 == WallEvent.objects.filter(wall=wall).count()
    assert list(WallEvent.objects.filter(wall=wall).order_by("seq").values_list("seq", flat=True)) == [1, 2]
    assert caught_up["ok"]
    assert_viewers_hold_everything(viewers, wall)


def rss_feed(count):
    items = "".join(
        f"<item><guid>https://blog.example.org/item-{n}</guid><title>Feed item {n}</title><link>https://blog.example.org/{n}</link>"
        f"<pubDate>Tue, 24 Nov 2026 10:{n // 60:02d}:{n % 60:02d} GMT</pubDate></item>"
        for n in range(count)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title><link>https://blog.example.org/</link>{items}</channel></rss>'


def poller_in_transaction(database):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND xact_start IS NOT NULL AND query ILIKE %s",
            [database, "%livewall%"],
        )
        return cursor.fetchone()[0] > 0


def test_poller_killed_mid_batch_then_restarted_no_duplicates_no_gaps(live_db, tmp_path, reliability_secret_key):
    items = 300
    wall = WallFactory(slug="poller-kill", moderation_mode=Wall.Moderation.POST, per_author_cap=0)
    with HTTPServer(host="127.0.0.1", port=0) as feed_server:
        feed_server.expect_request("/feed.xml").respond_with_data(rss_feed(items), content_type="application/rss+xml")
        source = WallSourceFactory(
            wall=wall,
            kind=WallSource.Kind.RSS,
            base_url=feed_server.url_for("/feed.xml"),
            options={"initial_items": items},
        )
        env = server_environment(subprocess_database_url(), "", RELIABILITY_SECRET_KEY=reliability_secret_key)
        command = [sys.executable, "manage.py", "livewall_poll"]
        log = open(tmp_path / "poller.log", "w")  # noqa: SIM115
        poller = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(
                lambda: poller_in_transaction(connection.settings_dict["NAME"]), 60, interval=0.01, message="batch"
            )
            time.sleep(0.2)  # well inside the batch of 300
            poller.send_signal(signal.SIGKILL)
            poller.wait(timeout=10)
        finally:
            if poller.poll() is None:
                poller.kill()
            log.close()
        killed_with = Post.objects.filter(wall=wall).count()

        restarted = subprocess.run(
            [*command, "--once", "--all"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert restarted.returncode == 0, restarted.stdout + restarted.stderr
        # A third poll finds nothing new: the cursor was saved with the batch.
        again = subprocess.run(
            [*command, "--once", "--all"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert again.returncode == 0

    assert killed_with in (0, items), "a batch is all or nothing"
    external_ids = list(Post.objects.filter(wall=wall).values_list("external_id", flat=True))
    assert len(external_ids) == len(set(external_ids)) == items
    assert set(external_ids) == {f"https://blog.example.org/item-{n}" for n in range(items)}
    wall.refresh_from_db()
    seqs = list(WallEvent.objects.filter(wall=wall).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, items + 1)) and wall.last_seq == items
    source.refresh_from_db()
    assert source.last_error == "" and source.posts_fetched == items
    assert "0 new" in again.stdout


def open_stuck_viewer(server, slug):
    """A viewer socket that completes the handshake and then neither reads nor answers pings."""
    stuck = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # so that the server's frames back up
    stuck.connect(("127.0.0.1", server.port))
    key = base64.b64encode(os.urandom(16)).decode()
    stuck.sendall(
        (
            f"GET /ws/walls/{slug}/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: {server.base_url}\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += stuck.recv(1)
    assert head.startswith(b"HTTP/1.1 101"), head
    return stuck


def dropped_by_server(stuck, within):
    """True once the server has closed the connection (end of stream or reset) within `within` s."""
    deadline = time.monotonic() + within
    stuck.settimeout(0.5)
    while time.monotonic() < deadline:
        try:
            if stuck.recv(65536) == b"":
                return True
        except ConnectionResetError:
            return True
        except TimeoutError:
            continue
    return False


def test_a_viewer_that_stops_answering_is_dropped_and_its_backlog_freed(start_server, private_redis, unique_slug):
    """The server's keep-alive ping drops a client that neither reads nor answers, after ping
    interval + ping timeout, so whatever was buffered for it is freed (under uvicorn the wall's 4010
    bound on a socket's queue may drop it first: tests/livewall/test_consumers.py). Viewers that do
    answer stay connected meanwhile."""
    post_wall(unique_slug)
    server = start_server(
        private_redis.url, args=keepalive_args(production_server(), 1, 2), RELIABILITY_RATE_PER_ADDRESS=100_000
    )
    stuck = open_stuck_viewer(server, unique_slug)
    participants = [Participant(server, unique_slug) for _ in range(11)]
    try:
        with ws_connect(f"{server.ws_base}/ws/walls/{unique_slug}/", origin=server.base_url) as viewer:
            assert json.loads(viewer.recv(timeout=10))["type"] == "snapshot"
            for n, participant in enumerate(participants[:10]):
                response = participant.post(f"While one screen is stuck {n}: " + "words to fill the buffers " * 17)
                assert response.status_code == 201, response.text[:200]
            assert [json.loads(viewer.recv(timeout=10))["seq"] for _ in range(10)] == list(range(1, 11))
            assert dropped_by_server(stuck, within=15)
            # The viewer that answers pings is still served.
            assert participants[10].post("After the stuck screen was dropped").status_code == 201
            assert json.loads(viewer.recv(timeout=10))["seq"] == 11
    finally:
        stuck.close()
        for participant in participants:
            participant.close()
