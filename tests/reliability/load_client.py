"""A crowd of wall viewers in its own process: `python -m tests.reliability.load_client URL ORIGIN N`.

Each viewer behaves like static/livewall/wall/socket.js: it applies the connect-time snapshot, applies
events whose seq is above its cursor, and after a drop reconnects with jittered back-off and sends
{"type": "resume", "after": <cursor>}. It also keeps the books the tests assert on: which posts
were applied through "published" events and in which order, frames that arrived with a seq at or
below the cursor (stale: sent twice), seq jumps (gaps), reconnects, error frames and close codes.

Control is line-based JSON on stdin/stdout so the test process can drive it while it runs:
  -> {"cmd": "wait", "seq": N, "timeout": T}  <- {"reply": "wait", "ok": bool, "lagging": k}
  -> {"cmd": "report"}                         <- {"reply": "report", "viewers": [...]}
  -> {"cmd": "stop"}                           <- {"reply": "stop"} and the process exits
It announces {"event": "ready", "connected": n} once every viewer has its first snapshot.
Only the standard library and `websockets`: no Django in this process.
"""

import argparse
import asyncio
import json
import random
import sys
import time

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

BACKOFF_BASE = 0.2
BACKOFF_MAX = 3.0


class Viewer:
    def __init__(self, index, url, origin):
        self.index = index
        self.url = url
        self.origin = origin
        self.seq = None  # cursor: last applied seq
        self.display = {}  # post id -> pinned flag: what the screen shows
        self.published = []  # post ids applied from "published" events, in apply order
        self.stale = 0
        self.gaps = []
        self.reconnects = 0
        self.snapshots = 0
        self.errors = []
        self.close_codes = []
        self.connected = False
        self.first_snapshot = asyncio.Event()
        self.stopping = False
        self.socket = None

    def apply(self, frame):
        kind = frame.get("type")
        if kind == "snapshot":
            self.snapshots += 1
            self.display = {post["id"]: post.get("pinned", False) for post in frame.get("posts", [])}
            self.seq = frame["seq"]
            self.first_snapshot.set()
        elif kind == "event":
            self.apply_event(frame)
        elif kind == "error":
            self.errors.append(frame.get("code"))

    def apply_event(self, frame):
        seq = frame["seq"]
        if self.seq is not None and seq <= self.seq:
            self.stale += 1
            return
        if self.seq is not None and seq != self.seq + 1:
            self.gaps.append([self.seq, seq])
        self.seq = seq
        post = frame.get("post") or {}
        if frame.get("kind") == "removed" or post.get("removed"):
            self.display.pop(post.get("id"), None)
        else:
            self.display[post["id"]] = post.get("pinned", False)
            if frame.get("kind") == "published":
                self.published.append(post["id"])

    async def run(self):
        attempt = 0
        while not self.stopping:
            try:
                async with connect(
                    self.url, origin=self.origin, open_timeout=20, close_timeout=2, max_size=2**22
                ) as socket:
                    self.socket = socket
                    self.connected = True
                    attempt = 0
                    if self.seq is not None:
                        await socket.send(json.dumps({"type": "resume", "after": self.seq}))
                    async for message in socket:
                        self.apply(json.loads(message))
            except ConnectionClosed as closed:
                if closed.rcvd is not None:
                    self.close_codes.append(closed.rcvd.code)
            except (OSError, InvalidHandshake, InvalidStatus, TimeoutError):
                pass
            self.connected = False
            self.socket = None
            if self.stopping:
                return
            self.reconnects += 1
            ceiling = min(BACKOFF_MAX, BACKOFF_BASE * 2**attempt)
            attempt = min(attempt + 1, 10)
            await asyncio.sleep(ceiling / 2 + random.random() * ceiling / 2)

    def report(self):
        return {
            "index": self.index,
            "seq": self.seq,
            "display": sorted(self.display),
            "published": self.published,
            "stale": self.stale,
            "gaps": self.gaps,
            "reconnects": self.reconnects,
            "snapshots": self.snapshots,
            "errors": self.errors,
            "close_codes": self.close_codes,
            "connected": self.connected,
        }


def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def wait_for_seq(viewers, seq, timeout):
    deadline = time.monotonic() + timeout
    while True:
        lagging = [v for v in viewers if not v.connected or v.seq is None or v.seq < seq]
        if not lagging or time.monotonic() > deadline:
            return {"reply": "wait", "ok": not lagging, "lagging": len(lagging)}
        await asyncio.sleep(0.05)


async def control(viewers):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            return
        command = json.loads(line)
        if command["cmd"] == "wait":
            emit(await wait_for_seq(viewers, command["seq"], command.get("timeout", 30)))
        elif command["cmd"] == "report":
            emit({"reply": "report", "viewers": [viewer.report() for viewer in viewers]})
        elif command["cmd"] == "stop":
            return


async def main(url, origin, count, batch):
    viewers = [Viewer(index, url, origin) for index in range(count)]
    tasks = []
    # Connect in batches, as a room fills, rather than 500 handshakes in the same millisecond.
    for start in range(0, count, batch):
        group = viewers[start : start + batch]
        tasks.extend(asyncio.ensure_future(viewer.run()) for viewer in group)
        await asyncio.wait_for(asyncio.gather(*(viewer.first_snapshot.wait() for viewer in group)), timeout=60)
    emit({"event": "ready", "connected": sum(viewer.connected for viewer in viewers)})
    await control(viewers)
    for viewer in viewers:
        viewer.stopping = True
        if viewer.socket is not None:
            await viewer.socket.close()
    await asyncio.wait(tasks, timeout=5)
    for task in tasks:
        task.cancel()
    emit({"reply": "stop"})


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("origin")
    parser.add_argument("count", type=int)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(main(args.url, args.origin, args.count, args.batch))
