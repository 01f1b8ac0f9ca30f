"""Live wall fan-out benchmark: the portal's wall against a stock Channels consumer, same run.

    python -m bench.wall_fanout                      # 1,000 viewers, uvicorn, RedisPubSubChannelLayer
    python -m bench.wall_fanout --quick              # 300 viewers, under a minute: the CI guard (.ci/run)
    python -m bench.wall_fanout --clients 100,500,1000 --server daphne --layer redis
    python -m bench.wall_fanout --servers 2          # two server processes sharing Redis

For each client count, one phase per side, each in a fresh server process on 127.0.0.1:
- "wall": viewers on ws/walls/<slug>/ of a post-moderated wall; posts through
  `livewall.intake.services.accept` (the service the contribution form calls: validate, save, commit,
  broadcast on commit), via a bench-only hook in the server process (bench/server_app.py). Going
  through the hook rather than the form keeps the per-participant rate limit and CSRF out of the
  numbers; the database write and the on-commit broadcast are in them.
- "baseline": viewers on a bare AsyncWebsocketConsumer (bench/baseline.py), posts by one group_send each.
- "ceiling": viewers on a plain `websockets` broadcast server (bench/ceiling.py: no Django, no layer,
  no database), each post serialised once and broadcast: what one process can do at best here.
Viewers live in a separate load process (tests/support/loadclient.py). Posts go out at stepped rates (each step
bounded in posts and time) until p99 passes 1 s or a copy goes missing, then a burst measures
deliveries/s at saturation. Latency runs from the moment the poster sent the post (its text carries
the time) to each copy's receipt, so the wall's figures include the database write.

Progress goes to stderr; each client count ends with ONE JSON line on stdout. Exit status 1 if the wall
lost or duplicated a copy, or a run failed, or (with --guard-ratio / --guard-cpu-ratio, on by default
with --quick) the wall's saturation or its deliveries per server CPU-second fell under that multiple of
stock Channels' in the same run: the CI guard, whose margins were chosen from measured run-to-run noise
(docs/performance.md, "The CI guard").
"""

import argparse
import asyncio
import json
import secrets
import sys
import time

import httpx
import psutil

from bench.environment import (
    drop,
    log,
    migrate,
    redis_reachable,
    run_django,
    server_env,
    start_server,
    throwaway_database,
)
from tests.support.crowd import Crowd
from tests.support.servers import KINDS, production_server

P99_LIMIT_MS = 1000.0
FULL_RATES = [1, 2, 5, 10, 20, 50, 100]
QUICK_RATES = [2, 10]
# The CI guard (issue 15, point 7): a few hundred viewers, so that the saturation ratio measures the
# fan-out rather than the per-post database write, with a burst short enough for a ~1 minute step.
QUICK_CLIENTS = 300
QUICK_BURST = 80
# The guard's two floors, both against stock Channels in the same quick run. Measured (7 runs under load
# averages 3-6): the saturation ratio 1.98-4.35 (the wall-clock burst is at the scheduler's mercy on
# a busy machine), the deliveries-per-server-CPU-second ratio 3.40-4.30. So the issue's "2x
# stock" is held on the CPU measure, 41 % under its worst run, and saturation keeps a looser floor that
# still fails a wall that lost its fan-out (at 50 viewers, where the database write dominates, 0.39x).
# docs/performance.md ("The CI guard") has the runs.
GUARD_RATIO = 1.25
GUARD_CPU_RATIO = 2.0


async def ask(load, command):
    """One command to the load client (a blocking exchange, off the event loop)."""
    return await asyncio.to_thread(load.ask, command)


