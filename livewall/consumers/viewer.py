"""The viewer socket `ws/walls/<slug>/`: snapshot or catch-up, then live events in seq order,
each exactly once; its watcher count (`?where=`)."""

import asyncio
import logging
from collections import deque
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from django.conf import settings

from livewall.consumers.base import BaseWallSocket, ClientFrameError, wall_id_for
from livewall.consumers.codes import CLOSE_UNKNOWN_WALL
from livewall.consumers.in_order import InOrderDelivery
from livewall.stream import watchers
from livewall.stream.relay import WallRelay

logger = logging.getLogger(__name__)


class WallConsumer(InOrderDelivery, BaseWallSocket):
    """A viewer of one wall: snapshot or catch-up, then live events, each seq exactly once.

    Live broadcasts come from the process's WallRelay (livewall.stream.relay), not from a layer channel of
    its own. While a snapshot or catch-up is being read, broadcasts are held back and then
    forwarded only if newer than what the read sent, so nothing is missed or sent twice.
    """

    last_seq = None
    relay = None
    language = None  # the page's (language_from_query_string); None: the site's
    wall_watchers = None

    async def __call__(self, scope, receive, send):
        # No channel-layer channel per socket (the relay subscribes once per wall), and a plain
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
        self.wall_id = WallRelay.wall_id_for(self.slug) or await database_sync_to_async(wall_id_for)(self.slug)
        if self.wall_id is None:
            self.close(CLOSE_UNKNOWN_WALL)
            return
        # Join BEFORE reading the database: an event committed meanwhile is then held and, if
        # the read already covered it, dropped by its seq.
        self.language = self.language_from_query_string()
        self.relay = await WallRelay.join(self.slug, self.wall_id, self, self.language)
        await self.catch_up(self.cursor_from_query_string())
        self.send_screen()
        await self.count_in()

    def send_screen(self):
        """The control room's current state (kill switch, banner, layout), right after the first read.

        Not while the wall's screen was never changed (version 0): every page opened with that state."""
        if self.relay.screen is not None and self.relay.screen[0] > 0:
            self.enqueue_text(self.relay.screen[1])
        if self.relay.held_back is not None:
            # The latest held-back count this process broadcast (a reconnect may have missed it).
            self.enqueue_text(self.relay.held_back)

    async def count_in(self):
        """Count this viewer in the wall's watcher counts (after the first read: the snapshot stays first)."""
        values = self.query().get("where")
        self.wall_watchers = watchers.WallWatchers.for_wall(self.slug)
        self.wall_watchers.add(self, watchers.parse_where(values[0] if values else None))
        await self.wall_watchers.welcome(self)

    def query(self):
        return parse_qs(self.scope.get("query_string", b"").decode("latin-1"))

    def language_from_query_string(self):
        """The page's language (?lang=, socket.js sends <html lang>), for the posts' labels; the
        site's own for anything not offered."""
        values = self.query().get("lang")
        offered = {code for code, _name in settings.LANGUAGES}
        return values[0] if values and values[0] in offered else settings.LANGUAGE_CODE

    def cursor_from_query_string(self):
        values = self.query().get("after")
        try:
            after = int(values[0]) if values else None
        except ValueError:
            return None
        return after if after is not None and after >= 0 else None

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
        if self.relay:
            self.relay.leave(self)
        if self.wall_watchers:
            self.wall_watchers.leave(self)
        for repair in tuple(getattr(self, "repairs", ())):
            repair.cancel()
        await super().websocket_disconnect(message)
