"""The control room reaches every open screen on every server process within a second: two server
processes on one Redis (the scale-out channel layer), screens on both, a moderator logged in on
the first; the kill switch, the banner and the layout each arrive on every screen, and a screen
that reconnects (to the other process) opens with the current state."""

import json
import time
from contextlib import ExitStack

import httpx
import pytest
from websockets.sync.client import connect as ws_connect

from livewall.models import Wall
from tests.livewall.factories import ModeratorFactory, WallFactory, approved_post

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(240)]

PASSWORD = "correct horse battery staple"  # tests/livewall/factories.UserFactory's
REACH_SECONDS = 1.0


def logged_in(server, user):
    """An HTTP client signed in to the admin of `server` through its real login form."""
    client = httpx.Client(base_url=server.base_url, timeout=30)
    client.get("/admin/login/").raise_for_status()
    response = client.post(
        "/admin/login/",
        data={"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": client.cookies["csrftoken"]},
    )
    assert response.status_code == 302, response.text[:500]
    return client


def control(client, slug, name, data):
    """POST one control-room change (after a GET, for a fresh CSRF token); the time it was sent."""
    client.get(f"/admin/live-walls/control/{slug}/").raise_for_status()
    sent = time.monotonic()
    data = {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"]}
    response = client.post(f"/admin/live-walls/control/{slug}/{name}/", data=data)
    assert response.status_code == 302, response.text[:500]
    return sent


def screen(server, slug, query=""):
    return ws_connect(f"{server.ws_base}/ws/walls/{slug}/?where=screen{query}", origin=server.base_url)


def next_screen_frame(socket, timeout=5):
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(socket.recv(timeout=max(0.01, deadline - time.monotonic())))
        if frame["type"] == "screen":
            return frame, time.monotonic()


def test_every_change_reaches_every_screen_of_both_processes_within_a_second(start_server, private_redis, unique_slug):
    wall = WallFactory(slug=unique_slug, moderation_mode=Wall.Moderation.POST)
    approved_post(wall, text="already on the wall")
    moderator = ModeratorFactory()
    first, second = start_server(private_redis.url), start_server(private_redis.url)
    with ExitStack() as stack:
        screens = [stack.enter_context(screen(server, unique_slug)) for server in (first, second, second)]
        for socket in screens:
            assert json.loads(socket.recv(timeout=10))["type"] == "snapshot"
        client = logged_in(first, moderator)
        changes = [
            ("kill-switch", {"blanked": "1"}, {"blanked": True}),
            ("banner", {"banner": "Lunch until 13:30"}, {"banner": "Lunch until 13:30"}),
            ("layout", {"layout": "single"}, {"layout": "single"}),
            ("kill-switch", {"blanked": "0"}, {"blanked": False}),
        ]
        for version, (name, data, expected) in enumerate(changes, start=1):
            sent = control(client, unique_slug, name, data)
            for index, socket in enumerate(screens):
                frame, arrived = next_screen_frame(socket)
                assert frame["version"] == version, (index, frame)
                assert {key: frame[key] for key in expected} == expected, (index, frame)
                assert arrived - sent < REACH_SECONDS, f"screen {index} got {name} after {arrived - sent:.2f} s"
        # A screen that drops and comes back (to the other process, with its cursor) opens with the state.
        screens[0].close()
        wall.refresh_from_db()
        screens[0] = stack.enter_context(screen(second, unique_slug, f"&after={wall.last_seq}"))
        frame, _ = next_screen_frame(screens[0])
        assert (frame["version"], frame["blanked"], frame["banner"], frame["layout"]) == (
            4,
            False,
            "Lunch until 13:30",
            "single",
        )
        wall.refresh_from_db()
        assert (wall.screen_version, wall.screen_layout, wall.screen_banner) == (4, "single", "Lunch until 13:30")
