"""The websocket Origin check (CSRF for sockets), answering a refusal without the database thread."""

from urllib.parse import urlparse

from channels.security.websocket import OriginValidator
from django.conf import settings


def origin_of(scope):
    for name, value in scope.get("headers", []):
        if name == b"origin":
            try:
                return urlparse(value.decode("latin1"))
            except (UnicodeDecodeError, ValueError):
                return None
    return None


class AllowedHostsOriginCheck(OriginValidator):
    """Channels' AllowedHostsOriginValidator, except for how a refusal is sent.

    The stock refusal is a consumer, and since channels 4.2 every consumer hops to the single
    database thread before it handles a message: a refused handshake then waited behind any slow
    query (once 20 s, SQLite's busy timeout, in CI), and a flood of foreign-origin attempts would
    queue on that thread. Closing before accepting is the ASGI way to answer 403.
    """

    def __init__(self, application):
        allowed = settings.ALLOWED_HOSTS
        if settings.DEBUG and not allowed:
            allowed = ["localhost", "127.0.0.1", "[::1]"]
        super().__init__(application, allowed)

    async def __call__(self, scope, receive, send):
        if self.valid_origin(origin_of(scope)):
            return await self.application(scope, receive, send)
        message = await receive()
        if message["type"] == "websocket.connect":
            await send({"type": "websocket.close"})
