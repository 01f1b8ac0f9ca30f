"""THE load client: a crowd of wall viewer sockets (asyncio + websockets, compression off) in a
process of its own, so that the sockets do not share a CPU with the process that measures them.

    python -m tests.support.loadclient --url ws://127.0.0.1:PORT/ws/walls/SLUG/ \\
        --origin http://127.0.0.1:PORT --clients 500

Used by the reliability suite (tests/reliability) and the fan-out benchmark (bench/wall_fanout.py),
both through tests/support/crowd.py. Only the standard library and `websockets`: no Django here.

Opening: at most --concurrency handshakes at once; a refused or timed-out handshake is retried with
back-off (CONNECT_ATTEMPTS in all). Several --url values split the viewers round-robin (one URL per
server process). With --hello a socket counts as open once the wall's first frame (the snapshot)
has arrived.

What every viewer keeps:
- its cursor (`seq`): the snapshot's seq, then every event's;
- latency receipts: a post whose text carries `bnch:<index>:<unix time it was sent>` gets the
  latency of each copy recorded; a second copy on the same socket counts as a duplicate;
- with --ledger, the books a screen running static/livewall/wall/ would keep: the snapshot and
  events applied (display: post id -> pinned), the posts applied from "published" events in
  order, frames at or below the cursor (stale: sent twice), seq jumps (gaps), error frames.
  Without it, frames are skimmed with regular expressions (the benchmark's 1,000 sockets).

Reconnecting (--reconnect):
- "always": after any drop, a short jittered back-off (0.2 s doubling to 3 s), then {"type": "resume", "after": seq};
- "browser": exactly as static/livewall/wall/socket.js: after any drop, the page's jittered back-off
  (BROWSER_BACKOFF_BASE doubling to BROWSER_BACKOFF_MAX, a delay between half and all of it), then
  reopening with `?after=<seq>`; the back-off starts again from its base once a socket opens;
- "server": only when the server closed with a 4xxx code (a slow client dropped by a bounded
  backlog), at most MAX_RECONNECTS times, reopening with `?after=<seq>`.

Control is line-based JSON on stdin/stdout. Once the sockets are open it prints
{"event": "ready", "connected": n, "failed": n, "retried": n, "errors": [...], "seconds": s}, then answers:
  -> {"cmd": "wait", "seq": N, "timeout": T}    <- {"reply": "wait", "ok": bool, "lagging": k}
  -> {"cmd": "report"}                           <- {"reply": "report", "viewers": [books of each viewer]}
  -> {"cmd": "count"}                            <- {"reply": "count", "received": n, "duplicates": n, "open": n}
  -> {"cmd": "stats", "first": i, "last": j}     <- {"reply": "stats", "delivered": n, "p50_ms": ..., ...}
  -> {"cmd": "stop"} (or end of input)           <- {"reply": "stop", "received": n, "duplicates": n,
                                                     "reconnects": n, "closed_by_server": {code: n}}, then it exits
"""

import argparse
import asyncio
import json
import math
import random
import re
import sys
import threading
import time
from array import array

import websockets
from websockets.asyncio.client import connect

