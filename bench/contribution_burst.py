"""Contribution burst (issue 15, target 6): a room of phones posting at once through the real form.

    python -m bench.contribution_burst                       # 200 browsers in 10 s, 500 viewers
    python -m bench.contribution_burst --browsers 200 --window 10 --viewers 1000
    python -m bench.contribution_burst --addresses shared    # every phone behind one venue address

Each browser is its own HTTP client (its own cookie jar) and, by default, its own network address:
the production settings read the client's address from X-Real-IP (PORTAL_CLIENT_IP_HEADER, what
nginx sets), and the bench sets it as nginx would for phones on mobile data. With `--addresses
shared` every browser sends the same address, as phones on a venue's Wi-Fi behind one public
address do; the per-address limit (LIVEWALL_RATE_PER_ADDRESS) then applies to the room as a whole.
No limit is raised: the output says which limits were in force.

Each browser starts at its moment in the window (spread evenly), GETs the participant page, reads
the CSRF token from the form, and POSTs the form once as the page's script does (multipart
FormData, `Accept: application/json`, the honeypot empty, no image). Meanwhile `--viewers` wall
sockets (the load client, tests/support/loadclient.py) are open on the server processes; each post's
text carries its send time, so every copy on every screen is counted and timed.

One JSON line on stdout. Exit status 1 if a post was refused or a copy was lost or duplicated.
"""

import argparse
import asyncio
import json
import os
import re
import secrets
import sys
import time

import httpx
import psutil

from bench.environment import drop, log, redis_reachable, run_django, server_env, start_server
from bench.wall_fanout import ask, drain, prepare_database, rounded
from tests.support.crowd import Crowd
from tests.support.loadclient import percentile
from tests.support.servers import production_server

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def timing(values):
    values = sorted(values)
    return {
        "p50": rounded(percentile(values, 0.50)),
        "p99": rounded(percentile(values, 0.99)),
        "max": rounded(values[-1] if values else None),
    }


class Browser:
    """One phone: its own cookie jar and address; one page view, one contribution."""

    def __init__(self, number, server, slug, address):
        self.number = number
        self.server = server
        self.slug = slug
        self.headers = {"X-Real-IP": address, "User-Agent": f"bench-phone/{number}"}
        self.get_ms = None
        self.post_ms = None
        self.status = None
        self.error = None
        self.retried = False

    async def visit_and_post(self):
        page_url = f"{self.server.base_url}/walls/{self.slug}/"
        async with httpx.AsyncClient(timeout=60, headers=self.headers) as http:
            try:
                started = time.perf_counter()
                page = await http.get(page_url)
                self.get_ms = (time.perf_counter() - started) * 1000
                page.raise_for_status()
                token = CSRF_INPUT.search(page.text)
                if not token:
                    raise RuntimeError("no CSRF token in the participant page's form")
                text = f"Burst post bnch:{self.number}:{time.time():.6f}: great session, thank you"
                fields = {
                    "csrfmiddlewaretoken": token.group(1),
                    "author_name": f"Phone {self.number}",
                    "text": text,
                    "attending": "in_room",
                    "video_url": "",
                    "image_alt": "",
                    "website": "",  # the honeypot, empty as a person leaves it
                }
                started = time.perf_counter()
                response = await self.post(http, fields, page_url)
                self.post_ms = (time.perf_counter() - started) * 1000
                self.status = response.status_code
                if response.status_code != 201:
                    self.error = response.text[:200]
            except (httpx.HTTPError, RuntimeError) as exc:
                self.error = f"{exc.__class__.__name__}: {exc}"[:200]

    async def post(self, http, fields, page_url):
        request = {
            "url": f"{self.server.base_url}/walls/{self.slug}/post/",
            "data": fields,
            "files": {"image": ("", b"", "application/octet-stream")},  # no photo chosen
            "headers": {"Accept": "application/json", "Origin": self.server.base_url, "Referer": page_url},
        }
        try:
            return await http.post(**request)
        except (httpx.ReadError, httpx.RemoteProtocolError):
            # The kept-alive connection of the page view was closed by the server (its keep-alive
            # timeout, 5 s, ran out while this process was too busy to send): a browser retries a
            # request on a reused connection that closed before any answer, once, on a new one.
            # Counted; a post that had in fact been saved would show on the screens twice.
            self.retried = True
            return await http.post(**request)


def limits_in_force(env):
    code = (
        "from livewall.intake import ratelimit\n"
        "import json\n"
        "p, a = ratelimit.participant_limit(), ratelimit.address_limit()\n"
        "print(json.dumps({'per_browser': [p.count, p.seconds], 'per_address': [a.count, a.seconds]}))\n"
    )
    return json.loads(run_django(env, code).strip().splitlines()[-1])


