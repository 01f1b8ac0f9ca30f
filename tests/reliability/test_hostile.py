"""Hostile input against the real endpoints of a running server: each gets a clear 4xx or an error
frame, nothing is stored that should not be, and the server keeps serving."""

import json
import re
import socket
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from django.db import connection
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from livewall.models import Post, Wall
from portal.public_input.text import clean_text
from tests.conftest import missing_service
from tests.livewall.factories import WallFactory
from tests.support.databases import subprocess_database_url
from tests.support.servers import ServerProcess

from . import hostile
from .harness import Participant
from .hostile.images import SCRIPT, corpus, small_jpeg
from .processes import RedisProcess, server_environment

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def server(reliability_database, reliability_secret_key, tmp_path_factory):
    """One server for the whole corpus (each test has walls of its own): hostile input must not
    need a fresh process, and the last test still finds it serving."""
    if connection.vendor != "postgresql":
        missing_service("the reliability suite needs PostgreSQL (DATABASE_URL)")
    redis = RedisProcess().start()
    media_root = tmp_path_factory.mktemp("media")
    env = server_environment(
        subprocess_database_url(),
        redis.url,
        RELIABILITY_SECRET_KEY=reliability_secret_key,
        RELIABILITY_MEDIA_ROOT=media_root,
        # Every simulated participant shares 127.0.0.1: lift the per-address cap for these bursts.
        RELIABILITY_RATE_PER_ADDRESS=100_000,
    )
    process = ServerProcess(
        env, log_path=tmp_path_factory.mktemp("logs") / "server.log", ready_path="/robots.txt"
    ).start()
    process.media_root = media_root
    yield process
    process.stop()
    redis.stop()


@pytest.fixture
def unique_slug(live_db, unique_slug):
    return unique_slug


JS_CATALOG = re.compile(r"(/[a-z]{2})?/jsi18n/")