MARKER = re.compile(r"bnch:(\d+):(\d+\.\d+)")
SEQ = re.compile(r'"seq":\s*(\d+)')
MAX_RECONNECTS = 5
CONNECT_ATTEMPTS = 5
BACKOFF_BASE = 0.2
BACKOFF_MAX = 3.0
# static/livewall/wall/socket.js: BACKOFF_BASE_MS, BACKOFF_MAX_MS.
BROWSER_BACKOFF_BASE = 1.0
BROWSER_BACKOFF_MAX = 30.0
SOCKET_ERRORS = (OSError, websockets.WebSocketException, TimeoutError)


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted sequence (None when empty)."""
    if not sorted_values:
        return None
    rank = math.ceil(fraction * len(sorted_values))
    return sorted_values[max(0, min(len(sorted_values), rank) - 1)]


class Receipts:
    """Every copy received, by post index: latencies, first/last receipt, duplicates."""

    def __init__(self, max_posts):
        self.max_posts = max_posts
        self.latencies = [None] * max_posts
        self.first_rx = array("d", [0.0]) * max_posts
        self.last_rx = array("d", [0.0]) * max_posts
        self.received = 0
        self.duplicates = 0

    def record(self, seen, index, sent_at, now):
        if index >= self.max_posts:
            return
        if seen[index]:
            self.duplicates += 1
            return
        seen[index] = 1
        self.received += 1
        bucket = self.latencies[index]
        if bucket is None:
            bucket = self.latencies[index] = array("f")
            self.first_rx[index] = now
        bucket.append((now - sent_at) * 1000.0)
        self.last_rx[index] = now

    def stats(self, first, last):
        values = []
        first_copies = []  # per post: latency of its first copy (the accept and broadcast path)
        first_rx, last_rx = None, None
        for index in range(first, min(last, self.max_posts)):
            bucket = self.latencies[index]
            if bucket is None:
                continue
            values.extend(bucket)
            first_copies.append(min(bucket))
            first_rx = self.first_rx[index] if first_rx is None else min(first_rx, self.first_rx[index])
            last_rx = self.last_rx[index] if last_rx is None else max(last_rx, self.last_rx[index])
        values.sort()
        first_copies.sort()
        return {
            "delivered": len(values),
            "p50_ms": percentile(values, 0.50),
            "p99_ms": percentile(values, 0.99),
            "max_ms": values[-1] if values else None,
            "first_copy_p50_ms": percentile(first_copies, 0.50),
            "first_rx": first_rx,
            "last_rx": last_rx,
        }


class Viewer:
    """One wall screen: a socket, its cursor, its receipts and (with `ledger`) its books."""

    def __init__(self, index, url, origin, receipts, ledger=False, reconnect="server"):
        self.index = index
        self.url = url
        self.origin = origin
        self.receipts = receipts
        self.seen = bytearray(receipts.max_posts)
        self.ledger = ledger
        self.reconnect = reconnect
        self.seq = None  # cursor: last applied seq
        self.display = {}  # post id -> pinned flag: what the screen shows (ledger)
        self.published = []  # post ids applied from "published" events, in apply order (ledger)
        self.stale = 0
        self.gaps = []
        self.reconnects = 0
        self.snapshots = 0
        self.errors = []
        self.close_codes = []
        self.reopen_errors = {}  # exception class -> count: why reopening failed
        self.connected = False
        self.socket = None

    # -- frames -----------------------------------------------------------------------------------
    def handle(self, message):
        now = time.time()
        if isinstance(message, bytes):
            message = message.decode()
        snapshot = self.apply(json.loads(message)) if self.ledger else self.skim(message)
        if not snapshot:
            # A frame carries its post's text twice (plain data and the rendered "html"): one copy.
            for index, sent_at in dict(match.groups() for match in MARKER.finditer(message)).items():
                self.receipts.record(self.seen, int(index), float(sent_at), now)

    def skim(self, message):
        """The cursor only, read off the frame's head; True for a snapshot."""
        head = message[:200]
        if '"snapshot"' in head:
            self.snapshots += 1
            match = SEQ.search(head)
            if match and self.seq is None:
                self.seq = int(match.group(1))
            return True
        for match in SEQ.finditer(head):
            seq = int(match.group(1))
            if self.seq is None or seq > self.seq:
                self.seq = seq
        return False

    def apply(self, frame):
        """Apply a frame as the wall client (static/livewall/wall/) does, keeping the books; True for a snapshot."""
        kind = frame.get("type")
        if kind == "snapshot":
            self.snapshots += 1
            self.display = {post["id"]: post.get("pinned", False) for post in frame.get("posts", [])}
            self.seq = frame["seq"]
            return True
        if kind == "event":
            self.apply_event(frame)
        elif kind == "error":
            self.errors.append(frame.get("code"))
        return False

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

    # -- the socket -------------------------------------------------------------------------------
    async def open(self, wait_for_hello=False):
        resume_by_query = self.reconnect in ("server", "browser") and self.seq is not None
        url = f"{self.url}?after={self.seq}" if resume_by_query else self.url
        socket = await connect(
            url,
            origin=self.origin,
            compression=None,
            ping_interval=None,
            open_timeout=60,
            close_timeout=2,
            max_size=2**22,
        )
        self.socket = socket
        self.connected = True
        if self.reconnect == "always" and self.seq is not None:
            await socket.send(json.dumps({"type": "resume", "after": self.seq}))
        if wait_for_hello:
            # The wall greets with a snapshot (its cursor): until then the socket is not a viewer yet.
            try:
                self.handle(await asyncio.wait_for(socket.recv(), 60))
            except BaseException:
                self.connected = False
                await socket.close()
                raise

    async def run(self, stopping):
        attempt = 0
        while True:
            try:
                async for message in self.socket:
                    self.handle(message)
            except websockets.ConnectionClosed:
                pass
            self.connected = False
            code = self.socket.close_code
            self.close_codes.append(code)
            if stopping.is_set():
                return
            if self.reconnect == "server" and (
                code is None or not 4000 <= code < 5000 or self.reconnects >= MAX_RECONNECTS
            ):
                return
            while True:  # reopen
                self.reconnects += 1
                if self.reconnect in ("always", "browser"):
                    base, most = (
                        (BROWSER_BACKOFF_BASE, BROWSER_BACKOFF_MAX)
                        if self.reconnect == "browser"
                        else (BACKOFF_BASE, BACKOFF_MAX)
                    )
                    ceiling = min(most, base * 2**attempt)
                    attempt = min(attempt + 1, 10)
                    await asyncio.sleep(ceiling / 2 + random.random() * ceiling / 2)
                if stopping.is_set():
                    return
                try:
                    await self.open()
                    attempt = 0
                    break
                except SOCKET_ERRORS as exc:
                    name = exc.__class__.__name__
                    self.reopen_errors[name] = self.reopen_errors.get(name, 0) + 1
                    if self.reconnect == "server":
                        return

    def is_open(self):
        return self.socket is not None and self.socket.state is websockets.State.OPEN

    def books(self):
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
            "reopen_errors": self.reopen_errors,
            "connected": self.connected,
        }


