"""The websocket gate: the Origin check (CSRF for sockets) and the routes, each refusing a handshake
(403) before accepting and without the database thread.

Channels' URLRouter raises "No route found" for a path it does not know, which servers answer with
a 500 and a traceback in their log: any `/ws/...` typo or probe. SocketRoutes matches first and
refuses quietly instead.
"""

from urllib.parse import urlparse

from channels.routing import URLRouter
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.urls.exceptions import Resolver404


def origin_of(scope):
    for name, value in scope.get("headers", []):
        if name == b"origin":
            try:
                return urlparse(value.decode("latin1"))
            except (UnicodeDecodeError, ValueError):
                return None
    return None


async def refuse_handshake(receive, send):
    """Closing before accepting is the ASGI way to answer a websocket handshake with 403."""
    message = await receive()
    if message["type"] == "websocket.connect":
        await send({"type": "websocket.close"})


class AllowedHostsOriginCheck(OriginValidator):
    """Channels' AllowedHostsOriginValidator, except for how a refusal is sent.

    The stock refusal is a consumer, and since channels 4.2 every consumer hops to the single
    database thread before it handles a message: a refused handshake then waited behind any slow
    query (once 20 s, SQLite's busy timeout, in CI), and a flood of foreign-origin attempts would
    queue on that thread.
    """

    def __init__(self, application):
        allowed = settings.ALLOWED_HOSTS
        if settings.DEBUG and not allowed:
            allowed = ["localhost", "127.0.0.1", "[::1]"]
        super().__init__(application, allowed)

    async def __call__(self, scope, receive, send):
        if self.valid_origin(origin_of(scope)):
            return await self.application(scope, receive, send)
        await refuse_handshake(receive, send)


class SocketRoutes(URLRouter):
    """The outermost websocket URLRouter, refusing a path that none of its routes matches."""

    def has_route(self, scope):
        path = scope.get("path") or ""
        root_path = scope.get("root_path", "")
        if root_path:
            if not path.startswith(root_path):
                return False
            path = path[len(root_path) :]
        path = path.lstrip("/")
        for route in self.routes:
            try:
                if route.pattern.match(path):
                    return True
            except Resolver404:
                continue
        return False

    async def __call__(self, scope, receive, send):
        if self.has_route(scope):
            return await super().__call__(scope, receive, send)
        await refuse_handshake(receive, send)
