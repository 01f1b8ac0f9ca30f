"""Each event exactly once and in seq order, whatever races the socket's first read.

While a snapshot or catch-up is read, live broadcasts are held back, then forwarded only if newer
than what the read sent; a hole (a broadcast lost while Redis was down, or two commits broadcast
out of order) is replayed from the relay's memory or the database.
"""

import asyncio
import logging

from channels.db import database_sync_to_async

from livewall.consumers.codes import CLOSE_LAYER_DOWN
from livewall.stream import catchup
from livewall.stream.groups import WALL_EVENT, WALL_HELD_BACK, WALL_SCREEN

logger = logging.getLogger(__name__)


class InOrderDelivery:
    """Mixed into the viewer socket, which sets `holding`, `held`, `catch_up_lock`, `repairs`,
    `relay`, `wall_id`, `language` and `last_seq` and has the outbox's `enqueue_text`/`send_frame`/`close`."""

    # Broadcasts from the relay (synchronous: no await between receipt and the outbox) -------

    def deliver(self, message):
        if message.get("type") in (WALL_SCREEN, WALL_HELD_BACK) and not self.closing:
            # No seq: sent at once, even while holding; the client keeps the highest screen version
            # and the latest held-back count.
            self.enqueue_text(message["text"])
            return
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
        """Bring the socket up to date: from the relay's memory when it can vouch for it, else the database."""
        if after is not None:
            recent = self.relay.events_after(after)
            if recent is not None:
                texts, self.last_seq = recent
                for text in texts:
                    self.enqueue_text(text)
                return
            result = await database_sync_to_async(catchup.catch_up)(self.wall_id, after, language=self.language)
            if result is not None:
                frames, seq = result
                for frame in frames:
                    self.send_frame(frame)
                self.last_seq = seq
                return
        cached = self.relay.cached_snapshot()
        if cached is None:
            frame = await database_sync_to_async(catchup.snapshot)(self.wall_id, language=self.language)
            cached = (frame["seq"], catchup.dumps(frame))
            self.relay.remember_snapshot(*cached)
        self.last_seq, text = cached
        self.enqueue_text(text)
        # The relay's own cursor is left alone: it says what the relay has handed to its members, and
        # its periodic check against the database replays from there (a socket that read further
        # ignores what it already has).