class Poster:
    """Sends post number `index` to one of the servers; the text carries index and send time."""

    def __init__(self, side, servers, slug):
        self.side = side
        self.servers = servers
        self.slug = slug
        self.http = httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=16))
        self.failures = 0

    async def send(self, index):
        server = self.servers[index % len(self.servers)]
        text = f"Benchmark post bnch:{index}:{time.time():.6f}: thank you all for coming tonight"
        method = "POST"
        if self.side == "wall":
            url, params = f"{server.base_url}/__bench/accept", {"slug": self.slug, "text": text}
        elif self.side == "ceiling":
            method, url, params = "GET", f"{server.base_url}/__bench/ceiling", {"seq": index, "text": text}
        else:
            url, params = f"{server.base_url}/__bench/baseline", {"seq": index, "text": text}
        try:
            response = await self.http.request(method, url, params=params)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            self.failures += 1
            log(f"post {index} failed: {exc!r}")

    async def at_rate(self, first, count, rate):
        started = time.monotonic()
        tasks = []
        for offset in range(count):
            delay = started + offset / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(self.send(first + offset)))
        await asyncio.gather(*tasks)

    async def burst(self, first, count, concurrency=8):
        queue = iter(range(first, first + count))

        async def worker():
            for index in queue:
                await self.send(index)

        await asyncio.gather(*(worker() for _ in range(concurrency)))

    async def close(self):
        await self.http.aclose()


def cpu_seconds(processes):
    total = 0.0
    for process in processes:
        times = process.cpu_times()
        total += times.user + times.system
    return total


async def drain(load, expected, stall_seconds, limit_seconds=300):
    """Wait until the load client has received `expected` copies in all, or nothing more arrived
    for `stall_seconds`, or `limit_seconds` passed (late copies are slow, not lost, until then)."""
    deadline = time.monotonic() + limit_seconds
    last_count, last_progress = -1, time.monotonic()
    while True:
        count = await ask(load, {"cmd": "count"})
        now = time.monotonic()
        if count["received"] != last_count:
            last_count, last_progress = count["received"], now
        if count["received"] >= expected or now - last_progress > stall_seconds or now > deadline:
            return count
        await asyncio.sleep(0.1)


def rounded(value, digits=1):
    return None if value is None else round(value, digits)


