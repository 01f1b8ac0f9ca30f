"""Websocket test clients on the portal's real ASGI application (origin check, sessions, routing)."""

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from portal.asgi import application

ORIGIN = b"http://testserver"


def viewer_socket(slug, query="", origin=ORIGIN, app=application):
    path = f"/ws/walls/{slug}/" + (f"?{query}" if query else "")
    return WebsocketCommunicator(app, path, headers=[(b"origin", origin), (b"host", b"testserver")])


@database_sync_to_async
def session_cookie(user):
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()


async def moderator_socket(slug, user=None):
    headers = [(b"origin", ORIGIN), (b"host", b"testserver")]
    if user is not None:
        headers.append((b"cookie", await session_cookie(user)))
    return WebsocketCommunicator(application, f"/ws/moderate/walls/{slug}/", headers=headers)


async def connect(communicator):
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    return communicator


async def receive_close(communicator, timeout=3):
    message = await communicator.receive_output(timeout=timeout)
    assert message["type"] == "websocket.close", message
    return message.get("code")
