"""Rate limits for public forms, kept in Django's cache.

Counters use a sliding window approximated from two fixed windows (current and previous), which
avoids the double burst a plain fixed window allows at its edge. They live in the "ratelimit" cache
alias when it is configured (Redis when REDIS_URL is set, so every process shares them), else in
"default" (in-process memory, fine for the embedded single-process set-up). Each form counts per
browser (or per e-mail address) and, more loosely, per network address: a venue or a library
shares one public address, so the address cap is one a room cannot reach but a script soon does.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import InvalidCacheBackendError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def from_setting(cls, name, default):
        count, seconds = getattr(settings, name, default)
        return cls(count, seconds)


def _cache():
    try:
        return caches["ratelimit"]
    except InvalidCacheBackendError:
        return caches["default"]


def _prefix():
    return getattr(settings, "PORTAL_RATELIMIT_PREFIX", "portal-rl")


class RateLimiter:
    """Sliding-window counter for one (scope, identity) pair."""

    def __init__(self, scope, identity, limit):
        self.scope = scope
        self.identity = identity
        self.limit = limit

    def _key(self, window):
        return f"{_prefix()}:{self.scope}:{self.identity}:{window}"

    def _state(self, now):
        window = int(now // self.limit.seconds)
        elapsed = (now % self.limit.seconds) / self.limit.seconds
        cache = _cache()
        values = cache.get_many([self._key(window), self._key(window - 1)])
        current = values.get(self._key(window), 0)
        previous = values.get(self._key(window - 1), 0)
        return window, current + previous * (1 - elapsed)

    def is_limited(self, now=None):
        try:
            _, used = self._state(now or time.time())
        except Exception:  # noqa: BLE001 - see hit()
            logger.warning("Rate-limit cache unavailable: %s not limited", self.scope, exc_info=True)
            return False
        return used >= self.limit.count

    def hit(self, now=None):
        """Count one request; True if it went over the limit.

        Fails open: when the shared cache (Redis) is down, a participant's post matters more than
        the limit, and the post itself only needs the database.
        """
        try:
            return self._hit(now or time.time())
        except Exception:  # noqa: BLE001 - any cache backend error
            logger.warning("Rate-limit cache unavailable: %s not limited", self.scope, exc_info=True)
            return False

    def _hit(self, now):
        window, used = self._state(now)
        if used >= self.limit.count:
            return True
        cache = _cache()
        key = self._key(window)
        # add() is a no-op if the key exists; incr() is atomic in Redis and under LocMem's lock.
        cache.add(key, 0, timeout=self.limit.seconds * 2 + 5)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.limit.seconds * 2 + 5)
        return False

    def retry_after(self, now=None):
        now = now or time.time()
        return max(1, int(self.limit.seconds - (now % self.limit.seconds)))


def client_address(request):
    """The client's address; behind a proxy, set PORTAL_CLIENT_IP_HEADER (e.g. HTTP_X_REAL_IP)."""
    header = getattr(settings, "PORTAL_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")
