"""The load process: N viewer sockets (asyncio + websockets, compression off) in their own process.

    python -m bench.loadclient --url ws://127.0.0.1:PORT/ws/walls/bench/ --origin http://127.0.0.1:PORT --clients 1000

Several --url values split the clients round-robin (one URL per server process). Each post's text
carries `bnch:<index>:<unix time it was sent>`; for every copy received (a frame naming a post, in
its data and its HTML, is one copy) the client records the latency and counts duplicates per
socket. A socket the server closes with a 4xxx code (a slow client dropped by a bounded backlog)
reconnects with `?after=<cursor>` and catches up, as a browser would.

Talks to the orchestrator by JSON lines: prints {"event": "ready", ...} once connected, then answers
commands read from stdin: {"cmd": "count"}, {"cmd": "stats", "first": i, "last": j}, {"cmd": "quit"}.
"""

import argparse
import asyncio
import json
import math
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
    def __init__(self, url, origin, receipts):
        self.url = url
        self.origin = origin
        self.receipts = receipts
        self.seen = bytearray(receipts.max_posts)
        self.cursor = None
        self.reconnects = 0
        self.close_codes = []
        self.socket = None

    async def open(self, wait_for_hello=False):
        url = self.url if self.cursor is None else f"{self.url}?after={self.cursor}"
        self.socket = await connect(
            url, origin=self.origin, compression=None, ping_interval=None, open_timeout=60, max_size=2**22
        )
        if wait_for_hello:
            # The wall greets with a snapshot (its cursor): until then the socket is not a viewer yet.
            self.handle(await asyncio.wait_for(self.socket.recv(), 60))

    async def run(self, stopping):
        while True:
            try:
                async for message in self.socket:
                    self.handle(message)
            except websockets.ConnectionClosed:
                pass
            code = self.socket.close_code
            self.close_codes.append(code)
            if stopping.is_set() or code is None or not 4000 <= code < 5000 or self.reconnects >= MAX_RECONNECTS:
                return
            self.reconnects += 1
            try:
                await self.open()
            except (OSError, websockets.WebSocketException, TimeoutError):
                return

    def handle(self, message):
        now = time.time()
        if isinstance(message, bytes):
            message = message.decode()
        head = message[:200]
        if '"snapshot"' in head:
            match = SEQ.search(head)
            if match and self.cursor is None:
                self.cursor = int(match.group(1))
            return
        # A frame carries its post's text twice (plain data and the rendered "html"): one copy.
        for index, sent_at in dict(match.groups() for match in MARKER.finditer(message)).items():
            self.receipts.record(self.seen, int(index), float(sent_at), now)
        for match in SEQ.finditer(head):
            seq = int(match.group(1))
            if self.cursor is None or seq > self.cursor:
                self.cursor = seq


def read_commands(loop, queue):
    for line in sys.stdin:
        loop.call_soon_threadsafe(queue.put_nowait, line)
    loop.call_soon_threadsafe(queue.put_nowait, '{"cmd": "quit"}')


def emit(payload):
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


async def main(args):
    receipts = Receipts(args.max_posts)
    urls = args.url
    viewers = [Viewer(urls[i % len(urls)], args.origin, receipts) for i in range(args.clients)]
    stopping = asyncio.Event()
    limit = asyncio.Semaphore(args.concurrency)
    failures = []

    retries = []

    async def open_one(viewer):
        # Like the wall's own client: a refused or timed-out handshake is retried with back-off.
        for attempt in range(CONNECT_ATTEMPTS):
            async with limit:
                try:
                    await viewer.open(wait_for_hello=args.hello)
                    return
                except (OSError, websockets.WebSocketException, TimeoutError) as exc:
                    error = f"{exc.__class__.__name__}: {exc}"[:200]
            retries.append(error)
            await asyncio.sleep(0.5 * 2**attempt)
        failures.append(error)

    started = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(open_one(v) for v in viewers)), timeout=args.connect_timeout)
    connected = [v for v in viewers if v.socket is not None]
    readers = [asyncio.create_task(v.run(stopping)) for v in connected]
    emit(
        {
            "event": "ready",
            "connected": len(connected),
            "failed": len(failures),
            "retried": len(retries),
            "errors": (failures or retries)[:3],
            "seconds": round(time.monotonic() - started, 2),
        }
    )

    queue = asyncio.Queue()
    threading.Thread(target=read_commands, args=(asyncio.get_running_loop(), queue), daemon=True).start()
    while True:
        command = json.loads(await queue.get())
        name = command.get("cmd")
        if name == "count":
            open_sockets = sum(1 for v in connected if v.socket.state is websockets.State.OPEN)
            emit({"received": receipts.received, "duplicates": receipts.duplicates, "open": open_sockets})
        elif name == "stats":
            emit(receipts.stats(command["first"], command["last"]))
        elif name == "quit":
            stopping.set()
            closed_by_server = {}
            for viewer in connected:
                for code in viewer.close_codes:
                    closed_by_server[str(code)] = closed_by_server.get(str(code), 0) + 1
            await asyncio.wait_for(
                asyncio.gather(*(v.socket.close() for v in connected), return_exceptions=True), timeout=20
            )
            for task in readers:
                task.cancel()
            emit(
                {
                    "event": "bye",
                    "received": receipts.received,
                    "duplicates": receipts.duplicates,
                    "reconnects": sum(v.reconnects for v in connected),
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
    parser.add_argument("--max-posts", type=int, default=20000)
    parser.add_argument("--connect-timeout", type=float, default=180)
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
