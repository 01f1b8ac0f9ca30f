"""Reconnect storm (issue 15, target 4): a server process with every viewer on it dies and comes back.

    python -m bench.reconnect_storm                  # 1,000 viewers on one of two processes
    python -m bench.reconnect_storm --viewers 200    # what tests/reliability/test_reconnect_storm.py asserts

Two server processes (production's server, bench/server_app.py) share the wall through the Redis
pub/sub layer. Every viewer socket is on process A; posts arrive steadily through process B
(`services.accept`, the contribution form's service), before, during and after the outage. Then A
is killed (SIGKILL, a crash: no goodbye to any socket) and started again on the same port at once,
as systemd's Restart=always does. The viewers (the load client with its books, reconnecting as
static/livewall/wall/socket.js does: jittered back-off from 1 s, reopening with ?after=<cursor>)
come back by themselves.

Figures: seconds from the kill until A answers again, until every viewer's socket is open again, and
until every viewer has caught up with the wall's latest seq (from the kill and from A's restart);
gaps and duplicates in every screen's books (each must show every post exactly once, in order);
and what the restarted A asked the database for it: catch-up reads (the replay of missed events),
snapshot reads and queries in all (bench/server_app.py's /__bench/reads).

One JSON line on stdout; exit status 1 if a viewer did not come back caught up, or saw a gap or a
post twice.
"""

import argparse
import asyncio
import json
import os
import secrets
import sys
import time

import httpx

from bench.environment import drop, log, redis_reachable, server_env, start_server
from bench.wall_fanout import prepare_database
from tests.support.crowd import Crowd
from tests.support.servers import production_server


class SteadyPoster:
    """Posts at `rate` per second through one server until stopped; the accepted post ids, in order."""

    def __init__(self, server, slug, rate):
        self.server, self.slug, self.rate = server, slug, rate
        self.ids = []
        self.failures = 0
        self.stopping = asyncio.Event()

    async def run(self):
        async with httpx.AsyncClient(timeout=30) as http:
            number = 0
            started = time.monotonic()
            while not self.stopping.is_set():
                text = f"Storm post {number}: the hall is full tonight"
                try:
                    response = await http.post(
                        f"{self.server.base_url}/__bench/accept", params={"slug": self.slug, "text": text}
                    )
                    response.raise_for_status()
                    self.ids.append(int(response.text))
                except httpx.HTTPError as exc:
                    self.failures += 1
                    log(f"post {number} failed: {exc!r}")
                number += 1
                await asyncio.sleep(max(0.0, started + number / self.rate - time.monotonic()))


async def fetch_json(http, url, **params):
    response = await http.get(url, params=params)
    response.raise_for_status()
    return response.json()


