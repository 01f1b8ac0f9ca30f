"""Where the watcher counts of every server process meet: one entry per process and wall.

`RedisBackend` when REDIS_URL is set (a hash of counts and a sorted set of expiry times, pruned
atomically), `MemoryBackend` otherwise (the embedded, one-process set-up). `backend()` is the
process's one store; `livewall.stream.watchers` is its only user.
"""

import asyncio
import threading
import time
import weakref

import redis
import redis.asyncio
from django.conf import settings


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
            self._sync = redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)
        return self._sync

    def async_client(self):
        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None:
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
