"""Who is watching a wall: counts per place from real viewer sockets, the watchers frame, the page, and
the shared Redis backend across server processes (two trackers with backends of their own)."""

import asyncio
import json
import uuid

import pytest
import redis
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from livewall.models import Wall
from livewall.stream import watcher_store, watchers

from ..factories import WallFactory
from ..sockets import connect, viewer_socket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_watchers(settings):
    """A backend of this test's own (Redis keys under a unique prefix), and frames without the 5 s wait."""
    prefix = f"test-watchers-{uuid.uuid4().hex}"
    settings.LIVEWALL_WATCHERS_KEY_PREFIX = prefix
    settings.LIVEWALL_WATCHERS_INTERVAL = 0.05
    watcher_store.set_backend(None)
    yield prefix
    watcher_store.set_backend(None)
    if settings.REDIS_URL:
        delete_keys(settings.REDIS_URL, prefix)


def delete_keys(url, prefix):
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
async def wall():
    return await database_sync_to_async(WallFactory)(moderation_mode=Wall.Moderation.POST)


async def viewer(wall, where=None):
    """A connected viewer socket past its snapshot."""
    socket = await connect(viewer_socket(wall.slug, query=f"where={where}" if where else ""))
    assert (await socket.receive_json_from(timeout=3))["type"] == "snapshot"
    return socket


async def next_watchers(socket, timeout=3):
    frame = await socket.receive_json_from(timeout=timeout)
    assert frame["type"] == "watchers", frame
    return frame["in_room"], frame["remote"]


async def watchers_reaches(socket, counts, frames=3):
    """Counts may pass through a step on the way (each change may be sent once the interval is over)."""
    seen = [await next_watchers(socket)]
    while seen[-1] != counts and len(seen) < frames:
        seen.append(await next_watchers(socket))
    return seen[-1]


@database_sync_to_async
def page_html(name, wall):
    return Client().get(reverse(f"livewall:{name}", args=[wall.slug])).content.decode()


async def test_counts_go_up_and_down_with_each_kind_of_viewer(wall):
    room = await viewer(wall, "room")
    assert await next_watchers(room) == (1, 0)
    await asyncio.sleep(0.1)  # the first change is written at once, not only when a second viewer comes
    assert 'data-watching-count="in_room">1<' in await page_html("participant", wall)

    remote = await viewer(wall, "remote")
    assert await next_watchers(remote) == (1, 1)
    assert await next_watchers(room) == (1, 1)

    screen = await viewer(wall, "screen")
    assert await next_watchers(screen) == (1, 1)  # the screen is told, but is not a person
    unsaid = await viewer(wall)
    assert await next_watchers(room) == (1, 2)  # not said counts as remote...
    assert await unsaid.receive_nothing(timeout=0.3)  # ...and an old client gets no new frames
    assert await next_watchers(screen) == (1, 2)

    html = await page_html("participant", wall)
    assert 'data-watching-count="in_room">1<' in html and 'data-watching-count="remote">2<' in html
    assert 'data-watching-count="remote">2<' in await page_html("screen", wall)

    await unsaid.disconnect()
    await remote.disconnect()
    assert await watchers_reaches(room, (1, 0)) == (1, 0)
    await screen.disconnect()
    assert await room.receive_nothing(timeout=0.3)  # a screen leaving changes no count
    await room.disconnect()
    await asyncio.sleep(0.1)  # the last socket out removes the process's entry
    assert 'data-watching-count="in_room">0<' in await page_html("participant", wall)


async def test_a_viewer_can_say_where_they_are_after_connecting(wall):
    socket = await viewer(wall, "remote")
    assert await next_watchers(socket) == (0, 1)
    await socket.send_json_to({"type": "where", "where": "room"})
    assert await next_watchers(socket) == (1, 0)
    await socket.send_json_to({"type": "where", "where": "backstage"})
    error = await socket.receive_json_from(timeout=3)
    assert (error["type"], error["code"]) == ("error", "bad_frame")
    await socket.disconnect()


async def test_changes_are_sent_at_most_once_per_interval(wall, settings):
    settings.LIVEWALL_WATCHERS_INTERVAL = 4  # well beyond the time three sockets take to connect on a busy CI
    listener = await viewer(wall, "room")
    assert await next_watchers(listener) == (1, 0)
    # The process's first write of its counts (right after the first viewer) is done: what follows
    # is throttled. (Viewers that join during that write are in its totals, which is fine.)
    await asyncio.sleep(0.5)
    others = [await viewer(wall, "remote") for _ in range(3)]
    for other in others:
        await next_watchers(other)  # each newcomer is told at once
    assert await listener.receive_nothing(timeout=0.2)  # the listener waits for the interval...
    assert await next_watchers(listener, timeout=8) == (1, 3)  # ...and then gets one frame with all three
    assert await listener.receive_nothing(timeout=0.3)
    for socket in [listener, *others]:
        await socket.disconnect()


