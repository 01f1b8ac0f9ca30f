"""One channel-layer subscription per wall per server process, relayed to the local viewer sockets.

Stock Channels gives every socket its own layer channel: a broadcast to 1,000 viewers is then
1,000 layer receives (each scanning every channel with the in-memory layer, or decoding the same
Redis message 1,000 times with pub/sub) and 1,000 consumer dispatches. Here a relay per wall
receives each broadcast once and hands the already rendered frame to each local socket with a plain method
call. Scale-out is unchanged: every process has its own relay in the same layer group.

The relay also remembers the wall's id, and (relay_memory.RelayMemory) the latest snapshot and
the most recent events, so that connecting sockets need not read the database; and the wall's
screen state (stream.screen, the control room's kill switch, banner and layout), which every
connecting socket gets after its first read.

One relay per wall AND viewers' language: the publisher renders each post once, in the site's
language; a relay for viewers of another language (Welsh or Arabic pages) renders each event once
more for them (`in_viewers_language`), so the posts' labels follow their page, and its memory keeps
those frames. The site's language, the common case, costs nothing more.
"""

import asyncio
import json
import logging
from collections import deque

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from livewall.models import Wall
from livewall.stream.catchup import MAX_CATCH_UP, catch_up, dumps
from livewall.stream.groups import WALL_EVENT, WALL_HELD_BACK, WALL_SCREEN, wall_group
from livewall.stream.relay_memory import RelayMemory
from livewall.stream.render import post_html
from livewall.stream.screen import read_screen_frame

logger = logging.getLogger(__name__)


def current_state(wall_id):
    """(last seq, screen version) of a wall, in one query; (0, 0) for a wall that is gone."""
    return Wall.objects.filter(pk=wall_id).values_list("last_seq", "screen_version").first() or (0, 0)


def current_seq(wall_id):
    return Wall.objects.filter(pk=wall_id).values_list("last_seq", flat=True).first() or 0


