"""Smoke tests of the benchmark's own code paths (the benchmark itself runs in `make bench`)."""

import json
import time
from urllib.parse import urlencode

import pytest
from channels.testing import HttpCommunicator, WebsocketCommunicator

from bench.server_app import application
from tests.livewall.factories import WallFactory
from tests.support.loadclient import MARKER, Receipts, Viewer, percentile

ORIGIN = [(b"origin", b"http://127.0.0.1")]
pytestmark = pytest.mark.timeout(300)


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.50) == 50
    assert percentile(values, 0.99) == 99
    assert percentile([10.0, 30.0], 0.50) == 10.0
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.5) is None


def test_receipts_count_each_copy_once_and_duplicates_apart():
    receipts = Receipts(max_posts=10)
    first_socket, second_socket = bytearray(10), bytearray(10)
    now = time.time()

    receipts.record(first_socket, 3, now - 0.010, now)
    receipts.record(second_socket, 3, now - 0.030, now)
    receipts.record(first_socket, 3, now - 0.010, now)  # the same copy again on the same socket

    stats = receipts.stats(0, 10)
    assert receipts.received == 2
    assert receipts.duplicates == 1
    assert stats["delivered"] == 2
    assert 9 <= stats["p50_ms"] <= 11
    assert 29 <= stats["max_ms"] <= 31


def test_marker_survives_json_encoding():
    frame = json.dumps({"post": {"text": "Benchmark post bnch:42:1732540000.123456: hi"}})
    (match,) = MARKER.finditer(frame)
    assert match.groups() == ("42", "1732540000.123456")


def test_a_frame_with_the_text_in_its_data_and_its_html_is_one_copy():
    receipts = Receipts(max_posts=10)
    viewer = Viewer(0, "ws://unused/", "http://unused", receipts)
    text = f"Benchmark post bnch:4:{time.time() - 0.01:.6f}: hi"
    frame = {"type": "event", "seq": 5, "kind": "published", "post": {"text": text}, "html": f"<p>{text}</p>"}
    viewer.handle(json.dumps(frame))
    assert (receipts.received, receipts.duplicates, viewer.seq) == (1, 0, 5)
    viewer.handle(json.dumps(frame))  # the same event again: a duplicate
    assert (receipts.received, receipts.duplicates) == (1, 1)


async def post(path, **params):
    url = f"{path}?{urlencode(params)}"
    communicator = HttpCommunicator(application, "POST", url, headers=[(b"host", b"127.0.0.1")])
    return await communicator.get_response(timeout=30)


@pytest.mark.django_db(transaction=True)  # stock dispatch closes old database connections first
async def test_baseline_consumer_forwards_each_group_send():
    viewer = WebsocketCommunicator(application, "/ws/bench/baseline/", headers=ORIGIN)
    connected, _ = await viewer.connect(timeout=30)
    assert connected

    response = await post("/__bench/baseline", seq=5, text="bnch:5:1.5")

    assert response["status"] == 200
    frame = json.loads(await viewer.receive_from(timeout=30))
    assert frame["type"] == "event"
    assert frame["post"]["text"] == "bnch:5:1.5"
    await viewer.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_accept_hook_publishes_through_the_wall():
    from asgiref.sync import sync_to_async

    wall = await sync_to_async(WallFactory)()
    viewer = WebsocketCommunicator(application, f"/ws/walls/{wall.slug}/", headers=ORIGIN)
    connected, _ = await viewer.connect(timeout=30)
    assert connected
    snapshot = json.loads(await viewer.receive_from(timeout=30))
    assert snapshot["type"] == "snapshot"

    response = await post("/__bench/accept", slug=wall.slug, text="Benchmark post bnch:0:1.0: <b>hi</b>")

    assert response["status"] == 200
    frame = json.loads(await viewer.receive_from(timeout=30))
    assert frame["type"] == "event" and frame["kind"] == "published"
    assert frame["seq"] == snapshot["seq"] + 1
    assert frame["post"]["text"] == "Benchmark post bnch:0:1.0: <b>hi</b>"
    await viewer.disconnect()


async def test_unknown_hook_is_a_404():
    response = await post("/__bench/nothing-here")
    assert response["status"] == 404