class ActiveContent(HTMLParser):
    """Collects anything in a page that could run code: script elements, event handler attributes,
    javascript: URLs, and embedding elements."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            src = dict(attrs).get("src") or ""
            # Our own files, and our own JavaScript catalog (/jsi18n/, /cy/jsi18n/: the scripts' strings).
            if not (src.startswith("/static/") or JS_CATALOG.fullmatch(src)):
                self.found.append(f"<script {attrs}>")
        if tag in ("iframe", "object", "embed", "base") or (tag == "meta" and "http-equiv" in dict(attrs)):
            self.found.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "data") and (value or "").strip().lower().startswith(
                ("javascript:", "data:text")
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def active_content(html):
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


def ws_url(server, slug, query=""):
    return f"{server.ws_base}/ws/walls/{slug}/{query}"


def recv_json(socket_, timeout=10):
    return json.loads(socket_.recv(timeout=timeout))


def still_serving(server, slug):
    response = httpx.get(f"{server.base_url}/walls/{slug}/", timeout=10)
    assert response.status_code == 200
    with connect(ws_url(server, slug), origin=server.base_url, open_timeout=10) as viewer:
        assert recv_json(viewer)["type"] == "snapshot"
    assert server.alive()


def media_files(root):
    root = Path(root)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_xss_payloads_in_every_field_are_kept_as_text_and_never_active(server, unique_slug):
    wall = WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    payloads = hostile.xss_payloads()
    with connect(ws_url(server, unique_slug), origin=server.base_url, open_timeout=10) as viewer:
        assert recv_json(viewer)["type"] == "snapshot"
        participant = Participant(server, unique_slug)
        accepted = []
        for payload in payloads:
            participant = Participant(server, unique_slug)  # a fresh browser each time: no rate limit
            response = participant.post(payload, author_name=payload[:60])
            assert response.status_code == 201, (payload, response.text[:300])
            accepted.append(response.json()["post"])
            # Other fields that only take a fixed shape refuse the payload outright.
            refused = Participant(server, unique_slug).post("fine text", video_url=payload, attending=payload)
            assert refused.status_code == 400, (payload, refused.status_code)
            assert "errors" in refused.json()
        frames = [recv_json(viewer) for _ in payloads]

    assert Post.objects.filter(wall=wall).count() == len(payloads)
    for payload, post, frame in zip(payloads, accepted, frames, strict=True):
        stored = Post.objects.get(pk=post["id"])
        assert stored.text == clean_text(payload) == post["text"] == frame["post"]["text"]
        assert stored.author_name == clean_text(payload[:60])
        assert all(link.startswith(("http://", "https://")) for link in stored.links)

    for path in (f"/walls/{unique_slug}/", f"/walls/{unique_slug}/screen/"):
        page = httpx.get(f"{server.base_url}{path}", timeout=10)
        assert page.status_code == 200
        assert active_content(page.text) == [], path
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "unsafe-inline" not in page.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]

    api = httpx.get(f"{server.base_url}/api/walls/{unique_slug}/posts/?after=0&limit=200", timeout=10)
    assert api.headers["Content-Type"].startswith("application/json")
    assert sorted(item["text"] for item in api.json()["posts"]) == sorted(clean_text(p) for p in payloads)
    still_serving(server, unique_slug)


def test_unicode_edge_text_is_normalised_and_limits_are_clear(server, unique_slug):
    wall = WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    for case in hostile.unicode_cases():
        response = Participant(server, unique_slug).post(case["text"])
        assert response.status_code == 201, (case["name"], response.text[:300])
        stored = Post.objects.get(pk=response.json()["post"]["id"]).text
        assert stored == clean_text(case["text"])
        for forbidden in case["must_not_contain"]:
            assert forbidden not in stored, case["name"]

    too_long = Participant(server, unique_slug).post("x" * 501)
    assert too_long.status_code == 400
    assert "500 characters" in json.dumps(too_long.json())
    # 500 astral characters are 500 characters (not 1,000 UTF-16 units or 2,000 bytes).
    emoji = Participant(server, unique_slug).post("🎉" * 500)
    assert emoji.status_code == 201
    zalgo = Participant(server, unique_slug).post("Z" + "\u0351" * 5_000)
    assert zalgo.status_code == 400
    empty = Participant(server, unique_slug).post("\u202e\u200f\x00\x07  \n\n\u2066")
    assert empty.status_code == 400
    assert Post.objects.filter(wall=wall).count() == len(hostile.unicode_cases()) + 1
    still_serving(server, unique_slug)


def test_sql_looking_input_is_just_text(server, unique_slug):
    wall = WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    for payload in hostile.sql_payloads():
        response = Participant(server, unique_slug).post(payload, author_name=payload[:60])
        assert response.status_code == 201
        assert Post.objects.get(pk=response.json()["post"]["id"]).text == clean_text(payload)
    assert Post.objects.filter(wall=wall).count() == len(hostile.sql_payloads())
    for query in ("after=1 OR 1=1", "after=1;DROP TABLE livewall_post", "limit=-1", "after=%27", "limit=10**9"):
        response = httpx.get(f"{server.base_url}/api/walls/{unique_slug}/posts/?{query}", timeout=10)
        assert response.status_code == 400, query
        assert response.json().get("error") or response.json().get("message"), query
    still_serving(server, unique_slug)


def test_path_traversal_slugs_are_not_found(server, unique_slug):
    WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    for slug in hostile.traversal_slugs():
        for path in (f"/walls/{slug}/", f"/walls/{slug}/screen/", f"/api/walls/{slug}/posts/", f"/walls/{slug}/qr.svg"):
            response = httpx.get(f"{server.base_url}{path}", timeout=10)
            assert response.status_code in (400, 404), (path, response.status_code)
            assert "root:" not in response.text and "SECRET_KEY" not in response.text
        posted = httpx.post(f"{server.base_url}/walls/{slug}/post/", data={"text": "hi"}, timeout=10)
        assert posted.status_code in (400, 403, 404), (slug, posted.status_code)
    with connect(ws_url(server, "no-such-wall"), origin=server.base_url, open_timeout=10) as viewer:
        with pytest.raises(ConnectionClosed) as closed:
            viewer.recv(timeout=10)
        assert closed.value.rcvd.code == 4004
    # A socket path with no route is refused at the handshake (portal.origin.SocketRoutes), not a 500.
    for path in ("/ws/walls/..%2F..%2Fetc/", "/ws/no-such-socket/", "/ws/walls/%00/", "/ws/walls/a/b/"):
        with pytest.raises(InvalidStatus) as refused:
            with connect(f"{server.ws_base}{path}", origin=server.base_url, open_timeout=10):
                pass
        assert refused.value.response.status_code == 403, path
    assert not Post.objects.filter(text="hi").exists()
    still_serving(server, unique_slug)


def test_hostile_images_are_refused_or_re_encoded_and_nothing_else_is_stored(server, unique_slug):
    wall = WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    media_root = server.media_root
    files_before = len(media_files(media_root))
    accepted = 0
    for name, filename, content_type, data, outcome in corpus():
        response = Participant(server, unique_slug).post(
            f"Image test {name}", files={"image": (filename, data, content_type)}
        )
        if outcome == "refused":
            assert response.status_code in (400, 413), (name, response.status_code, response.text[:200])
            body = response.json()
            assert body["ok"] is False and body["errors"].get("image"), name
            assert not Post.objects.filter(text=f"Image test {name}").exists(), name
        else:
            assert response.status_code == 201, (name, response.text[:300])
            accepted += 1
            stored = Post.objects.get(text=f"Image test {name}")
            saved = Path(media_root, stored.image.name).read_bytes()
            assert SCRIPT not in saved and b"<html" not in saved, name
            image = httpx.get(f"{server.base_url}{response.json()['post']['image_url']}", timeout=10)
            assert image.status_code == 200 and image.headers["Content-Type"] in ("image/jpeg", "image/webp")
    assert Post.objects.filter(wall=wall).count() == accepted
    assert len(media_files(media_root)) == files_before + accepted
    still_serving(server, unique_slug)


def test_huge_bodies_are_refused_with_413_before_they_are_processed(server, unique_slug):
    wall = WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    files_before = media_files(server.media_root)
    eleven_mb = small_jpeg() + b"\0" * (11 * 1024 * 1024)
    response = Participant(server, unique_slug).post("big", files={"image": ("big.jpg", eleven_mb, "image/jpeg")})
    assert response.status_code == 413
    assert "10 MB" in response.json()["message"]

    huge_text = Participant(server, unique_slug).post("y" * (13 * 1024 * 1024))
    assert huge_text.status_code in (400, 413)

    started = time.monotonic()
    thirty_mb = b"\0" * (30 * 1024 * 1024)
    response = Participant(server, unique_slug).post("bigger", files={"image": ("x.jpg", thirty_mb, "image/jpeg")})
    assert response.status_code == 413
    assert time.monotonic() - started < 30
    assert Post.objects.filter(wall=wall).count() == 0
    assert media_files(server.media_root) == files_before
    still_serving(server, unique_slug)


def test_csrf_less_and_cross_origin_posts_are_refused(server, unique_slug):
    wall = WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    participant = Participant(server, unique_slug)
    no_token = participant.post("no token", csrf=False)
    assert no_token.status_code == 403
    wrong_token = participant.post("wrong token", csrf=False, csrfmiddlewaretoken="x" * 64)
    assert wrong_token.status_code == 403
    fresh_client = httpx.post(f"{server.base_url}/walls/{unique_slug}/post/", data={"text": "drive-by"}, timeout=10)
    assert fresh_client.status_code == 403
    cross_origin = participant.client.post(
        f"/walls/{unique_slug}/post/",
        data={"text": "from evil", "csrfmiddlewaretoken": participant.csrf_token},
        headers={"Origin": "https://evil.example"},
    )
    assert cross_origin.status_code == 403
    assert Post.objects.filter(wall=wall).count() == 0
    assert participant.post("with the token").status_code == 201


def test_rate_limit_honeypot_and_closed_wall_refuse_clearly(server, unique_slug):
    wall = WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    burst = Participant(server, unique_slug)
    statuses = [burst.post(f"burst {n}").status_code for n in range(7)]
    # 5 a minute; the sliding window is approximated from two fixed ones, so a burst that straddles a
    # minute boundary may get one more through, never two.
    assert statuses[:5] == [201] * 5 and statuses[6] == 429, statuses
    limited = burst.post("one more")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert "wait" in limited.json()["message"].lower()
    # The rest of the room (same address, other browsers) is not locked out.
    assert Participant(server, unique_slug).post("a neighbour").status_code == 201

    bot = Participant(server, unique_slug).post("buy now", website="https://spam.example")
    assert bot.status_code == 201
    assert not Post.objects.filter(text="buy now").exists()

    Wall.objects.filter(pk=wall.pk).update(contributions_open=False)
    # A browser that opened the page before the wall closed (it has its CSRF cookie).
    closed = burst.post("too late")
    assert closed.status_code == 403 and "not taking contributions" in closed.json()["message"]
    assert Post.objects.filter(wall=wall).count() == statuses.count(201) + 1


def test_malformed_oversize_and_flooding_socket_frames(server, unique_slug):
    WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    url = ws_url(server, unique_slug)

    with connect(url, origin=server.base_url, open_timeout=10) as viewer:
        assert recv_json(viewer)["type"] == "snapshot"
        for frame, code in [
            ("not json", "bad_json"),
            ("[1, 2, 3]", "bad_frame"),
            ('{"type": "moderate", "action": "approve", "post": 1}', "unknown_type"),
            ('{"type": "resume", "after": "0 OR 1=1"}', "bad_cursor"),
        ]:
            viewer.send(frame)
            reply = recv_json(viewer)
            assert reply["type"] == "error" and reply["code"] == code, (frame, reply)
            assert reply["message"]
        viewer.send(b"\x00\x01binary")
        assert recv_json(viewer)["code"] == "binary"
        # The fifth bad frame closes the socket with the documented abuse code.
        with pytest.raises(ConnectionClosed) as closed:
            recv_json(viewer)
        assert closed.value.rcvd.code == 4008

    with connect(url, origin=server.base_url, open_timeout=10) as viewer:
        recv_json(viewer)
        viewer.send(json.dumps({"type": "resume", "after": 0, "padding": "x" * 5000}))
        with pytest.raises(ConnectionClosed) as closed:
            recv_json(viewer)
        assert closed.value.rcvd.code == 4009

    with connect(url, origin=server.base_url, open_timeout=10, max_size=None) as viewer:
        recv_json(viewer)
        # 2 MB in one frame: refused with 4009/1009, or the connection is dropped outright.
        with pytest.raises(ConnectionClosed) as closed:
            viewer.send("x" * (2 * 1024 * 1024))
            while True:
                recv_json(viewer)
        assert closed.value.rcvd is None or closed.value.rcvd.code in (1009, 4009)

    with connect(url, origin=server.base_url, open_timeout=10) as viewer:
        recv_json(viewer)
        with pytest.raises(ConnectionClosed) as closed:
            for _ in range(40):
                viewer.send('{"type": "ping"}')
            while True:
                recv_json(viewer)
        assert closed.value.rcvd.code == 4008
    still_serving(server, unique_slug)


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1.evil.example", None])
def test_forged_or_missing_websocket_origin_is_rejected(server, unique_slug, origin):
    WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    with pytest.raises(InvalidStatus) as refused:
        with connect(ws_url(server, unique_slug), origin=origin, open_timeout=10):
            pass
    assert refused.value.response.status_code == 403
    still_serving(server, unique_slug)


def test_slow_clients_do_not_hold_up_the_wall(server, unique_slug):
    wall = WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    # An HTTP client that sends its request one byte at a time (slowloris).
    slow_http = socket.create_connection(("127.0.0.1", server.port))
    slow_http.send(b"GET /walls/")
    try:
        # `stalled` completes the handshake and then never reads (its queue fills, then TCP's).
        with (
            connect(ws_url(server, unique_slug), origin=server.base_url, open_timeout=10, max_queue=1),
            connect(ws_url(server, unique_slug), origin=server.base_url, open_timeout=10) as viewer,
        ):
            recv_json(viewer)
            started = time.monotonic()
            for n in range(20):
                assert Participant(server, unique_slug).post(f"Despite slow clients {n}").status_code == 201
                slow_http.send(b"x")
            received = [recv_json(viewer)["seq"] for _ in range(20)]
            assert received == list(range(1, 21))
            assert time.monotonic() - started < 60
    finally:
        slow_http.close()
    wall.refresh_from_db()
    assert wall.last_seq == 20
    still_serving(server, unique_slug)


# Longer query strings are past the servers' request-line limits (a refusal or a dropped
# connection, before Django); the search forms cap what a browser sends at 200 characters.
REQUEST_LINE_BUDGET = 8000


def test_search_boxes_take_any_text(server, unique_slug):
    for text in hostile.query_texts():
        for name in ("query", "q"):
            url = httpx.URL(f"{server.base_url}/search/", params={name: text})
            if len(url.raw_path) > REQUEST_LINE_BUDGET:
                try:
                    status = httpx.get(url, timeout=30).status_code
                except httpx.RemoteProtocolError:
                    status = None
                assert status in (None, 200, 400, 414), (name, text[:40], status)
                continue
            response = httpx.get(url, timeout=30)
            assert response.status_code == 200, (name, text[:40], response.status_code)
            assert "Traceback" not in response.text
    WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    still_serving(server, unique_slug)


def test_the_server_log_shows_no_traceback(server):
    """Last in the module: every hostile request above was answered without an exception escaping
    to the server (a refused suspicious request logs one line, portal/log_filters.py)."""
    log = server.log_path.read_text(errors="replace")
    assert "Traceback" not in log, log[-6000:]
