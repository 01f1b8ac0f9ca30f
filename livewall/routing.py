"""Websocket routes. Only the moderator socket needs to know who is connecting.

Viewers are anonymous by design, so their sockets skip AuthMiddlewareStack: no session and user
lookup (a database hop) per connect, and no session wrapper around every frame sent.
"""

from channels.auth import AuthMiddlewareStack
from django.urls import path

from livewall.consumers.moderator import ModerationConsumer
from livewall.consumers.viewer import WallConsumer

websocket_urlpatterns = [
    path("ws/walls/<slug:slug>/", WallConsumer.as_asgi()),
    path("ws/moderate/walls/<slug:slug>/", AuthMiddlewareStack(ModerationConsumer.as_asgi())),
]