async def run_phase(side, args, clients, database, slug, run_id, n_servers=1):
    """One side ("wall", "baseline" or "ceiling") on `n_servers` fresh server processes."""
    env = server_env(database.url, args.layer, args.redis_url, run_id, {"BENCH_STOCK_GC": str(int(side == "baseline"))})
    if side == "ceiling":
        servers = [start_server("program", env, app="bench.ceiling")]
    else:
        servers = [start_server(args.server, env) for _ in range(n_servers)]
    load = None
    poster = Poster(side, servers, slug)
    try:
        for process in servers:
            process.wait_ready(90)
        processes = [psutil.Process(process.pid) for process in servers]
        # Warm-up (imports, first connection to the database and the layer) before measuring memory.
        async with httpx.AsyncClient(timeout=30) as http:
            for process in servers:
                hook = {"wall": "accept", "baseline": "baseline", "ceiling": "ceiling"}[side]
                method = "GET" if side == "ceiling" else "POST"
                params = {"slug": slug, "seq": 0, "text": "Warm-up post"}
                (await http.request(method, f"{process.base_url}/__bench/{hook}", params=params)).raise_for_status()
        rss_before = sum(p.memory_info().rss for p in processes)
        path = {"wall": f"/ws/walls/{slug}/", "baseline": "/ws/bench/baseline/", "ceiling": "/ws/bench/ceiling/"}[side]
        rates = args.rates or (QUICK_RATES if args.quick else FULL_RATES)
        step_cap = max(20, 60000 // clients)
        max_posts = sum(min(round(r * args.step_seconds), step_cap) or 1 for r in rates) + 400
        load = Crowd(
            [f"{s.ws_base}{path}" for s in servers],
            servers[0].base_url,
            clients,
            ledger=False,  # the cursor and the latency receipts only: 1,000 sockets in one process
            reconnect="server",
            hello=side == "wall",
            max_posts=max_posts,
        )
        await asyncio.to_thread(load.wait_ready, 240)
        ready = load.ready
        if ready["connected"] != clients:
            raise RuntimeError(f"{side}: only {ready['connected']}/{clients} sockets opened: {ready['errors']}")
        log(
            f"{side}: {clients} sockets open in {ready['seconds']} s on {len(servers)} {servers[0].kind} process(es)"
            f" ({ready['retried']} handshakes retried: {ready['errors'][:1]})"
        )
        # Idle first: RedisChannelLayer with redis-py 8 drops consumers idle for 5 s (issue 4).
        await asyncio.sleep(args.idle_seconds)
        rss_after = sum(p.memory_info().rss for p in processes)
        rss_per_1000 = (rss_after - rss_before) / clients * 1000 / 2**20

        cpu_start = cpu_seconds(processes)
        load_cpu_start = cpu_seconds([psutil.Process(load.pid)])
        wall_start = time.monotonic()
        next_index = 0
        steps = {}
        best_rate = None
        for rate in rates:
            count = max(1, min(round(rate * args.step_seconds), step_cap))
            step_cpu, step_started = cpu_seconds(processes), time.monotonic()
            await poster.at_rate(next_index, count, rate)
            next_index += count
            done = await drain(load, next_index * clients, args.drain_seconds)
            stats = await ask(load, {"cmd": "stats", "first": next_index - count, "last": next_index})
            expected = count * clients
            ok = stats["delivered"] == expected and done["duplicates"] == 0 and stats["p99_ms"] <= P99_LIMIT_MS
            steps[str(rate)] = {
                "p50_ms": rounded(stats["p50_ms"]),
                "p99_ms": rounded(stats["p99_ms"]),
                "max_ms": rounded(stats["max_ms"]),
                "first_copy_p50_ms": rounded(stats["first_copy_p50_ms"]),
                "delivered_fraction": round(stats["delivered"] / expected, 4),
                # The server processes' CPU over the step (posting and delivering), % of one core.
                "server_cpu_pct": round(
                    100 * (cpu_seconds(processes) - step_cpu) / max(1e-6, time.monotonic() - step_started)
                ),
            }
            log(f"{side} {rate}/s: {steps[str(rate)]}")
            if not ok:
                break
            best_rate = rate

        # Saturation: a burst sent as fast as the poster can, measured from first send to last receipt.
        await drain(load, next_index * clients, args.drain_seconds)
        burst = args.burst or max(20, min(200, 50000 // clients))
        burst_started = time.time()
        await poster.burst(next_index, burst)
        next_index += burst
        expected_total = next_index * clients
        final = await drain(load, expected_total, args.drain_seconds)
        burst_stats = await ask(load, {"cmd": "stats", "first": next_index - burst, "last": next_index})
        cpu_used = cpu_seconds(processes) - cpu_start
        load_cpu = cpu_seconds([psutil.Process(load.pid)]) - load_cpu_start
        elapsed = time.monotonic() - wall_start
        saturation = None
        if burst_stats["last_rx"]:
            saturation = burst_stats["delivered"] / max(1e-6, burst_stats["last_rx"] - burst_started)
        bye = await asyncio.to_thread(load.stop)
        load = None
        if bye is None:
            raise RuntimeError("load client exited")
        result = {
            "rates": steps,
            "best_rate": best_rate,
            "saturation_deliveries_per_s": rounded(saturation, 0),
            "delivered_fraction": round(final["received"] / expected_total, 6),
            "duplicates": final["duplicates"],
            "rss_mb_per_1000_idle": round(rss_per_1000, 1),
            "deliveries_per_cpu_s": round(final["received"] / cpu_used, 0) if cpu_used else None,
            "load_client_cpu_pct": round(100 * load_cpu / elapsed, 0),
            "post_failures": poster.failures,
            "closed_by_server": bye["closed_by_server"],
            "reconnects": bye["reconnects"],
            "handshakes_retried": ready["retried"],
            "loadavg_1m_after": round(psutil.getloadavg()[0], 2),
        }
        log(f"{side}: {result}")
        return result
    finally:
        await poster.close()
        if load is not None:
            load.kill()
        for process in servers:
            if process.returncode not in (None, 0, -15):
                log(f"{side}: server exited with {process.returncode}:\n{process.log_tail()}")
            process.stop()


def share(part, whole, key="saturation_deliveries_per_s"):
    return round(part[key] / whole[key], 3) if part and whole and part.get(key) and whole.get(key) else None


def summarise(args, clients, wall, baseline, scale_out=None, ceiling=None):
    best = baseline["best_rate"] or min(int(rate) for rate in baseline["rates"])
    wall_p99 = wall["rates"].get(str(best), {}).get("p99_ms")
    base_p99 = baseline["rates"].get(str(best), {}).get("p99_ms")
    summary = {
        "clients": clients,
        "server": args.server,
        "layer": args.layer,
        "rates": wall["rates"],
        "best_rate": wall["best_rate"],
        "saturation_deliveries_per_s": wall["saturation_deliveries_per_s"],
        "delivered_fraction": wall["delivered_fraction"],
        "duplicates": wall["duplicates"],
        "rss_mb_per_1000_idle": wall["rss_mb_per_1000_idle"],
        "baseline": baseline,
        "saturation_ratio": (
            round(wall["saturation_deliveries_per_s"] / baseline["saturation_deliveries_per_s"], 2)
            if wall["saturation_deliveries_per_s"] and baseline["saturation_deliveries_per_s"]
            else None
        ),
        "p99_ratio": round(wall_p99 / base_p99, 3) if wall_p99 is not None and base_p99 else None,
        "p99_ratio_at_rate": best,
        # Deliveries per server CPU-second: the same comparison, less sensitive to what else runs.
        "cpu_efficiency_ratio": (
            round(wall["deliveries_per_cpu_s"] / baseline["deliveries_per_cpu_s"], 2)
            if wall["deliveries_per_cpu_s"] and baseline["deliveries_per_cpu_s"]
            else None
        ),
        "wall_detail": {k: wall[k] for k in wall if k not in {"rates", "best_rate"}},
        # The same run's plain websockets broadcast server: each side's saturation as a share of it.
        "ceiling": ceiling,
        "wall_share_of_ceiling": share(wall, ceiling),
        "baseline_share_of_ceiling": share(baseline, ceiling),
        "machine": machine(),
    }
    if scale_out:
        summary["scale_out"] = scale_out
    if args.guard_ratio or args.guard_cpu_ratio:
        ratio, cpu_ratio = summary["saturation_ratio"], summary["cpu_efficiency_ratio"]
        summary["guard"] = {
            "saturation_ratio_min": args.guard_ratio,
            "saturation_ratio": ratio,
            "cpu_efficiency_ratio_min": args.guard_cpu_ratio,
            "cpu_efficiency_ratio": cpu_ratio,
            "passed": (not args.guard_ratio or (ratio is not None and ratio >= args.guard_ratio))
            and (not args.guard_cpu_ratio or (cpu_ratio is not None and cpu_ratio >= args.guard_cpu_ratio)),
        }
    return summary


def machine():
    """Where the figures came from: cores and the load other processes put on them meanwhile."""
    return {"cpus": psutil.cpu_count(), "loadavg_1m": round(psutil.getloadavg()[0], 2)}


def prepare_database(args, run_id):
    database = throwaway_database(args.database_url)
    slug = f"bench-{run_id}"
    env = server_env(database.url, "inmemory", args.redis_url, run_id)
    started = time.monotonic()
    migrate(database, env)
    create_wall = f"Wall.objects.create(title='Bench', slug={slug!r}, moderation_mode='post')"
    run_django(env, f"from livewall.models import Wall\n{create_wall}\n")
    log(f"database ready ({database.url.split('://')[0]}) in {time.monotonic() - started:.1f} s, wall {slug}")
    return database, slug


async def main(args):
    run_id = secrets.token_hex(4)
    if args.layer != "inmemory" and not redis_reachable(args.redis_url):
        if not args.quick:
            raise SystemExit(f"Redis not reachable at {args.redis_url}; use --layer inmemory or set REDIS_URL")
        log(f"Redis not reachable at {args.redis_url}: quick run falls back to the in-memory layer")
        args.layer = "inmemory"
    if args.servers > 1 and args.layer == "inmemory":
        raise SystemExit("--servers 2 needs a Redis layer (--layer pubsub or redis)")
    database, slug = prepare_database(args, run_id)
    failed = False
    try:
        for clients in args.clients:
            if args.wall_only or args.baseline_only:  # developing one side: no ratios
                side = "wall" if args.wall_only else "baseline"
                result = await run_phase(side, args, clients, database, slug, run_id)
                print(json.dumps({"clients": clients, "server": args.server, "layer": args.layer, **result}))
                continue
            wall = await run_phase("wall", args, clients, database, slug, run_id)
            baseline = await run_phase("baseline", args, clients, database, slug, run_id)
            ceiling = await run_phase("ceiling", args, clients, database, slug, run_id)
            scale_out = None
            if args.servers > 1:
                many = await run_phase("wall", args, clients, database, slug, run_id, n_servers=args.servers)
                scale_out = {
                    "servers": args.servers,
                    "delivered_fraction": many["delivered_fraction"],
                    "duplicates": many["duplicates"],
                    "exactly_once": many["delivered_fraction"] == 1.0 and many["duplicates"] == 0,
                    "saturation_deliveries_per_s": many["saturation_deliveries_per_s"],
                    "deliveries_per_cpu_s": many["deliveries_per_cpu_s"],
                    "one_process_deliveries_per_cpu_s": wall["deliveries_per_cpu_s"],
                    "rates": many["rates"],
                    "best_rate": many["best_rate"],
                }
                failed |= not scale_out["exactly_once"]
            summary = summarise(args, clients, wall, baseline, scale_out, ceiling)
            failed |= wall["delivered_fraction"] != 1.0 or wall["duplicates"] != 0 or wall["post_failures"] != 0
            if "guard" in summary and not summary["guard"]["passed"]:
                log(
                    f"GUARD FAILED at {clients} viewers: the wall's saturation is {summary['saturation_ratio']}x"
                    f" stock Channels' (minimum {args.guard_ratio}x), its deliveries per server CPU-second"
                    f" {summary['cpu_efficiency_ratio']}x (minimum {args.guard_cpu_ratio}x)"
                )
                failed = True
            print(json.dumps(summary), flush=True)
    finally:
        drop(database)
    return 1 if failed else 0


def parse_args(argv=None):
    import os

    parser = argparse.ArgumentParser(description="Live wall fan-out against stock Channels.")
    parser.add_argument("--clients", default=None, help="comma separated, e.g. 100,500,1000 (default 1000)")
    # The default is production's server (the Procfile's), as everywhere else; Daphne for comparison.
    parser.add_argument("--server", choices=list(KINDS), default=production_server())
    parser.add_argument("--layer", choices=["pubsub", "redis", "inmemory"], default="pubsub")
    parser.add_argument("--servers", type=int, choices=[1, 2], default=1)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_CLIENTS} clients, under a minute: the CI guard")
    parser.add_argument("--burst", type=int, default=None, help="posts in the saturation burst")
    parser.add_argument(
        "--guard-ratio",
        type=float,
        default=None,
        help=f"fail when the wall's saturation is under this multiple of stock's (--quick: {GUARD_RATIO})",
    )
    parser.add_argument(
        "--guard-cpu-ratio",
        type=float,
        default=None,
        help=f"fail when its deliveries per server CPU-second are under this multiple (--quick: {GUARD_CPU_RATIO})",
    )
    parser.add_argument("--step-seconds", type=float, default=None, help="length of each rate step")
    parser.add_argument(
        "--drain-seconds", type=float, default=None, help="stop waiting for late copies after this long without one"
    )
    parser.add_argument("--idle-seconds", type=float, default=None, help="sockets idle before the first post")
    parser.add_argument("--baseline-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--wall-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rates", help="comma separated posts/s steps (default 1,2,5,10,20,50,100)")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="PostgreSQL server to use")
    args = parser.parse_args(argv)
    if args.quick:
        args.clients = args.clients or str(QUICK_CLIENTS)
        args.burst = args.burst or QUICK_BURST
        if args.guard_ratio is None:
            args.guard_ratio = GUARD_RATIO
        if args.guard_cpu_ratio is None:
            args.guard_cpu_ratio = GUARD_CPU_RATIO
    args.clients = [int(value) for value in str(args.clients or 1000).split(",") if value.strip()]
    args.rates = [int(value) for value in args.rates.split(",") if value.strip()] if args.rates else None
    if args.step_seconds is None:
        args.step_seconds = 1.0 if args.quick else 4.0
    if args.idle_seconds is None:
        args.idle_seconds = 1.0 if args.quick else 11.0
    if args.drain_seconds is None:
        args.drain_seconds = 5.0 if args.quick else 10.0
    return args


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