class WallRelay(RelayMemory):
    """Members are objects with a `deliver(message)` method (WallConsumer)."""

    _relays = {}  # (event loop, slug, language) -> WallRelay

    def __init__(self, slug, wall_id, language=None):
        self.slug = slug
        self.wall_id = wall_id
        self.language = language or settings.LANGUAGE_CODE
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
        self.screen = None  # (version, text) of the newest screen frame
        self.held_back = None  # text of the latest held-back count frame (stream.held_back)

    @classmethod
    def wall_id_for(cls, slug):
        """The wall id of this process's relay for `slug`, or None when there is no relay (yet)."""
        loop = asyncio.get_running_loop()
        relay = next((r for (owner, s, _), r in cls._relays.items() if owner is loop and s == slug), None)
        return relay.wall_id if relay else None

    @classmethod
    async def join(cls, slug, wall_id, member, language=None):
        """Add `member` (a viewer of a page in `language`, default the site's); returns once the relay
        is in the layer group (raises if the layer is down)."""
        language = language or settings.LANGUAGE_CODE
        key = (asyncio.get_running_loop(), slug, language)
        relay = cls._relays.get(key)
        if relay is None:
            relay = cls._relays[key] = cls(slug, wall_id, language)
            relay.ready = asyncio.ensure_future(relay.start())
        relay.members.add(member)
        try:
            await asyncio.shield(relay.ready)
        except Exception:
            relay.members.discard(member)
            if cls._relays.get(key) is relay:
                del cls._relays[key]
            raise
        return relay

    async def start(self):
        self.layer = get_channel_layer()
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        self.last_seq = await database_sync_to_async(current_seq)(self.wall_id)
        await self.reload_screen()
        self.pump_task = asyncio.ensure_future(self.pump())
        self.sweep_task = asyncio.ensure_future(self.sweep())

    async def pump(self):
        receive, channel = self.layer.receive, self.channel
        while True:
            message = await receive(channel)
            if message.get("type") == WALL_SCREEN:
                self.screen_changed(message)
                continue
            if message.get("type") == WALL_HELD_BACK:
                self.held_back = message["text"]  # the latest, for sockets that connect later
                self.fan_out(message)
                continue
            seq = message.get("seq")
            if seq is not None and self.last_seq is not None and seq > self.last_seq + 1:
                # Broadcasts went missing (layer trouble) or arrive out of order: replay the
                # missing events from the database once here, rather than once per socket.
                await self.replay_missing(self.last_seq)
            if seq is not None and (self.last_seq is None or seq > self.last_seq):
                self.last_seq = seq
            self.fan_out(self.in_viewers_language(message))

    def in_viewers_language(self, message):
        """The event message with its post's fragment rendered in this relay's language (once per
        event and process); as it came in the site's language."""
        if self.language == settings.LANGUAGE_CODE or message.get("type") != WALL_EVENT:
            return message
        frame = json.loads(message["text"])
        if frame.get("html") is None or not frame.get("post"):
            return message  # a removed post: no fragment
        frame["html"] = post_html(frame["post"], message.get("icons", False), self.language)
        return {**message, "text": dumps(frame)}

    async def sweep(self):
        """Broadcasts lost while the layer was down leave no gap to notice on a wall that then goes
        quiet: compare with the database now and then (one query per wall per process) and replay;
        the same for the screen state (a second query only when its version moved on)."""
        interval = getattr(settings, "LIVEWALL_RELAY_SWEEP_SECONDS", 5)
        while True:
            await asyncio.sleep(interval)
            try:
                latest, screen_version = await database_sync_to_async(current_state)(self.wall_id)
                if self.last_seq is not None and latest > self.last_seq:
                    await self.replay_missing(self.last_seq)
                if self.screen is None or screen_version > self.screen[0]:
                    # A control-room change whose broadcast was lost (layer down) reaches the screens here.
                    await self.reload_screen(fan_out=True)
            except Exception:  # noqa: BLE001 - the database may be briefly away; try again next time
                logger.warning("Checking %s for missed events failed", self.slug, exc_info=True)

    def screen_changed(self, message):
        """A control-room change: remember it and hand it to every member, unless an older one."""
        version = message.get("version", 0)
        if self.screen is not None and version <= self.screen[0]:
            return
        self.screen = (version, message["text"])
        self.fan_out(message)

    async def reload_screen(self, fan_out=False):
        frame = await database_sync_to_async(read_screen_frame)(self.wall_id)
        if frame is None or (self.screen is not None and frame["version"] <= self.screen[0]):
            return
        message = {"type": WALL_SCREEN, "version": frame["version"], "text": dumps(frame)}
        if fan_out:
            self.screen_changed(message)
        else:
            self.screen = (frame["version"], message["text"])

    def fan_out(self, message):
        self.remember_event(message)
        for member in tuple(self.members):
            try:
                member.deliver(message)
            except Exception:  # noqa: BLE001 - one broken socket must not starve the others
                logger.exception("Delivering a %s broadcast to a socket failed", self.slug)

    async def replay_missing(self, after):
        try:
            result = await database_sync_to_async(catch_up)(self.wall_id, after, language=self.language)
        except Exception:  # noqa: BLE001 - sockets repair their own gaps if this fails
            logger.exception("Replaying missed events of %s failed", self.slug)
            return
        if result is None:
            return  # too many: each socket falls back to a snapshot
        for frame in result[0]:
            self.fan_out({"type": WALL_EVENT, "seq": frame["seq"], "text": dumps(frame)})
            self.last_seq = max(self.last_seq or 0, frame["seq"])

    def leave(self, member):
        self.members.discard(member)
        if self.members:
            return
        key = (asyncio.get_running_loop(), self.slug, self.language)
        if self._relays.get(key) is self:
            del self._relays[key]
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
        """How many viewer sockets of this wall this process holds (in the current event loop), in
        every language."""
        loop = asyncio.get_running_loop()
        return sum(len(r.members) for (owner, s, _), r in cls._relays.items() if owner is loop and s == slug)
