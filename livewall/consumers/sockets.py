"""Websocket consumers of the live wall.

Viewer socket `ws/walls/<slug>/` (WallConsumer)
  Server -> client frames (JSON text):
    {"type": "snapshot", "seq": N, "posts": [post, ...], "html": ["<li ...>", ...]}
        latest approved posts, pinned first; html[i] is posts[i]'s fragment
    {"type": "event", "seq": N, "kind": "published" | "updated", "post": post, "html": "<li ...>"}
    {"type": "event", "seq": N, "kind": "removed", "post": {"id": .., "removed": true}}   (no html)
    `post` is plain data (livewall.stream.serializers.post_payload); `html` is the post's
    <li class="wall-post"> rendered by livewall.stream.render.post_html from that data with the
    page's template (templates/livewall/includes/post.html, the wall's show_source_icons), the same
    bytes as on the participant page and the big screen. Every path carries the same HTML: live
    events (rendered once per broadcast by the publisher), catch-up from the hub's memory or the
    database, snapshots. Clients insert it as is (user text is escaped by the template).
    {"type": "error", "code": "bad_json" | "bad_frame" | "unknown_type" | "bad_cursor" | "binary", "message": ..}
    {"type": "pong"}
    {"type": "watchers", "in_room": N, "remote": M}   people watching the wall (all server processes),
        only to sockets that said `where` (below): once after the snapshot or catch-up, then when
        the counts change, at most one every LIVEWALL_WATCHERS_INTERVAL (5 s) per wall and process
  Client -> server frames: {"type": "resume", "after": N} (replay every event after N, or a fresh
  snapshot when more than 500 were missed), {"type": "where", "where": "room" | "remote"} (the
  viewer changed where they are; "bad_frame" error otherwise) and {"type": "ping"}. Anything else
  gets an error frame.
  A client that already knows its cursor may connect to `ws/walls/<slug>/?after=N` to resume at
  once instead of receiving the connect-time snapshot. `?where=room|remote|screen` says where the
  viewer is (livewall.stream.watchers): screens are not counted, a viewer who does not say is counted as
  remote and gets no watchers frames.

Moderator socket `ws/moderate/walls/<slug>/` (ModerationConsumer)
  Server -> client: {"type": "post", "post": moderation payload} whenever a post of the wall is
  created or changes; {"type": "ack", "action": .., "post": id, "status": .., "pinned": ..};
  error frames as above (codes also "not_found", "forbidden").
  Client -> server: {"type": "moderate", "action": "approve|reject|hide|pin|unpin", "post": id}, ping.

Close codes (both sockets)
  4001  not signed in (moderator socket)
  4003  signed in without the "moderate live walls" permission (moderator socket)
  4004  no wall with this slug
  4008  abuse: too many bad frames (5) or too many frames (more than 20 in 10 s)
  4009  frame larger than 4 KB
  4010  too slow: more than 1,000 frames waiting to be sent; reconnect and resume by cursor
  1011  the server could not bring the socket up to date (channel layer or database unavailable);
        reconnect with back-off and resume by cursor

Performance: `livewall.stream.publisher` renders each event (its post's HTML included) ONCE to JSON
text and sends {"type": "wall.event", "seq": N, "text": ...} to the wall's layer group. In each
server process a single WallHub (livewall.stream.hub) is in that group and hands the text to every local viewer socket
by a plain method call, which appends it to the socket's outbox (bounded: see 4010). So per socket
and broadcast there is no JSON encoding, no layer receive, no task switch into a dispatch loop and
no database hop (stock Channels hops to the database thread before every handler since 4.2).
The seq is checked so that nothing is sent twice, and a hole (a broadcast lost while Redis was
down, or two commits broadcast out of order) is replayed from the database, once per process.
"""

import asyncio
import json
import logging
import time
from collections import deque
from urllib.parse import parse_qs

from channels.consumer import AsyncConsumer
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from django.contrib.auth import get_user_model

from livewall.models import Post, Wall
from livewall.moderation import actions
from livewall.stream import catchup, watchers
from livewall.stream.groups import MODERATION_EVENT, WALL_EVENT, moderation_group
from livewall.stream.hub import WallHub

