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
import threading
import time
import uuid
import weakref

from django.conf import settings

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


# Backends ------------------------------------------------------------------------------------


class MemoryBackend:
    """Entries in this process's memory: the embedded set-up (one process, in-memory channel layer)."""

    def __init__(self, clock=time.time):
        self.clock = clock
        self.walls = {}  # slug -> {entry_id: (in_room, remote, expires_at)}
        self.lock = threading.Lock()  # the page view reads from a worker thread

    def write(self, slug, entry_id, in_room, remote, ttl):
        with self.lock:
            self.walls.setdefault(slug, {})[entry_id] = (in_room, remote, self.clock() + ttl)

    def remove(self, slug, entry_id):
        with self.lock:
            self.walls.get(slug, {}).pop(entry_id, None)

    def entries(self, slug):
        now = self.clock()
        with self.lock:
            entries = self.walls.get(slug, {})
            for entry_id in [key for key, value in entries.items() if value[2] <= now]:
                del entries[entry_id]
            return {key: (value[0], value[1]) for key, value in entries.items()}

    async def awrite(self, slug, entry_id, in_room, remote, ttl):
        self.write(slug, entry_id, in_room, remote, ttl)

    async def aremove(self, slug, entry_id):
        self.remove(slug, entry_id)

    async def aentries(self, slug):
        return self.entries(slug)


# KEYS[1] the counts hash, KEYS[2] the expiry sorted set, ARGV[1] now. Atomic, so an entry written
# by another process meanwhile is never half removed.
PRUNE_SCRIPT = """
for _, entry in ipairs(redis.call('HKEYS', KEYS[1])) do
  local expires = redis.call('ZSCORE', KEYS[2], entry)
  if (not expires) or tonumber(expires) <= tonumber(ARGV[1]) then
    redis.call('HDEL', KEYS[1], entry)
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
return 0
"""


class RedisBackend:
    """Entries shared by every process: per wall a hash (entry -> "in_room remote") and a sorted set
    (entry -> expiry time). Readers ignore and prune expired entries; both keys expire when idle."""

    def __init__(self, url, prefix="livewall:watchers", clock=time.time):
        self.url = url
        self.prefix = prefix
        self.clock = clock
        self._sync = None
        self._async = weakref.WeakKeyDictionary()  # event loop -> asyncio client (clients are loop-bound)

    def keys(self, slug):
        return f"{self.prefix}:{slug}:counts", f"{self.prefix}:{slug}:expiry"

    def sync_client(self):
        if self._sync is None:
            import redis

            self._sync = redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)
        return self._sync

    def async_client(self):
        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None:
            import redis.asyncio

            client = self._async[loop] = redis.asyncio.Redis.from_url(
                self.url, socket_timeout=2, socket_connect_timeout=2
            )
        return client

    def _write(self, pipe, slug, entry_id, in_room, remote, ttl):
        counts, expiry = self.keys(slug)
        now = self.clock()
        pipe.hset(counts, entry_id, f"{in_room} {remote}")
        pipe.zadd(expiry, {entry_id: now + ttl})
        # Entries of processes that died: out of both keys, so a busy wall's hash stays small.
        pipe.eval(PRUNE_SCRIPT, 2, counts, expiry, now)
        pipe.expire(counts, int(ttl) + 1)
        pipe.expire(expiry, int(ttl) + 1)

    def _read(self, pipe, slug):
        counts, expiry = self.keys(slug)
        pipe.zrangebyscore(expiry, self.clock(), "+inf")
        pipe.hgetall(counts)

    @staticmethod
    def _decode(alive, counts):
        alive = {member.decode() if isinstance(member, bytes) else member for member in alive}
        entries = {}
        for entry_id, value in counts.items():
            entry_id = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
            if entry_id in alive:
                in_room, remote = (int(n) for n in (value.decode() if isinstance(value, bytes) else value).split())
                entries[entry_id] = (in_room, remote)
        return entries

    def write(self, slug, entry_id, in_room, remote, ttl):
        pipe = self.sync_client().pipeline()
        self._write(pipe, slug, entry_id, in_room, remote, ttl)
        pipe.execute()

    def remove(self, slug, entry_id):
        counts, expiry = self.keys(slug)
        pipe = self.sync_client().pipeline()
        pipe.hdel(counts, entry_id)
        pipe.zrem(expiry, entry_id)
        pipe.execute()

    def entries(self, slug):
        pipe = self.sync_client().pipeline()
        self._read(pipe, slug)
        return self._decode(*pipe.execute())

    async def awrite(self, slug, entry_id, in_room, remote, ttl):
        pipe = self.async_client().pipeline()
        self._write(pipe, slug, entry_id, in_room, remote, ttl)
        await pipe.execute()

    async def aremove(self, slug, entry_id):
        counts, expiry = self.keys(slug)
        pipe = self.async_client().pipeline()
        pipe.hdel(counts, entry_id)
        pipe.zrem(expiry, entry_id)
        await pipe.execute()

    async def aentries(self, slug):
        pipe = self.async_client().pipeline()
        self._read(pipe, slug)
        return self._decode(*await pipe.execute())


_backend = None
_backend_lock = threading.Lock()


def backend():
    """The configured backend (one per process)."""
    global _backend
    with _backend_lock:
        if _backend is None:
            url = getattr(settings, "REDIS_URL", "")
            prefix = getattr(settings, "LIVEWALL_WATCHERS_KEY_PREFIX", "livewall:watchers")
            _backend = RedisBackend(url, prefix=prefix) if url else MemoryBackend()
        return _backend


def set_backend(value):
    """Replace the process's backend (tests; None: build from settings on next use)."""
    global _backend
    with _backend_lock:
        _backend = value


def wall_counts(slug):
    """The wall's current totals for a page render: {"in_room": N, "remote": M} (zeros if unavailable)."""
    try:
        entries = backend().entries(slug)
    except Exception:  # noqa: BLE001 - a count is not worth failing the page for
        logger.warning("Reading who watches %s failed", slug, exc_info=True)
        entries = {}
    return {IN_ROOM: sum(e[0] for e in entries.values()), REMOTE: sum(e[1] for e in entries.values())}


# Per-process tracker -------------------------------------------------------------------------


class WallWatchers:
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

    async def start(self):
        try:
            self.others = self.sum_others(await self.store.aentries(self.slug))
        except Exception:  # noqa: BLE001 - counts of this process alone until the next heartbeat
            logger.warning("Reading who watches %s failed", self.slug, exc_info=True)
        self.beat = asyncio.ensure_future(self.heartbeat())

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

    def totals(self):
        return self.others[0] + self.local[IN_ROOM], self.others[1] + self.local[REMOTE]

    def frame(self):
        return watchers_frame(*self.totals())

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

    def notify(self):
        totals = self.totals()
        text = None  # rendered once for every listener that needs it
        for member, sent in tuple(self.listeners.items()):
            if sent != totals:
                text = text or json.dumps(watchers_frame(*totals))
                self.listeners[member] = totals
                member.enqueue_text(text)

    async def heartbeat(self):
        # Refresh this process's entry before it expires, and notice other processes' changes.
        while True:
            await asyncio.sleep(heartbeat())
            recent = asyncio.get_running_loop().time() - self.last_flush < interval()
            if self.flush_handle is None and not recent:
                await self.flush()
