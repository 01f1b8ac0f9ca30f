"""Page benchmark: requests/s and p99 of the public pages with a realistic amount of content.

    python -m bench.pages            # 1,000 events, 200 resources, 10,000 wall posts
    python -m bench.pages --quick    # small data, one second per page (smoke run)

Loads the content into a throwaway database (SQLite, or a fresh database on the PostgreSQL server
of DATABASE_URL), counts the database queries of every page with a small and with the full data
set (they must not grow with the data), then serves the pages from 1 and 2 server processes (production's: uvicorn),
with the caches off and on (the anonymous page cache, portal/pagecache, and the wall pages' first
page of posts, livewall.pages.views.rendered_posts), and measures each page for a few
seconds with a bounded number of concurrent requests from this process, on 127.0.0.1 only.

One JSON line per page on stdout; a page that does not exist (yet) is reported as "missing".
"""

import argparse
import asyncio
import json
import os
import sys
import time

import httpx

from bench.environment import drop, log, migrate, run_django, server_env, start_server, throwaway_database
from tests.support.loadclient import percentile
from tests.support.servers import production_server


def content_stage(env, counts, have):
    code = (
        "from bench.pagedata import main\n"
        f"main({counts['events']}, {counts['resources']}, {counts['posts']}, "
        f"{have['events']}, {have['resources']}, {have['posts']})\n"
    )
    started = time.monotonic()
    result = json.loads(run_django(env, code, timeout=1800).strip().splitlines()[-1])
    log(f"content {counts} ready in {time.monotonic() - started:.0f} s; queries {result['queries']}")
    return result


async def measure(servers, path, seconds, concurrency):
    """Requests/s and latency percentiles of GET `path`, spread over the servers."""
    latencies, errors, hits = [], 0, 0
    statuses = set()
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=concurrency * 2)) as http:
        for server in servers:  # warm-up: templates, connections, the cache when it is on
            for _ in range(2):
                await http.get(f"{server.base_url}{path}")

        async def worker(number):
            nonlocal errors, hits
            turn = number
            while time.monotonic() < deadline:
                server = servers[turn % len(servers)]
                turn += 1
                started = time.perf_counter()
                response = await http.get(f"{server.base_url}{path}")
                latencies.append((time.perf_counter() - started) * 1000)
                statuses.add(response.status_code)
                hits += response.headers.get("x-page-cache") == "hit"
                errors += response.status_code >= 400

        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "errors": errors,
        "cache_hits": round(hits / len(latencies), 3) if latencies else 0,
        "statuses": sorted(statuses),
    }


async def serve_and_measure(args, database, paths, cache_seconds, processes):
    caches = {"PAGE_CACHE_SECONDS": str(cache_seconds), "LIVEWALL_FIRST_PAGE_CACHE_SECONDS": str(cache_seconds)}
    env = server_env(database.url, "inmemory", "", "pages", caches)
    servers = [start_server(production_server(), env) for _ in range(processes)]
    try:
        for process in servers:
            process.wait_ready(90)
        results = {}
        for name, path in paths.items():
            results[name] = await measure(servers, path, args.seconds, args.concurrency)
            log(f"{name} {path} cache={'on' if cache_seconds else 'off'} x{processes}: {results[name]}")
        return results
    finally:
        for process in servers:
            process.stop()


def page_line(name, path, small, large, runs):
    status = large["status"][name]
    line = {"page": name, "path": path, "status": status}
    if status == 404:
        line["missing"] = True
        return line
    queries_small, queries_large = small["queries"][name], large["queries"][name]
    line.update(
        {
            "queries_small_data": queries_small,
            "queries_full_data": queries_large,
            "queries_grow_with_data": queries_large > queries_small,
        }
    )
    for label, result in runs.items():
        line[label] = {key: result[name][key] for key in ("rps", "p50_ms", "p99_ms", "errors", "cache_hits")}
    if "cache_off_1" in runs and "cache_on_1" in runs:
        off, on = runs["cache_off_1"][name]["rps"], runs["cache_on_1"][name]["rps"]
        line["cache_rps_ratio"] = round(on / off, 2) if off else None
    return line


async def main(args):
    if args.quick:
        counts = {"events": 30, "resources": 10, "posts": 300}
        small_counts = {"events": 5, "resources": 2, "posts": 20}
    else:
        counts = {"events": 1000, "resources": 200, "posts": 10000}
        # Small, but past the listings' first page (12 a page), so pagination is in both counts.
        small_counts = {"events": 40, "resources": 30, "posts": 200}
    database = throwaway_database(args.database_url)
    try:
        env = server_env(database.url, "inmemory", "", "pages", {"PAGE_CACHE_SECONDS": "0", "BENCH_DEFER_TASKS": "1"})
        started = time.monotonic()
        migrate(database, env)
        log(f"migrated in {time.monotonic() - started:.0f} s")
        none = {"events": 0, "resources": 0, "posts": 0}
        small = content_stage(env, small_counts, none)
        large = content_stage(env, counts, small_counts)
        paths = large["paths"]
        present = {name: path for name, path in paths.items() if large["status"][name] != 404}
        runs = {}
        for cache_seconds in (0, 300):
            for processes in (1, 2):
                label = f"cache_{'on' if cache_seconds else 'off'}_{processes}"
                runs[label] = await serve_and_measure(args, database, present, cache_seconds, processes)
        for name, path in paths.items():
            line = page_line(name, path, small, large, runs)
            line.update({"data": counts, "cpus": os.cpu_count(), "loadavg_1m": round(os.getloadavg()[0], 2)})
            print(json.dumps(line), flush=True)
    finally:
        drop(database)
    return 0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Public pages: requests/s, p99, queries, cache ratio.")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float, default=None, help="measuring time per page and set-up")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)
    if args.seconds is None:
        args.seconds = 1.0 if args.quick else 5.0
    return args


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
