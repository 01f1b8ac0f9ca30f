"""A client that keeps sending after the server closes its socket for abuse (4008) or an oversized
frame (4009) still reads the close code, under every server the project supports: the close frame
is sent and the peer may read it before the connection is dropped (no TCP reset in its place).

One database (migrated as `make run` does) for the module, one server process per server kind.
"""

import json
import os
import subprocess
import threading
import time

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from livewall.consumers.codes import CLOSE_ABUSE, CLOSE_TOO_LARGE, MAX_FRAME_BYTES
from tests.support.servers import KINDS, PYTHON, ROOT, ServerProcess

pytestmark = pytest.mark.timeout(300)

SLUG = "close-codes"
ROUNDS = 5
# Longer than a burst, shorter than the servers' close timeouts would make the test; 15 s was tried too.
SECONDS = 3


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("close-codes")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.embedded",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "SECRET_KEY": "close-codes-" + os.urandom(8).hex(),
        "MEDIA_ROOT": str(folder / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    create = f"from livewall.models import Wall; Wall.objects.create(title='Close codes', slug='{SLUG}')"
    subprocess.run([PYTHON, "manage.py", "shell", "-c", create], cwd=ROOT, env=env, check=True, capture_output=True)
    return env, folder


@pytest.fixture(scope="module", params=KINDS)
def server(request, environment):
    env, folder = environment
    process = ServerProcess(env, kind=request.param, log_path=folder / f"{request.param}.log", ready_path="/robots.txt")
    process.start(timeout=120)
    yield process
    process.stop()


def close_code_while_sending(server, first_frame):
    """Send `first_frame`, then keep sending pings as fast as possible from another thread while
    this one reads: the close code the client read, or None when the connection was reset."""
    url = f"{server.ws_base}/ws/walls/{SLUG}/"
    with connect(url, origin=server.base_url, open_timeout=10, max_size=None) as socket_:
        assert json.loads(socket_.recv(timeout=10))["type"] == "snapshot"
        stop = threading.Event()

        def keep_sending():
            try:
                socket_.send(first_frame)
                while not stop.is_set():
                    socket_.send('{"type": "ping", "padding": "' + "x" * 2000 + '"}')
            except (ConnectionClosed, OSError):
                pass

        sender = threading.Thread(target=keep_sending, daemon=True)
        sender.start()
        try:
            while True:
                socket_.recv(timeout=20)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
        finally:
            stop.set()
            sender.join(10)


@pytest.mark.parametrize(
    "first_frame, code",
    [
        ("x" * (MAX_FRAME_BYTES + 1), CLOSE_TOO_LARGE),
        ('{"type": "ping"}', CLOSE_ABUSE),  # the flood of pings itself is the abuse
    ],
    ids=["too-large", "abuse"],
)
def test_a_client_that_keeps_sending_still_reads_the_close_code(server, first_frame, code):
    codes = [close_code_while_sending(server, first_frame) for _ in range(ROUNDS)]
    assert codes == [code] * ROUNDS, (server.kind, codes, server.log_tail())
    time.sleep(0.2)
    assert server.alive()


def masked_frame(payload, opcode=0x1):
    """A client's frame (FIN, masked), payload up to 64 KiB."""
    mask = os.urandom(4)
    length = len(payload)
    size = bytes([0x80 | length]) if length < 126 else bytes([0x80 | 126]) + length.to_bytes(2, "big")
    header = bytes([0x80 | opcode]) + size
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def raw_close_code(server, first_frame, seconds):
    """A plain TCP client that keeps writing frames for `seconds` without reading, then reads
    whatever it was sent: the close code in the server's close frame, None if it was lost to a reset."""
    import base64
    import socket

    key = base64.b64encode(os.urandom(16)).decode()
    conn = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    conn.sendall(
        (
            f"GET /ws/walls/{SLUG}/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: {server.base_url}\r\n\r\n"
        ).encode()
    )
    received = b""
    while b"\r\n\r\n" not in received:
        received += conn.recv(65536)
    assert received.startswith(b"HTTP/1.1 101"), received[:200]
    frame = masked_frame(first_frame.encode())
    ping = masked_frame(b'{"type": "ping"}')
    deadline = time.monotonic() + seconds
    try:
        conn.sendall(frame)
        while time.monotonic() < deadline:
            conn.sendall(ping)
            time.sleep(0.001)
    except OSError:
        pass
    data = received.split(b"\r\n\r\n", 1)[1]
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    conn.close()
    # Walk the server's (unmasked) frames to its close frame.
    while len(data) >= 2:
        opcode, length, offset = data[0] & 0x0F, data[1] & 0x7F, 2
        if length == 126:
            length, offset = int.from_bytes(data[2:4], "big"), 4
        elif length == 127:
            length, offset = int.from_bytes(data[2:10], "big"), 10
        if opcode == 0x8:
            return int.from_bytes(data[offset : offset + 2], "big")
        data = data[offset + length :]
    return None


@pytest.mark.parametrize("first_frame, code", [("x" * (MAX_FRAME_BYTES + 1), CLOSE_TOO_LARGE)], ids=["too-large"])
def test_a_client_that_writes_without_reading_still_finds_the_close_code(server, first_frame, code):
    codes = [raw_close_code(server, first_frame, seconds=SECONDS)]
    assert codes == [code], (server.kind, codes)