class Member:
    """Stands in for a viewer socket of another process: watchers only calls `enqueue_text`."""

    def __init__(self):
        self.texts = []

    def enqueue_text(self, text):
        self.texts.append(text)

    def last(self):
        frame = json.loads(self.texts[-1])
        return frame["in_room"], frame["remote"]


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


async def tracker(slug, store):
    wall = watchers.WallWatchers(slug, store)
    wall.ready = asyncio.ensure_future(wall.start())
    wall.ready.add_done_callback(wall.started)
    await wall.ready
    return wall


async def test_processes_sharing_redis_agree_and_a_dead_process_expires(redis_url, fresh_watchers):
    clock = Clock()
    first_store = watcher_store.RedisBackend(redis_url, prefix=fresh_watchers, clock=clock)
    second_store = watcher_store.RedisBackend(redis_url, prefix=fresh_watchers, clock=clock)
    try:
        first = await tracker("shared", first_store)
        in_room = Member()
        first.add(in_room, watchers.IN_ROOM)
        await first.welcome(in_room)
        await asyncio.sleep(0.1)  # the throttled flush writes this process's entry

        second = await tracker("shared", second_store)
        viewers = [Member(), Member()]
        for member in viewers:
            second.add(member, watchers.REMOTE)
            await second.welcome(member)
        assert viewers[-1].last() == (1, 2)  # the second process read the first one's entry
        await asyncio.sleep(0.1)
        await first.flush()  # what the first process's heartbeat does
        assert in_room.last() == (1, 2)
        assert first_store.entries("shared") == second_store.entries("shared")
        assert sum(n for entry in first_store.entries("shared").values() for n in entry) == 3

        second.beat.cancel()  # the second process dies: no clean-up, no more heartbeats
        clock.now += watchers.entry_ttl() + 1
        await first.flush()
        assert in_room.last() == (1, 0)
        assert list(second_store.entries("shared")) == [first.entry_id]
        await first.stop()
        assert second_store.entries("shared") == {}
    finally:
        delete_keys(redis_url, fresh_watchers)


@pytest.mark.parametrize("kind", ["memory", "redis"])
def test_stale_entries_expire_and_fresh_ones_stay(kind, request, fresh_watchers):
    clock = Clock()
    if kind == "memory":
        store = watcher_store.MemoryBackend(clock=clock)
    else:
        store = watcher_store.RedisBackend(request.getfixturevalue("redis_url"), prefix=fresh_watchers, clock=clock)
    store.write("w", "alive", 2, 3, ttl=45)
    store.write("w", "dying", 1, 1, ttl=10)
    assert store.entries("w") == {"alive": (2, 3), "dying": (1, 1)}
    clock.now += 11
    assert store.entries("w") == {"alive": (2, 3)}
    store.write("w", "alive", 2, 4, ttl=45)  # a heartbeat refreshes the entry
    clock.now += 40
    assert store.entries("w") == {"alive": (2, 4)}
    store.remove("w", "alive")
    assert store.entries("w") == {}


def test_a_write_prunes_dead_processes_from_both_redis_keys(redis_url, fresh_watchers):
    import redis

    clock = Clock()
    store = watcher_store.RedisBackend(redis_url, prefix=fresh_watchers, clock=clock)
    client = redis.Redis.from_url(redis_url)
    try:
        store.write("w", "died", 1, 1, ttl=10)
        store.write("w", "alive", 2, 3, ttl=45)
        clock.now += 11
        store.write("w", "alive", 2, 3, ttl=45)  # the survivor's heartbeat
        counts, expiry = store.keys("w")
        assert set(client.hkeys(counts)) == {b"alive"}
        assert client.zrange(expiry, 0, -1) == [b"alive"]
    finally:
        client.close()
        delete_keys(redis_url, fresh_watchers)


@pytest.mark.parametrize(
    ("value", "place"),
    [("room", "in_room"), ("in_room", "in_room"), ("REMOTE", "remote"), ("screen", "screen"), ("", None), ("x", None)],
)
def test_where_values(value, place):
    assert watchers.parse_where(value) == place