logger = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4001
CLOSE_FORBIDDEN = 4003
CLOSE_UNKNOWN_WALL = 4004
CLOSE_ABUSE = 4008
CLOSE_TOO_LARGE = 4009
CLOSE_TOO_SLOW = 4010
CLOSE_LAYER_DOWN = 1011

MAX_FRAME_BYTES = 4096
MAX_ERRORS = 5
RATE_WINDOW_SECONDS = 10
MAX_FRAMES_PER_WINDOW = 20
MAX_BACKLOG = 1000

_CLOSE = object()  # outbox marker: the close frame follows whatever was queued before it


def wall_id_for(slug):
    return Wall.objects.filter(slug=slug).values_list("pk", flat=True).first()


class ClientFrameError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class BaseWallSocket(AsyncConsumer):
    """Accept/close, a bounded outbox drained by one sender task, and client-frame hygiene."""

    group = None

    async def dispatch(self, message):
        # Broadcasts never touch the database: skip the per-message hop to the DB thread that
        # AsyncConsumer.dispatch makes before every handler.
        if message["type"] in (WALL_EVENT, MODERATION_EVENT):
            await self.broadcast(message)
        else:
            await super().dispatch(message)

    async def broadcast(self, message):
        self.enqueue_text(message["text"])

    # Outbox ------------------------------------------------------------------------------

    def start_outbox(self):
        self.outbox = deque()
        self.closing = False
        self.wake = asyncio.Event()
        self.sender = asyncio.ensure_future(self.drain_outbox())

    async def drain_outbox(self):
        outbox, send = self.outbox, self.base_send
        while True:
            while outbox:
                item = outbox.popleft()
                if item is _CLOSE:
                    await send(self.close_message)
                    return
                await send(item)
            self.wake.clear()
            await self.wake.wait()

    def enqueue_text(self, text):
        if self.closing:
            return
        self.outbox.append({"type": "websocket.send", "text": text})
        if len(self.outbox) > MAX_BACKLOG:
            self.drop_slow_client()
            return
        self.wake.set()

    def drop_slow_client(self):
        """The client reads slower than the wall moves: drop its backlog and close; it resumes by cursor.

        The sender is stuck in a send to this client, so the close goes out past it.
        """
        self.outbox.clear()
        self.closing = True
        self.sender.cancel()
        self.closer = asyncio.ensure_future(self.base_send({"type": "websocket.close", "code": CLOSE_TOO_SLOW}))

    def send_frame(self, frame):
        self.enqueue_text(catchup.dumps(frame))

    def close(self, code):
        if self.closing:
            return
        self.closing = True
        self.close_message = {"type": "websocket.close", "code": code}
        self.outbox.append(_CLOSE)
        self.wake.set()

    # Connection ---------------------------------------------------------------------------

    async def websocket_connect(self, message):
        self.errors = 0
        self.recent_frames = deque()
        await self.base_send({"type": "websocket.accept"})
        self.start_outbox()
        self.slug = self.scope["url_route"]["kwargs"]["slug"]
        try:
            await self.connected()
        except Exception:
            logger.exception("Live wall socket for %s could not start", self.slug)
            self.close(CLOSE_LAYER_DOWN)

    async def connected(self):
        raise NotImplementedError

    async def join(self, group):
        await self.channel_layer.group_add(group, self.channel_name)
        self.group = group

    async def websocket_disconnect(self, message):
        if self.group:
            try:
                await self.channel_layer.group_discard(self.group, self.channel_name)
            except Exception:  # noqa: BLE001 - the layer may be the reason we are closing
                logger.warning("group_discard failed for %s", self.group, exc_info=True)
        sender = getattr(self, "sender", None)
        if sender:
            sender.cancel()
        raise StopConsumer()

    # Client frames ------------------------------------------------------------------------

    async def websocket_receive(self, message):
        if self.closing:
            return
        text = message.get("text")
        size = len(text.encode()) if text is not None else len(message.get("bytes") or b"")
        if size > MAX_FRAME_BYTES:
            self.close(CLOSE_TOO_LARGE)
            return
        if self.too_many_frames():
            self.close(CLOSE_ABUSE)
            return
        try:
            if text is None:
                raise ClientFrameError("binary", "Binary frames are not accepted; send JSON text.")
            data = self.parse(text)
            frame_type = data["type"]
            if frame_type == "ping":
                self.send_frame({"type": "pong"})
                return
            handler = self.client_handlers().get(frame_type)
            if handler is None:
                raise ClientFrameError("unknown_type", f"Unknown frame type {frame_type!r}.")
            await handler(data)
        except ClientFrameError as error:
            self.send_error(error.code, error.message)

    def client_handlers(self):
        return {}

    @staticmethod
    def parse(text):
        try:
            data = json.loads(text)
        except ValueError:
            raise ClientFrameError("bad_json", "Frames must be JSON.") from None
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            raise ClientFrameError("bad_frame", 'Frames must be JSON objects with a "type".')
        return data

    def too_many_frames(self):
        now = time.monotonic()
        recent = self.recent_frames
        recent.append(now)
        while recent and recent[0] < now - RATE_WINDOW_SECONDS:
            recent.popleft()
        return len(recent) > MAX_FRAMES_PER_WINDOW

    def send_error(self, code, message):
        self.send_frame({"type": "error", "code": code, "message": message})
        self.errors += 1
        if self.errors >= MAX_ERRORS:
            self.close(CLOSE_ABUSE)