# -- the process ----------------------------------------------------------------------------------
def emit(payload):
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def read_commands(loop, queue):
    for line in sys.stdin:
        loop.call_soon_threadsafe(queue.put_nowait, line)
    loop.call_soon_threadsafe(queue.put_nowait, '{"cmd": "stop"}')


async def wait_for_seq(viewers, seq, timeout):
    deadline = time.monotonic() + timeout
    while True:
        lagging = [v for v in viewers if not v.connected or v.seq is None or v.seq < seq]
        if not lagging or time.monotonic() > deadline:
            return {"reply": "wait", "ok": not lagging, "lagging": len(lagging)}
        await asyncio.sleep(0.05)


async def open_all(viewers, args):
    """Open every viewer's socket (bounded concurrency, retries); the ready message's figures."""
    limit = asyncio.Semaphore(args.concurrency)
    failures, retries = [], []

    async def open_one(viewer):
        # Like the wall's own client: a refused or timed-out handshake is retried with back-off.
        for attempt in range(CONNECT_ATTEMPTS):
            async with limit:
                try:
                    await viewer.open(wait_for_hello=args.hello)
                    return
                except SOCKET_ERRORS as exc:
                    error = f"{exc.__class__.__name__}: {exc}"[:200]
            retries.append(error)
            await asyncio.sleep(0.5 * 2**attempt)
        failures.append(error)

    started = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(open_one(v) for v in viewers)), timeout=args.connect_timeout)
    return {
        "event": "ready",
        "connected": sum(v.connected for v in viewers),
        "failed": len(failures),
        "retried": len(retries),
        "errors": (failures or retries)[:3],
        "seconds": round(time.monotonic() - started, 2),
    }


async def main(args):
    receipts = Receipts(args.max_posts)
    urls = args.url
    viewers = [
        Viewer(i, urls[i % len(urls)], args.origin, receipts, ledger=args.ledger, reconnect=args.reconnect)
        for i in range(args.clients)
    ]
    stopping = asyncio.Event()
    emit(await open_all(viewers, args))
    connected = [v for v in viewers if v.connected]
    readers = [asyncio.create_task(v.run(stopping)) for v in connected]

    queue = asyncio.Queue()
    threading.Thread(target=read_commands, args=(asyncio.get_running_loop(), queue), daemon=True).start()
    while True:
        command = json.loads(await queue.get())
        name = command.get("cmd")
        if name == "wait":
            emit(await wait_for_seq(viewers, command["seq"], command.get("timeout", 30)))
        elif name == "report":
            emit({"reply": "report", "viewers": [viewer.books() for viewer in viewers]})
        elif name == "count":
            open_sockets = sum(1 for v in connected if v.is_open())
            emit(
                {
                    "reply": "count",
                    "received": receipts.received,
                    "duplicates": receipts.duplicates,
                    "open": open_sockets,
                }
            )
        elif name == "stats":
            emit({"reply": "stats", **receipts.stats(command["first"], command["last"])})
        elif name == "stop":
            stopping.set()
            closed_by_server = {}
            for viewer in connected:
                for code in viewer.close_codes:
                    closed_by_server[str(code)] = closed_by_server.get(str(code), 0) + 1
            await asyncio.wait_for(
                asyncio.gather(*(v.socket.close() for v in connected if v.socket), return_exceptions=True), timeout=20
            )
            await asyncio.wait(readers, timeout=5)
            for task in readers:
                task.cancel()
            emit(
                {
                    "reply": "stop",
                    "received": receipts.received,
                    "duplicates": receipts.duplicates,
                    "reconnects": sum(v.reconnects for v in viewers),
                    "closed_by_server": closed_by_server,
                }
            )
            return


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", required=True, help="ws:// URL (repeat to split clients)")
    parser.add_argument("--origin", required=True)
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--concurrency", type=int, default=50, help="sockets opening at once")
    parser.add_argument("--hello", action="store_true", help="wait for a first frame (the snapshot) per socket")
    parser.add_argument("--ledger", action="store_true", help="keep each screen's books (JSON-decode every frame)")
    parser.add_argument("--reconnect", choices=["server", "always", "browser"], default="server")
    parser.add_argument("--max-posts", type=int, default=20000)
    parser.add_argument("--connect-timeout", type=float, default=180)
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
