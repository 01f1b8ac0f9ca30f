"""The embedded poller: the same poll loop inside the server process (`make run`).

With no Redis (the in-memory channel layer), a separate poller process could not reach the
server's viewers, so `make run` sets PORTAL_EMBEDDED_POLLER=1 and the loop runs as an asyncio task
on the server's own event loop: under uvicorn (the one production server, and `make run`'s) it is
started on the ASGI lifespan by portal/lifespan.py; under Daphne (`runserver`, the benchmark's
comparison) by the Daphne hook below. Each pass runs in a worker thread (`sync_to_async`); the broadcasts it
makes on commit (`async_to_sync(group_send)` in livewall.stream.publisher) are then carried out on the
server's loop, where the in-memory layer and the sockets live.

It starts only in a server process (not in migrate, tests or other commands), only once.
With Redis, run `manage.py livewall_poll` as its own process instead (see the Procfile).
"""

import asyncio
import logging
import os
import sys
import threading
from pathlib import Path

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from . import poller

logger = logging.getLogger(__name__)

FIRST_PASS_DELAY_SECONDS = 1.0
MAX_SLEEP_SECONDS = 2.0
SHUTDOWN_GRACE_SECONDS = 10.0

_started = False
_lock = threading.Lock()


def is_daphne_server(argv=None, modules=None):
    argv = sys.argv if argv is None else argv
    modules = sys.modules if modules is None else modules
    program = Path(argv[0]).as_posix() if argv else ""
    by_name = Path(program).name == "daphne" or program.endswith("daphne/__main__.py")
    # daphne.server installs the asyncio Twisted reactor the task runs on.
    return by_name and "daphne.server" in modules


def should_start(environ=None, argv=None, modules=None):
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    if environ.get("PORTAL_EMBEDDED_POLLER") != "1" or "pytest" in modules:
        return False
    return is_daphne_server(argv, modules)


def _one_pass():
    close_old_connections()
    try:
        poller.poll_due(write=logger.info, quiet=True)
        return poller.seconds_until_next_due()
    except Exception:  # noqa: BLE001 - the server must outlive a failed pass (e.g. database busy)
        logger.exception("Embedded poller pass failed")
        return poller.IDLE_SLEEP_SECONDS
    finally:
        close_old_connections()


async def run(stop):
    await asyncio.sleep(FIRST_PASS_DELAY_SECONDS)
    logger.info("Embedded live-wall poller running")
    while not stop.is_set():
        wait = await sync_to_async(_one_pass, thread_sensitive=False)()
        await asyncio.sleep(min(max(wait, 0.2), MAX_SLEEP_SECONDS))


def start():
    """Schedule the poll task on the Twisted/asyncio loop Daphne is about to run. Once per process."""
    global _started
    with _lock:
        if _started:
            return False
        _started = True
    # Imported here, not at module level: importing the reactor installs one, and Daphne must install
    # its asyncio reactor first.
    from twisted.internet import defer, reactor

    stop = threading.Event()
    running = {}

    def launch():
        running["task"] = asyncio.ensure_future(run(stop))

    def before_shutdown():
        # Let a pass in flight finish while the loop still runs: its broadcasts need the loop, and a
        # worker thread left waiting on a stopped loop would keep the process from exiting.
        stop.set()
        task = running.get("task")
        if task is None or task.done():
            return None
        return defer.Deferred.fromFuture(asyncio.ensure_future(_finish(task)))

    reactor.callWhenRunning(launch)
    reactor.addSystemEventTrigger("before", "shutdown", before_shutdown)
    return True


async def _finish(task):
    try:
        await asyncio.wait_for(asyncio.shield(task), SHUTDOWN_GRACE_SECONDS)
    except Exception:  # noqa: BLE001 - shutting down regardless
        task.cancel()


def maybe_start():
    if should_start():
        start()
