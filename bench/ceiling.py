"""The ceiling the live wall is measured against: a plain `websockets` broadcast server, no Django,
no channel layer, no database. What one Python process can deliver at best on this machine, so
that every figure of the wall (and of stock Channels) is also read as a share of it.

    python -m bench.ceiling --host 127.0.0.1 --port 8765

- `GET /__bench/ping`: readiness.
- `GET /__bench/ceiling?seq=N&text=...`: one frame shaped like the baseline's (bench.baseline.baseline_post),
  serialised ONCE and written to every open socket (`websockets.broadcast`). (GET: the websockets
  server speaks only the GET of a handshake; the poster uses it for this side.)
- `ws://.../ws/bench/ceiling/`: a viewer socket.
"""

import argparse
import asyncio
import json
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import broadcast, serve

from bench.baseline import baseline_post

WS_PATH = "/ws/bench/ceiling/"
viewers = set()


def answer(connection, request):
    """HTTP hooks before any handshake; None lets a socket's handshake go on."""
    parts = urlsplit(request.path)
    if parts.path == "/__bench/ping":
        return connection.respond(HTTPStatus.OK, "ok\n")
    if parts.path == "/__bench/ceiling":
        query = parse_qs(parts.query)
        post = baseline_post(int(query.get("seq", ["0"])[0]), query.get("text", [""])[0])
        broadcast(viewers, json.dumps({"type": "event", "kind": "published", "post": post}))
        return connection.respond(HTTPStatus.OK, "ok\n")
    if parts.path != WS_PATH:
        return connection.respond(HTTPStatus.NOT_FOUND, "not found\n")
    return None


async def viewer(connection):
    viewers.add(connection)
    try:
        async for _ in connection:  # viewers send nothing that matters; read to see them go
            pass
    finally:
        viewers.discard(connection)


async def main(host, port):
    async with serve(viewer, host, port, process_request=answer, ping_interval=None, max_queue=16) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    options = parser.parse_args()
    asyncio.run(main(options.host, options.port))