class WallConsumer(BaseWallSocket):
    """A viewer of one wall: snapshot or catch-up, then live events, each seq exactly once.

    Live broadcasts come from the process's WallHub (livewall.stream.hub), not from a layer channel of
    its own. While a snapshot or catch-up is being read, broadcasts are held back and then
    forwarded only if newer than what the read sent, so nothing is missed or sent twice.
    """

    last_seq = None
    hub = None
    wall_watchers = None

    async def __call__(self, scope, receive, send):
        # No channel-layer channel per socket (the hub subscribes once per wall), and a plain
        # receive loop instead of Channels' task-per-message await_many_dispatch.
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass

    async def connected(self):
        self.holding = True  # hold broadcasts until the first read is sent
        self.held = deque()
        self.catch_up_lock = asyncio.Lock()
        self.repairs = set()
        self.wall_id = WallHub.wall_id_for(self.slug) or await database_sync_to_async(wall_id_for)(self.slug)
        if self.wall_id is None:
            self.close(CLOSE_UNKNOWN_WALL)
            return
        # Join BEFORE reading the database: an event committed meanwhile is then held and, if
        # the read already covered it, dropped by its seq.
        self.hub = await WallHub.join(self.slug, self.wall_id, self)
        await self.catch_up(self.cursor_from_query_string())
        await self.count_in()

    async def count_in(self):
        """Count this viewer in the wall's watcher counts (after the first read: the snapshot stays first)."""
        values = self.query().get("where")
        self.wall_watchers = watchers.WallWatchers.for_wall(self.slug)
        self.wall_watchers.add(self, watchers.parse_where(values[0] if values else None))
        await self.wall_watchers.welcome(self)

    def query(self):
        return parse_qs(self.scope.get("query_string", b"").decode("latin-1"))

    def cursor_from_query_string(self):
        values = self.query().get("after")
        try:
            after = int(values[0]) if values else None
        except ValueError:
            return None
        return after if after is not None and after >= 0 else None

    # Broadcasts from the hub (synchronous: no await between receipt and the outbox) -------

    def deliver(self, message):
        if message.get("type") != WALL_EVENT or self.closing:
            return
        if self.holding:
            self.held.append(message)
        elif not self.forward(message):
            # A broadcast went missing (layer down meanwhile) or two arrived out of order:
            # hold what follows and replay from the database.
            self.held.append(message)
            self.holding = True
            repair = asyncio.ensure_future(self.catch_up(self.last_seq))
            self.repairs.add(repair)
            repair.add_done_callback(self.repair_done)

    def repair_done(self, repair):
        self.repairs.discard(repair)
        if not repair.cancelled() and repair.exception() is not None:
            logger.error("Replaying missed events of %s failed", self.slug, exc_info=repair.exception())
            self.close(CLOSE_LAYER_DOWN)  # the client reconnects and resumes by cursor

    def forward(self, message):
        """Send a live event if it is the next one; False when there is a gap before it."""
        seq = message["seq"]
        if seq <= self.last_seq:
            return True  # already sent (by a snapshot or catch-up)
        if seq != self.last_seq + 1:
            return False
        self.last_seq = seq
        self.enqueue_text(message["text"])
        return True

    # Snapshot and catch-up -----------------------------------------------------------------

    async def catch_up(self, after):
        async with self.catch_up_lock:
            self.holding = True
            try:
                await self.read_and_send(after)
                while self.held:
                    message = self.held.popleft()
                    if not self.forward(message):
                        # Committed before it was broadcast, so this read covers it.
                        await self.read_and_send(self.last_seq)
            finally:
                self.holding = False

    async def read_and_send(self, after):
        """Bring the socket up to date: from the hub's memory when it can vouch for it, else the database."""
        if after is not None:
            recent = self.hub.events_after(after)
            if recent is not None:
                texts, self.last_seq = recent
                for text in texts:
                    self.enqueue_text(text)
                return
            result = await database_sync_to_async(catchup.catch_up)(self.wall_id, after)
            if result is not None:
                frames, seq = result
                for frame in frames:
                    self.send_frame(frame)
                self.last_seq = seq
                return
        cached = self.hub.cached_snapshot()
        if cached is None:
            frame = await database_sync_to_async(catchup.snapshot)(self.wall_id)
            cached = (frame["seq"], catchup.dumps(frame))
            self.hub.remember_snapshot(*cached)
        self.last_seq, text = cached
        self.enqueue_text(text)
        # The hub's own cursor is left alone: it says what the hub has handed to its members, and
        # its periodic check against the database replays from there (a socket that read further
        # ignores what it already has).

    # Client frames -------------------------------------------------------------------------

    def client_handlers(self):
        return {"resume": self.resume, "where": self.where}

    async def where(self, data):
        where = watchers.parse_where(data.get("where") if isinstance(data.get("where"), str) else None)
        if where not in (watchers.IN_ROOM, watchers.REMOTE):
            raise ClientFrameError("bad_frame", '"where" must be "room" or "remote".')
        if self.wall_watchers:
            self.wall_watchers.move(self, where)

    async def resume(self, data):
        after = data.get("after")
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise ClientFrameError("bad_cursor", '"after" must be a whole number (the last seq you applied).')
        await self.catch_up(after)

    async def websocket_disconnect(self, message):
        if self.hub:
            self.hub.leave(self)
        if self.wall_watchers:
            self.wall_watchers.leave(self)
        for repair in tuple(getattr(self, "repairs", ())):
            repair.cancel()
        await super().websocket_disconnect(message)