async def storm(viewers, database_url, redis_url, *, rate=5.0, server_kind=None, settle_seconds=2.0, limit_seconds=60):
    """Run the storm once; the figures (a dict)."""
    if not redis_reachable(redis_url):
        raise RuntimeError(f"the reconnect storm needs Redis (two processes): none at {redis_url}")
    run_id = secrets.token_hex(4)
    options = argparse.Namespace(database_url=database_url, redis_url=redis_url)
    database, slug = prepare_database(options, run_id)
    env = server_env(database.url, "pubsub", redis_url, run_id)
    kind = server_kind or production_server()
    victim, survivor = start_server(kind, env), start_server(kind, env)
    crowd = None
    poster = SteadyPoster(survivor, slug, rate)
    posting = None
    try:
        victim.wait_ready(90)
        survivor.wait_ready(90)
        crowd = Crowd(
            f"{victim.ws_base}/ws/walls/{slug}/",
            victim.base_url,
            viewers,
            ledger=True,
            reconnect="browser",
            hello=True,
            max_posts=100,
        )
        await asyncio.to_thread(crowd.wait_ready, 240)
        if crowd.ready["connected"] != viewers:
            raise RuntimeError(f"only {crowd.ready['connected']}/{viewers} viewer sockets opened")
        log(f"{viewers} viewers on process A in {crowd.ready['seconds']} s; posting {rate}/s through B")
        posting = asyncio.create_task(poster.run())
        await asyncio.sleep(settle_seconds)

        async with httpx.AsyncClient(timeout=10) as http:

            async def latest_seq():
                response = await http.get(f"{survivor.base_url}/__bench/seq", params={"slug": slug})
                return int(response.text)

            killed = time.monotonic()
            victim.kill()
            log("process A killed; starting it again")
            victim.start(wait=False)
            await asyncio.to_thread(victim.wait_ready, 90)
            answered = time.monotonic()
            all_open, caught_up = None, None
            while time.monotonic() - killed < limit_seconds:
                count = await asyncio.to_thread(crowd.count)
                now = time.monotonic()
                if all_open is None and count["open"] == viewers:
                    all_open = now
                if all_open is not None:
                    target = await latest_seq()
                    done = await asyncio.to_thread(crowd.wait_for_seq, target, 0)
                    if done["ok"]:
                        caught_up = time.monotonic()
                        break
                await asyncio.sleep(0.05)
            reads = await fetch_json(http, f"{victim.base_url}/__bench/reads")
            # A few more posts after the storm: everyone must still get them, once.
            await asyncio.sleep(settle_seconds)
            poster.stopping.set()
            await posting
            posting = None
            final_seq = await latest_seq()
        settled = await asyncio.to_thread(crowd.wait_for_seq, final_seq, 30)
        books = await asyncio.to_thread(crowd.report)
        expected = poster.ids
        wrong = [b["index"] for b in books if b["published"] != expected]
        doubled = [b["index"] for b in books if len(set(b["published"])) != len(b["published"])]
        gaps = [b["index"] for b in books if b["gaps"]]
        reopen_errors = {}
        for book in books:
            for name, count in book["reopen_errors"].items():
                reopen_errors[name] = reopen_errors.get(name, 0) + count

        def since(moment, start):
            return None if moment is None else round(moment - start, 2)

        result = {
            "viewers_on_killed_server": viewers,
            "servers": 2,
            "server": kind,
            "posts_per_s": rate,
            "posts": len(expected),
            "post_failures": poster.failures,
            "seconds_until_server_answers": since(answered, killed),
            "seconds_until_all_reconnected": since(all_open, killed),
            "seconds_until_all_caught_up": since(caught_up, killed),
            "seconds_caught_up_after_server_answers": since(caught_up, answered),
            "all_caught_up_at_end": settled["ok"],
            "viewers_with_gaps": len(gaps),
            "viewers_with_duplicates": len(doubled),
            "viewers_missing_or_out_of_order": len(wrong),
            "stale_frames_dropped": sum(b["stale"] for b in books),
            "reconnect_attempts": sum(b["reconnects"] for b in books),
            "failed_reopens_by_error": reopen_errors,
            "viewers_not_back_at_end": sum(not b["connected"] for b in books),
            "database_catch_up_reads": reads["catch_ups"],
            "database_snapshot_reads": reads["snapshots"],
            "database_queries": reads["queries"],
            "database_queries_by_table": reads["queries_by_table"],
            "client_backoff": "static/livewall/wall/socket.js: 1 s doubling to 30 s, jitter 50-100 %",
            "loadavg_1m": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count(),
        }
        result["ok"] = (
            caught_up is not None and settled["ok"] and not wrong and not doubled and not gaps and poster.failures == 0
        )
        log(f"storm: {result}")
        return result
    finally:
        poster.stopping.set()
        if posting is not None:
            posting.cancel()
        if crowd is not None:
            crowd.stop()
        victim.stop()
        survivor.stop()
        drop(database)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=5.0, help="posts per second through the other process")
    parser.add_argument("--server", default=production_server())
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    options = {"rate": args.rate, "server_kind": args.server}
    result = asyncio.run(storm(args.viewers, args.database_url, args.redis_url, **options))
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
