"""HTTP requests sent exactly as written (no client normalises a path or a Host header), and what a
designed error page must not show (tests of hostile requests against a server process)."""

import socket

from .ports import HOST
from .servers import ROOT

LEAKS = ("Traceback", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "URLconf", "site-packages", str(ROOT))


def raw_request(server, head, body=b""):
    """Send the request exactly as written (no client normalises its path); (status, headers+body)."""
    with socket.create_connection((HOST, server.port), timeout=60) as conn:
        conn.sendall(head.encode("latin1") + body)
        chunks = []
        while True:
            try:
                chunk = conn.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    reply = b"".join(chunks).decode("utf-8", "replace")
    return int(reply.split(" ", 2)[1]), reply


def request_head(method, path, host, extra=""):
    return f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}\r\n"


def assert_designed(reply, marker):
    for leak in LEAKS:
        assert leak not in reply, leak
    assert marker in reply
    assert len(reply) < 40_000, len(reply)