def _moderate(wall_id, post_id, action, user):
    # Fresh from the database: the socket's user caches permissions, which may be revoked meanwhile.
    user = get_user_model().objects.filter(pk=user.pk).first()
    post = Post.objects.filter(wall_id=wall_id, pk=post_id).select_related("wall").first()
    if post is None:
        raise ClientFrameError("not_found", "No such post on this wall.")
    try:
        post = actions.ACTIONS[action](post, user)
    except actions.PermissionDenied as error:
        raise ClientFrameError("forbidden", str(error)) from None
    return {"type": "ack", "action": action, "post": post.pk, "status": post.status, "pinned": post.pinned}


class ModerationConsumer(BaseWallSocket):
    """A moderator's live queue for one wall: pushes post changes, takes moderation actions."""

    async def connected(self):
        self.user = self.scope.get("user")
        if not (self.user and self.user.is_authenticated):
            self.close(CLOSE_UNAUTHENTICATED)
            return
        if not await database_sync_to_async(actions.can_moderate)(self.user):
            self.close(CLOSE_FORBIDDEN)
            return
        self.wall_id = await database_sync_to_async(wall_id_for)(self.slug)
        if self.wall_id is None:
            self.close(CLOSE_UNKNOWN_WALL)
            return
        await self.join(moderation_group(self.slug))

    def client_handlers(self):
        return {"moderate": self.moderate}

    async def moderate(self, data):
        action, post_id = data.get("action"), data.get("post")
        if action not in actions.ACTIONS:
            raise ClientFrameError("bad_frame", f'"action" must be one of {", ".join(actions.ACTIONS)}.')
        if isinstance(post_id, bool) or not isinstance(post_id, int):
            raise ClientFrameError("bad_frame", '"post" must be a post id.')
        self.send_frame(await database_sync_to_async(_moderate)(self.wall_id, post_id, action, self.user))
