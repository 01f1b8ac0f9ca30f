"""One channel-layer subscription per wall per server process, fanned out to the local viewer sockets.

Stock Channels gives every socket its own layer channel: a broadcast to 1,000 viewers is then
1,000 layer receives (each scanning every channel with the in-memory layer, or decoding the same
Redis message 1,000 times with pub/sub) and 1,000 consumer dispatches. Here a hub per wall receives
each broadcast once and hands the already rendered frame to each local socket with a plain method
call. Scale-out is unchanged: every process has its own hub in the same layer group.

The hub also remembers what a connecting socket would otherwise read from the database: the wall's
id, the latest snapshot (rendered once, valid until the next event) and the most recent events
(contiguous by seq). When a thousand screens and phones connect, or reconnect after the venue's
network dropped, only the first of them reads the database.
"""

import asyncio
import json
import logging
from collections import deque
from typing import NamedTuple

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from livewall.models import Wall
from livewall.stream.catchup import MAX_CATCH_UP, catch_up, dumps, payload_frame
from livewall.stream.groups import WALL_EVENT, wall_group

logger = logging.getLogger(__name__)


def current_seq(wall_id):
    return Wall.objects.filter(pk=wall_id).values_list("last_seq", flat=True).first() or 0


class RecentEvent(NamedTuple):
    seq: int
    post_id: int
    kind: str
    text: str


