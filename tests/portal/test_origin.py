"""The websocket Origin check: foreign and missing origins refused, at once, even while the
database thread is busy (a refusal must not queue behind queries)."""

import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from portal.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def socket_from(origin):
    headers = [(b"host", b"testserver")] + ([(b"origin", origin)] if origin else [])
    return WebsocketCommunicator(application, "/ws/walls/any-wall/", headers=headers)


@pytest.mark.parametrize("origin", [b"https://evil.example", b"http://testserver.evil.example", b"null", None])
async def test_foreign_or_missing_origins_are_refused_before_the_database_thread_frees_up(origin):
    busy = asyncio.ensure_future(database_sync_to_async(time.sleep)(1.5))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    connected, _ = await socket_from(origin).connect(timeout=1.2)
    assert connected is False
    assert time.monotonic() - started < 0.5
    await busy


async def test_the_sites_own_origin_gets_through_to_the_wall_routes():
    socket = socket_from(b"http://testserver")
    connected, code = await socket.connect(timeout=3)
    # Past the origin check: the viewer socket is accepted, then closed as no such wall exists.
    assert connected is True
    assert (await socket.receive_output(timeout=3))["code"] == 4004


@pytest.mark.parametrize(
    "path",
    [
        "/ws/no-such-socket/",
        "/ws/walls/../../etc/",  # what a server makes of /ws/walls/..%2F..%2Fetc/
        "/ws/walls/\x00/",
        "/ws/walls/",
        "/ws/walls/a/b/",
        "/ws/moderate/",
        "/",
        "/walls/some-wall/",
    ],
)
async def test_a_socket_path_with_no_route_is_refused_at_the_handshake(path, caplog):
    # The routes are matched before the handshake is answered: a 403 refusal, no "No route found"
    # exception (a 500 and a traceback in the server's log), and no database hop.
    busy = asyncio.ensure_future(database_sync_to_async(time.sleep)(1.5))
    await asyncio.sleep(0.05)
    socket = WebsocketCommunicator(
        application, path, headers=[(b"host", b"testserver"), (b"origin", b"http://testserver")]
    )
    connected, _ = await socket.connect(timeout=1.2)
    assert connected is False
    assert not [record for record in caplog.records if record.exc_info]
    await busy
