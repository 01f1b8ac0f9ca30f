"""How many people are watching a wall, in the room and remotely.

Each server process (each event loop) keeps one `WallWatchers` per wall with plain counters of its
viewer sockets, and publishes them as ONE entry (its counts, with an expiry time) in a shared
backend: Redis when REDIS_URL is set, else this process's memory. Summing the live entries gives the
wall's totals; a process that dies simply stops refreshing its entry, which then expires. So there
is no backend write per socket or per message, only per change (throttled) and per heartbeat.

Where a viewer is comes from the socket URL (`?where=room|remote|screen`). A viewer who has not
said is counted as remote (most people who have not told us follow from afar, and the room is the
smaller, surer number). Screens are not people: they are not counted, but they get the frames.
Only sockets that say `where` get `{"type": "watchers", ...}` frames, so older clients see no change.
"""

import asyncio
import json
import logging
import uuid

from django.conf import settings

from livewall.stream.watcher_store import backend

logger = logging.getLogger(__name__)

IN_ROOM = "in_room"
REMOTE = "remote"
SCREEN = "screen"
# What the socket URL may say; anything else (or nothing) means "not said".
WHERE_VALUES = {"room": IN_ROOM, "in_room": IN_ROOM, "remote": REMOTE, "screen": SCREEN}


def parse_where(value):
    """The viewer's place from the URL value; None when not said (counted as remote, no frames)."""
    return WHERE_VALUES.get((value or "").strip().lower())


def interval():
    """Seconds between two watchers frames of one wall from one process."""
    return float(getattr(settings, "LIVEWALL_WATCHERS_INTERVAL", 5))


def heartbeat():
    """Seconds between refreshes of a process's entry (and reads of the other processes' entries)."""
    return float(getattr(settings, "LIVEWALL_WATCHERS_HEARTBEAT", 15))


def entry_ttl():
    return 3 * heartbeat()


def watchers_frame(in_room, remote):
    return {"type": "watchers", "in_room": in_room, "remote": remote}


def wall_counts(slug):
    """The wall's current totals for a page render: {"in_room": N, "remote": M} (zeros if unavailable)."""
    try:
        entries = backend().entries(slug)
    except Exception:  # noqa: BLE001 - a count is not worth failing the page for
        logger.warning("Reading who watches %s failed", slug, exc_info=True)
        entries = {}
    return {IN_ROOM: sum(e[0] for e in entries.values()), REMOTE: sum(e[1] for e in entries.values())}


# Per-process tracker -------------------------------------------------------------------------


class StoreSync:
    """How a WallWatchers meets the other processes: its entry written (throttled to one per
    interval, refreshed every heartbeat) and their entries read back into `others`."""

    async def start(self):
        try:
            self.others = self.sum_others(await self.store.aentries(self.slug))
        except Exception:  # noqa: BLE001 - counts of this process alone until the next heartbeat
            logger.warning("Reading who watches %s failed", self.slug, exc_info=True)
        self.beat = asyncio.ensure_future(self.heartbeat())

    async def stop(self):
        for task in (self.beat, self.flush_handle, self.flushing):
            if task:
                task.cancel()
        try:
            await self.store.aremove(self.slug, self.entry_id)
        except Exception:  # noqa: BLE001 - the entry expires by itself
            logger.warning("Removing the watchers entry of %s failed", self.slug, exc_info=True)

    def sum_others(self, entries):
        others = [value for key, value in entries.items() if key != self.entry_id]
        return sum(e[0] for e in others), sum(e[1] for e in others)

    def changed(self):
        """Counts changed here: write and tell listeners, at most once per interval."""
        if self.flush_handle is not None or self.ready is None or not self.ready.done():
            return  # a flush is already due, or start() is still reading (started() calls this)
        loop = asyncio.get_running_loop()
        delay = max(0.0, self.last_flush + interval() - loop.time())
        self.flush_handle = loop.call_later(delay, self.start_flush)

    def start_flush(self):
        self.flush_handle = None
        self.flushing = asyncio.ensure_future(self.flush())

    async def flush(self):
        self.last_flush = asyncio.get_running_loop().time()
        try:
            await self.store.awrite(self.slug, self.entry_id, self.local[IN_ROOM], self.local[REMOTE], entry_ttl())
            self.others = self.sum_others(await self.store.aentries(self.slug))
        except Exception:  # noqa: BLE001 - keep the last totals; the heartbeat retries
            logger.warning("Updating who watches %s failed", self.slug, exc_info=True)
        self.notify()

    async def heartbeat(self):
        # Refresh this process's entry before it expires, and notice other processes' changes.
        while True:
            await asyncio.sleep(heartbeat())
            recent = asyncio.get_running_loop().time() - self.last_flush < interval()
            if self.flush_handle is None and not recent:
                await self.flush()


