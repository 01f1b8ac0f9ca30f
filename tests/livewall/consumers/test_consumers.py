"""The viewer socket end to end: real ASGI application, real database, the configured channel layer
(in-memory, or Redis pub/sub when REDIS_URL is set, as in CI's second run)."""

import asyncio
import json
from contextlib import contextmanager

import pytest
from channels import DEFAULT_CHANNEL_LAYER
from channels.db import database_sync_to_async
from channels.layers import channel_layers, get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings
from django.db import transaction

from livewall.consumers.codes import CLOSE_ABUSE, CLOSE_TOO_LARGE, CLOSE_TOO_SLOW, CLOSE_UNKNOWN_WALL, MAX_BACKLOG
from livewall.consumers.viewer import WallConsumer
from livewall.intake import services
from livewall.models import Wall, WallEvent
from livewall.moderation import actions
from livewall.stream import publisher
from livewall.stream.catchup import MAX_CATCH_UP
from livewall.stream.groups import WALL_EVENT, wall_group
from livewall.stream.relay import WallRelay

from ..factories import WallFactory, incoming_post
from ..layer import closed_port
from ..sockets import connect, receive_close, viewer_socket

pytestmark = pytest.mark.django_db(transaction=True)

accept = database_sync_to_async(services.accept)


@pytest.fixture(autouse=True)
def no_oembed(settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0


def act(action):
    return database_sync_to_async(getattr(actions, action))


async def post(wall, text="hello", **fields):
    return await accept(wall, incoming_post(text=text, **fields))


async def test_connect_sends_a_snapshot_with_pinned_posts_first(wall, moderator):
    oldest = await post(wall, "oldest")
    middle = await post(wall, "middle")
    newest = await post(wall, "newest")
    await act("pin")(oldest, moderator)
    socket = await connect(viewer_socket(wall.slug))
    snapshot = await socket.receive_json_from(timeout=3)
    assert snapshot["type"] == "snapshot"
    assert snapshot["seq"] == 4
    assert [p["id"] for p in snapshot["posts"]] == [oldest.pk, newest.pk, middle.pk]
    assert snapshot["posts"][0]["pinned"] is True
    await socket.disconnect()


async def test_live_post_removal_and_pin_reach_the_viewer(wall, moderator):
    socket = await connect(viewer_socket(wall.slug))
    assert (await socket.receive_json_from(timeout=3))["seq"] == 0

    created = await post(wall, '<script>alert("x")</script> & friends')
    published = await socket.receive_json_from(timeout=3)
    assert (published["type"], published["seq"], published["kind"]) == ("event", 1, "published")
    assert published["post"]["id"] == created.pk
    assert published["post"]["text"] == '<script>alert("x")</script> & friends'  # data, not HTML

    await act("pin")(created, moderator)
    pinned = await socket.receive_json_from(timeout=3)
    assert (pinned["seq"], pinned["kind"], pinned["post"]["pinned"]) == (2, "updated", True)

    await act("unpin")(created, moderator)
    unpinned = await socket.receive_json_from(timeout=3)
    assert (unpinned["seq"], unpinned["kind"], unpinned["post"]["pinned"]) == (3, "updated", False)

    await act("hide")(created, moderator)
    removed = await socket.receive_json_from(timeout=3)
    assert removed == {"type": "event", "seq": 4, "kind": "removed", "post": {"id": created.pk, "removed": True}}
    assert await socket.receive_json_from(timeout=3) == {"type": "held_back", "count": 1}  # only the number
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_pending_posts_never_reach_viewers(moderator):
    wall = await database_sync_to_async(WallFactory)(moderation_mode=Wall.Moderation.PRE)
    socket = await connect(viewer_socket(wall.slug))
    await socket.receive_json_from(timeout=3)
    waiting = await post(wall, "waiting for a moderator")
    assert await socket.receive_nothing(timeout=0.5)
    await act("approve")(waiting, moderator)
    published = await socket.receive_json_from(timeout=3)
    assert (published["seq"], published["kind"], published["post"]["id"]) == (1, "published", waiting.pk)
    await socket.disconnect()


async def test_resume_replays_what_was_missed_then_goes_live(wall, moderator):
    before = await post(wall, "before")
    socket = await connect(viewer_socket(wall.slug))
    cursor = (await socket.receive_json_from(timeout=3))["seq"]
    await socket.disconnect()

    # While the screen is away: two posts, one of them removed again, a pin.
    gone = await post(wall, "posted then hidden")
    kept = await post(wall, "posted and pinned")
    await act("hide")(gone, moderator)
    await act("pin")(before, moderator)

    socket = await connect(viewer_socket(wall.slug))
    assert (await socket.receive_json_from(timeout=3))["type"] == "snapshot"
    await socket.send_json_to({"type": "resume", "after": cursor})
    replay = [await socket.receive_json_from(timeout=3) for _ in range(4)]
    assert [(f["seq"], f["kind"], f["post"]["id"]) for f in replay] == [
        (cursor + 1, "removed", gone.pk),  # published while away, removed since: sent as removed
        (cursor + 2, "published", kept.pk),
        (cursor + 3, "removed", gone.pk),
        (cursor + 4, "updated", before.pk),
    ]
    assert replay[3]["post"]["pinned"] is True
    assert "text" not in replay[0]["post"]
    assert await socket.receive_nothing(timeout=0.3)

    live = await post(wall, "live again")
    frame = await socket.receive_json_from(timeout=3)
    assert (frame["seq"], frame["post"]["id"]) == (cursor + 5, live.pk)
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_connecting_with_a_cursor_skips_the_snapshot(wall):
    await post(wall, "seen")
    missed = await post(wall, "missed")
    socket = await connect(viewer_socket(wall.slug, query="after=1"))
    frame = await socket.receive_json_from(timeout=3)
    assert (frame["type"], frame["seq"], frame["post"]["id"]) == ("event", 2, missed.pk)
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_no_gap_and_no_duplicate_while_posts_keep_coming(wall):
    """Posts keep being accepted (each a separate database call, interleaved with the consumer's own
    queries) while the client connects and resumes."""
    total = 30

    async def keep_posting():
        for number in range(total):
            await post(wall, f"burst {number}")

    writer = asyncio.ensure_future(keep_posting())
    socket = await connect(viewer_socket(wall.slug, query="after=0"))
    await asyncio.sleep(0.05)
    await socket.send_json_to({"type": "resume", "after": 0})
    await writer
    frames = []
    while not await socket.receive_nothing(timeout=0.5):
        frames.append(await socket.receive_json_from())
        assert len(frames) <= 2 * total, [frame["seq"] for frame in frames]
    # The explicit resume replays from 0 once more, before or after the first pass reached the end;
    # each pass must be gap-free and in order, and the last one ends at the wall's latest seq.
    passes, current = [], []
    for frame in frames:
        if current and frame["seq"] <= current[-1]:
            passes.append(current)
            current = []
        current.append(frame["seq"])
    passes.append(current)
    assert len(passes) == 2, passes
    assert passes[0][0] == 1 and passes[1][0] == 1
    assert passes[-1][-1] == total
    for seqs in passes:
        assert seqs == list(range(seqs[0], seqs[-1] + 1))
    await socket.disconnect()


async def test_a_gap_over_the_limit_gets_a_fresh_snapshot(wall):
    first = await post(wall, "changed many times while the client was away")

    @database_sync_to_async
    def many_changes():
        # Events only (no broadcast): nobody is connected while they happen.
        with transaction.atomic():
            for _ in range(MAX_CATCH_UP + 1):
                publisher.append_event(wall, first, WallEvent.Kind.UPDATED)

    await many_changes()
    socket = await connect(viewer_socket(wall.slug))
    await socket.receive_json_from(timeout=3)
    await socket.send_json_to({"type": "resume", "after": 1})
    frame = await socket.receive_json_from(timeout=5)
    assert frame["type"] == "snapshot"
    assert frame["seq"] == MAX_CATCH_UP + 2
    assert [p["id"] for p in frame["posts"]] == [first.pk]
    await socket.disconnect()


async def test_a_cursor_from_the_future_gets_a_snapshot(wall):
    await post(wall)
    socket = await connect(viewer_socket(wall.slug, query="after=999"))
    frame = await socket.receive_json_from(timeout=3)
    assert (frame["type"], frame["seq"]) == ("snapshot", 1)
    await socket.disconnect()


@contextmanager
def channel_layer_down():
    """Swap the process's channel layer for Redis on a closed port, then put the working one back."""
    working = get_channel_layer()
    channel_layers.backends[DEFAULT_CHANNEL_LAYER] = RedisPubSubChannelLayer(
        hosts=[f"redis://127.0.0.1:{closed_port()}/0"]
    )
    try:
        yield
    finally:
        channel_layers.backends[DEFAULT_CHANNEL_LAYER] = working


async def test_channel_layer_down_loses_no_post(wall, caplog):
    with channel_layer_down():
        saved = await post(wall, "saved while the layer is down")
    assert "Channel layer unavailable" in caplog.text
    socket = await connect(viewer_socket(wall.slug))
    snapshot = await socket.receive_json_from(timeout=3)
    assert [p["id"] for p in snapshot["posts"]] == [saved.pk]
    await socket.disconnect()


async def test_a_lost_broadcast_is_replayed_when_the_next_one_shows_the_gap(wall):
    socket = await connect(viewer_socket(wall.slug))
    await socket.receive_json_from(timeout=3)
    with channel_layer_down():
        lost = await post(wall, "broadcast lost")
    assert await socket.receive_nothing(timeout=0.3)
    after = await post(wall, "broadcast fine")
    first, second = await socket.receive_json_from(timeout=3), await socket.receive_json_from(timeout=3)
    assert [(first["seq"], first["post"]["id"]), (second["seq"], second["post"]["id"])] == [(1, lost.pk), (2, after.pk)]
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


@pytest.mark.parametrize(
    "frame,code",
    [
        ("not json", "bad_json"),
        ("[1, 2]", "bad_frame"),
        ('{"type": "subscribe", "wall": "other"}', "unknown_type"),
        ('{"type": "resume", "after": "ten"}', "bad_cursor"),
        ('{"type": "resume", "after": -1}', "bad_cursor"),
        ('{"type": "resume"}', "bad_cursor"),
    ],
)
async def test_bad_frames_get_an_error_frame(wall, frame, code):
    socket = await connect(viewer_socket(wall.slug))
    await socket.receive_json_from(timeout=3)
    await socket.send_to(text_data=frame)
    error = await socket.receive_json_from(timeout=3)
    assert (error["type"], error["code"]) == ("error", code)
    assert error["message"]
    # Still usable afterwards.
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from(timeout=3) == {"type": "pong"}
    await socket.disconnect()


async def test_binary_frames_get_an_error_frame(wall):
    socket = await connect(viewer_socket(wall.slug))
    await socket.receive_json_from(timeout=3)
    await socket.send_to(bytes_data=b"\x00\x01")
    assert (await socket.receive_json_from(timeout=3))["code"] == "binary"
    await socket.disconnect()


async def test_a_frame_over_4_kb_closes_the_socket(wall):
    socket = await connect(viewer_socket(wall.slug))
    await socket.receive_json_from(timeout=3)
    await socket.send_to(text_data=json.dumps({"type": "resume", "after": 0, "pad": "x" * 5000}))
    assert await receive_close(socket) == CLOSE_TOO_LARGE
    await socket.disconnect()


async def test_repeated_bad_frames_close_the_socket(wall):
    socket = await connect(viewer_socket(wall.slug))
    await socket.receive_json_from(timeout=3)
    for _ in range(5):
        await socket.send_to(text_data="{oops")
    for _ in range(5):
        assert (await socket.receive_json_from(timeout=3))["code"] == "bad_json"
    assert await receive_close(socket) == CLOSE_ABUSE
    await socket.disconnect()


async def test_flooding_closes_the_socket(wall):
    socket = await connect(viewer_socket(wall.slug))
    await socket.receive_json_from(timeout=3)
    for _ in range(25):
        await socket.send_json_to({"type": "ping"})
    codes = []
    while True:
        message = await socket.receive_output(timeout=3)
        if message["type"] == "websocket.close":
            break
        codes.append(json.loads(message["text"])["type"])
    assert message["code"] == CLOSE_ABUSE
    assert codes == ["pong"] * 20
    await socket.disconnect()


async def test_unknown_wall_closes_with_4004():
    socket = await connect(viewer_socket("no-such-wall"))
    assert await receive_close(socket) == CLOSE_UNKNOWN_WALL
    await socket.disconnect()


async def test_a_forged_origin_is_refused(wall):
    socket = viewer_socket(wall.slug, origin=b"https://evil.example")
    connected, _ = await socket.connect(timeout=3)
    assert not connected
    good = await connect(viewer_socket(wall.slug))
    assert (await good.receive_json_from(timeout=3))["type"] == "snapshot"
    await good.disconnect()


def client_stops_reading_after(frames_read):
    """ASGI wrapper: the client reads `frames_read` frames, then never again (its sends block)."""

    def wrap(app):
        async def stalled(scope, receive, send):
            count = 0

            async def blocking_send(message):
                nonlocal count
                if message["type"] == "websocket.send":
                    count += 1
                    if count > frames_read:
                        await asyncio.Event().wait()
                await send(message)

            await app(scope, receive, blocking_send)

        return stalled

    return wrap


async def test_a_client_that_stops_reading_is_closed_with_4010(wall):
    from portal.asgi import application

    socket = await connect(viewer_socket(wall.slug, app=client_stops_reading_after(1)(application)))
    snapshot = await socket.receive_json_from(timeout=3)
    layer = get_channel_layer()
    group = wall_group(wall.slug)
    seq = snapshot["seq"]
    for number in range(MAX_BACKLOG + 5):
        seq += 1
        await layer.group_send(group, {"type": WALL_EVENT, "seq": seq, "text": json.dumps({"n": number})})
        await asyncio.sleep(0)  # as between real broadcasts: let the server process them
    assert await receive_close(socket, timeout=10) == CLOSE_TOO_SLOW
    await socket.disconnect()


@pytest.mark.redis
async def test_an_idle_viewer_on_real_redis_still_gets_posts_after_10_seconds(wall, redis_url, settings):
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": {"hosts": [redis_url]}}
    }
    socket = await connect(viewer_socket(wall.slug))
    await socket.receive_json_from(timeout=3)
    await asyncio.sleep(11)
    late = await post(wall, "still there?")
    frame = await socket.receive_json_from(timeout=3)
    assert (frame["seq"], frame["post"]["id"]) == (1, late.pk)
    await socket.disconnect()


def test_the_configured_layer_is_the_one_under_test():
    """CI's second run sets REDIS_URL: these tests then run on Redis pub/sub."""
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    if settings.REDIS_URL:
        assert backend == "channels_redis.pubsub.RedisPubSubChannelLayer"
    else:
        assert backend == "channels.layers.InMemoryChannelLayer"
    assert WallConsumer.dispatch is not WallConsumer.__mro__[-2].dispatch


async def test_viewers_of_a_wall_share_one_subscription_per_process(wall):
    first = await connect(viewer_socket(wall.slug))
    second = await connect(viewer_socket(wall.slug))
    for socket in (first, second):
        await socket.receive_json_from(timeout=3)
    assert WallRelay.local_viewers(wall.slug) == 2
    created = await post(wall, "for both")
    for socket in (first, second):
        assert (await socket.receive_json_from(timeout=3))["post"]["id"] == created.pk
    await first.disconnect()
    assert WallRelay.local_viewers(wall.slug) == 1
    await second.disconnect()
    assert WallRelay.local_viewers(wall.slug) == 0