class WallHub:
    """Members are objects with a `deliver(message)` method (WallConsumer)."""

    _hubs = {}  # (event loop, slug) -> WallHub

    def __init__(self, slug, wall_id):
        self.slug = slug
        self.wall_id = wall_id
        self.last_seq = None
        self.group = wall_group(slug)
        self.members = set()
        self.layer = None
        self.channel = None
        self.pump_task = None
        self.sweep_task = None
        self.ready = None
        self.snapshot = None  # (seq, text) of the latest snapshot a member read
        self.recent = deque(maxlen=MAX_CATCH_UP)  # RecentEvent of the latest events, contiguous by seq

    @classmethod
    def wall_id_for(cls, slug):
        """The wall id of this process's hub for `slug`, or None when there is no hub (yet)."""
        hub = cls._hubs.get((asyncio.get_running_loop(), slug))
        return hub.wall_id if hub else None

    @classmethod
    async def join(cls, slug, wall_id, member):
        """Add `member`; returns once the hub is in the layer group (raises if the layer is down)."""
        key = (asyncio.get_running_loop(), slug)
        hub = cls._hubs.get(key)
        if hub is None:
            hub = cls._hubs[key] = cls(slug, wall_id)
            hub.ready = asyncio.ensure_future(hub.start())
        hub.members.add(member)
        try:
            await asyncio.shield(hub.ready)
        except Exception:
            hub.members.discard(member)
            if cls._hubs.get(key) is hub:
                del cls._hubs[key]
            raise
        return hub

    async def start(self):
        self.layer = get_channel_layer()
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        self.last_seq = await database_sync_to_async(current_seq)(self.wall_id)
        self.pump_task = asyncio.ensure_future(self.pump())
        self.sweep_task = asyncio.ensure_future(self.sweep())

    async def pump(self):
        receive, channel = self.layer.receive, self.channel
        while True:
            message = await receive(channel)
            seq = message.get("seq")
            if seq is not None and self.last_seq is not None and seq > self.last_seq + 1:
                # Broadcasts went missing (layer trouble) or arrive out of order: replay the
                # missing events from the database once here, rather than once per socket.
                await self.replay_missing(self.last_seq)
            if seq is not None and (self.last_seq is None or seq > self.last_seq):
                self.last_seq = seq
            self.fan_out(message)

    async def sweep(self):
        """Broadcasts lost while the layer was down leave no gap to notice on a wall that then goes
        quiet: compare with the database now and then (one query per wall per process) and replay."""
        interval = getattr(settings, "LIVEWALL_HUB_SWEEP_SECONDS", 5)
        while True:
            await asyncio.sleep(interval)
            try:
                latest = await database_sync_to_async(current_seq)(self.wall_id)
            except Exception:  # noqa: BLE001 - the database may be briefly away; try again next time
                logger.warning("Checking %s for missed events failed", self.slug, exc_info=True)
                continue
            if self.last_seq is not None and latest > self.last_seq:
                await self.replay_missing(self.last_seq)

    def fan_out(self, message):
        self.remember_event(message)
        for member in tuple(self.members):
            try:
                member.deliver(message)
            except Exception:  # noqa: BLE001 - one broken socket must not starve the others
                logger.exception("Delivering a %s broadcast to a socket failed", self.slug)

    async def replay_missing(self, after):
        try:
            result = await database_sync_to_async(catch_up)(self.wall_id, after)
        except Exception:  # noqa: BLE001 - sockets repair their own gaps if this fails
            logger.exception("Replaying missed events of %s failed", self.slug)
            return
        if result is None:
            return  # too many: each socket falls back to a snapshot
        for frame in result[0]:
            self.fan_out({"type": WALL_EVENT, "seq": frame["seq"], "text": dumps(frame)})
            self.last_seq = max(self.last_seq or 0, frame["seq"])

    # What connecting sockets reuse ---------------------------------------------------------

    def remember_event(self, message):
        seq, text = message.get("seq"), message.get("text")
        if message.get("type") != WALL_EVENT or seq is None or text is None:
            return
        recent = self.recent
        if recent and seq <= recent[-1].seq:
            return  # already held (a replay of what the layer delivered after all)
        if recent and seq != recent[-1].seq + 1:
            recent.clear()  # a hole: what is kept must stay contiguous
        frame = json.loads(text)
        post = frame.get("post") or {}
        self.supersede(post, frame.get("html"))
        recent.append(RecentEvent(seq, post.get("id"), frame.get("kind"), text))

    def supersede(self, post, html):
        """Re-render the kept events of a post that changed as the database's catch-up sends them,
        each with the post's current state: a hidden post's text is never replayed.

        The newest frame's HTML is the post's current HTML (rendered once by the publisher from the
        same payload with the same template), so it is reused as is, not rendered again."""
        for index, event in enumerate(self.recent):
            if event.post_id != post.get("id"):
                continue
            self.recent[index] = event._replace(text=dumps(payload_frame(event.seq, event.kind, post, html)))

    def events_after(self, after):
        """Texts of every event after `after` up to the latest the hub knows of, with that seq, or
        None when the hub cannot vouch for all of them (then the caller reads the database)."""
        recent = self.recent
        if not recent or recent[-1].seq != self.last_seq or after > self.last_seq or after < recent[0].seq - 1:
            return None
        return [event.text for event in recent if event.seq > after], self.last_seq

    def cached_snapshot(self):
        """(seq, text) of a snapshot that is still the wall's latest state, or None."""
        if self.snapshot is not None and self.snapshot[0] == self.last_seq:
            return self.snapshot
        return None

    def remember_snapshot(self, seq, text):
        if self.last_seq is None or seq >= self.last_seq:
            self.snapshot = (seq, text)

    def leave(self, member):
        self.members.discard(member)
        if self.members:
            return
        key = (asyncio.get_running_loop(), self.slug)
        if self._hubs.get(key) is self:
            del self._hubs[key]
        asyncio.ensure_future(self.stop())

    async def stop(self):
        for task in (self.pump_task, self.sweep_task):
            if task:
                task.cancel()
        if self.layer and self.channel:
            try:
                await self.layer.group_discard(self.group, self.channel)
            except Exception:  # noqa: BLE001 - the layer may be down; nothing left to clean up then
                logger.warning("Leaving %s failed", self.group, exc_info=True)

    @classmethod
    def local_viewers(cls, slug):
        """How many viewer sockets of this wall this process holds (in the current event loop)."""
        hub = cls._hubs.get((asyncio.get_running_loop(), slug))
        return len(hub.members) if hub else 0