class WallWatchers(StoreSync):
    """This process's viewers of one wall. Members have `where` and `enqueue_text(text)`."""

    _walls = {}  # (event loop, slug) -> WallWatchers

    def __init__(self, slug, store):
        self.slug = slug
        self.store = store
        self.entry_id = uuid.uuid4().hex
        self.local = {IN_ROOM: 0, REMOTE: 0}
        self.others = (0, 0)  # the other processes' totals, as last read
        self.listeners = {}  # member -> the totals it was last sent
        self.members = {}  # member -> counted place (IN_ROOM, REMOTE or None for screens)
        self.last_flush = float("-inf")
        self.flush_handle = None
        self.flushing = None
        self.beat = None
        self.ready = None

    @classmethod
    def for_wall(cls, slug):
        """This process's tracker of the wall (created on first use)."""
        key = (asyncio.get_running_loop(), slug)
        wall = cls._walls.get(key)
        if wall is None:
            wall = cls._walls[key] = cls(slug, backend())
            wall.ready = asyncio.ensure_future(wall.start())
            wall.ready.add_done_callback(wall.started)
        return wall

    def started(self, ready):
        if not ready.cancelled():
            self.changed()  # write the counts of whoever joined while the backend was being read

    async def welcome(self, member):
        """Once the other processes' counts are known, send a listening member the totals at once."""
        await asyncio.shield(self.ready)
        if member in self.listeners:
            self.send(member, self.totals())

    def send(self, member, totals):
        if self.listeners.get(member) != totals:
            self.listeners[member] = totals
            member.enqueue_text(json.dumps(watchers_frame(*totals)))

    def add(self, member, where):
        place = None if where == SCREEN else (where or REMOTE)
        self.members[member] = place
        if place:
            self.local[place] += 1
        if where is not None:
            self.listeners.setdefault(member, None)
        self.changed()

    def move(self, member, where):
        """A viewer says where they are after connecting."""
        if member not in self.members:
            return
        sent = self.listeners.get(member)
        self.drop(member)
        self.add(member, where)
        if member in self.listeners:
            self.listeners[member] = sent
            self.send(member, self.totals())

    def drop(self, member):
        place = self.members.pop(member, None)
        if place:
            self.local[place] -= 1
        self.listeners.pop(member, None)

    def leave(self, member):
        self.drop(member)
        if self.members:
            self.changed()
            return
        key = (asyncio.get_running_loop(), self.slug)
        if self._walls.get(key) is self:
            del self._walls[key]
        asyncio.ensure_future(self.stop())

    def totals(self):
        return self.others[0] + self.local[IN_ROOM], self.others[1] + self.local[REMOTE]

    def notify(self):
        totals = self.totals()
        text = None  # rendered once for every listener that needs it
        for member, sent in tuple(self.listeners.items()):
            if sent != totals:
                text = text or json.dumps(watchers_frame(*totals))
                self.listeners[member] = totals
                member.enqueue_text(text)