async def run(args):
    run_id = secrets.token_hex(4)
    layer = "pubsub" if redis_reachable(args.redis_url) else "inmemory"
    if layer == "inmemory" and args.servers > 1:
        raise SystemExit("--servers 2 needs Redis")
    database, slug = prepare_database(args, run_id)
    env = server_env(database.url, layer, args.redis_url, run_id)
    servers = [start_server(args.server, env) for _ in range(args.servers)]
    crowd = None
    try:
        for server in servers:
            server.wait_ready(90)
        limits = limits_in_force(env)
        crowd = Crowd(
            [f"{s.ws_base}/ws/walls/{slug}/" for s in servers],
            servers[0].base_url,
            args.viewers,
            ledger=False,
            reconnect="server",
            hello=True,
            max_posts=args.browsers + 10,
        )
        await asyncio.to_thread(crowd.wait_ready, 240)
        if crowd.ready["connected"] != args.viewers:
            raise RuntimeError(f"only {crowd.ready['connected']}/{args.viewers} viewer sockets opened")
        log(f"{args.viewers} viewers open in {crowd.ready['seconds']} s; {args.browsers} browsers in {args.window} s")
        processes = [psutil.Process(s.pid) for s in servers]
        cpu_before = sum(p.cpu_times().user + p.cpu_times().system for p in processes)

        browsers = []
        for number in range(args.browsers):
            if args.addresses == "shared":
                address = "198.51.100.7"
            else:  # a documentation range (RFC 5737 and 2544 style), one address per phone
                address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
            browsers.append(Browser(number, servers[number % len(servers)], slug, address))

        started = time.monotonic()

        async def at_its_moment(browser):
            await asyncio.sleep(max(0.0, started + browser.number * args.window / args.browsers - time.monotonic()))
            await browser.visit_and_post()

        await asyncio.gather(*(at_its_moment(b) for b in browsers))
        posting_seconds = time.monotonic() - started
        accepted = [b for b in browsers if b.status == 201]
        expected = len(accepted) * args.viewers
        done = await drain(crowd, expected, stall_seconds=10, limit_seconds=120)
        copies = await ask(crowd, {"cmd": "stats", "first": 0, "last": args.browsers})
        cpu_used = sum(p.cpu_times().user + p.cpu_times().system for p in processes) - cpu_before
        elapsed = time.monotonic() - started
        bye = await asyncio.to_thread(crowd.stop)
        crowd = None
        refused = {}
        for browser in browsers:
            if browser.status != 201:
                key = str(browser.status or "error")
                refused[key] = refused.get(key, 0) + 1
        result = {
            "browsers": args.browsers,
            "window_s": args.window,
            "viewers": args.viewers,
            "servers": args.servers,
            "server": args.server,
            "layer": layer,
            "addresses": args.addresses,
            "limits_in_force": limits,
            "note": (
                "each browser its own cookie jar and X-Real-IP address (as nginx sets it); no limit raised"
                if args.addresses == "distinct"
                else "every browser behind one address (a venue's Wi-Fi); no limit raised"
            ),
            "posting_seconds": round(posting_seconds, 2),
            "accepted": len(accepted),
            "refused": refused,
            "first_refusal": next((b.error for b in browsers if b.error), None),
            "posts_retried_on_a_new_connection": sum(b.retried for b in browsers),
            "get_ms": timing([b.get_ms for b in browsers if b.get_ms is not None]),
            "post_ms": timing([b.post_ms for b in browsers if b.post_ms is not None]),
            "copies_expected": expected,
            "copies_delivered": copies["delivered"],
            "duplicates": done["duplicates"],
            "copy_latency_ms": {"p50": rounded(copies["p50_ms"]), "p99": rounded(copies["p99_ms"])},
            "every_post_on_every_screen": copies["delivered"] == expected and done["duplicates"] == 0,
            "viewers_closed_by_server": (bye or {}).get("closed_by_server"),
            "server_cpu_pct": round(100 * cpu_used / elapsed, 0),
            "loadavg_1m": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count(),
        }
        log(f"burst: {result}")
        return result
    finally:
        if crowd is not None:
            crowd.kill()
        for server in servers:
            server.stop()
        drop(database)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browsers", type=int, default=200)
    parser.add_argument("--window", type=float, default=10.0, help="seconds over which the browsers arrive")
    parser.add_argument("--viewers", type=int, default=500, help="wall sockets open meanwhile")
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--server", default=production_server())
    parser.add_argument("--addresses", choices=["distinct", "shared"], default="distinct")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    return parser.parse_args(argv)


def main(argv=None):
    result = asyncio.run(run(parse_args(argv)))
    print(json.dumps(result), flush=True)
    ok = result["accepted"] == result["browsers"] and result["every_post_on_every_screen"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
