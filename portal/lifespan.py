"""The server process's lifespan (the ASGI `lifespan` scope; uvicorn runs with `--lifespan on`): what
runs beside the requests for as long as the process serves.

Today that is the embedded live-wall poller of `make run` (PORTAL_EMBEDDED_POLLER=1, no Redis): the
in-memory channel layer reaches only this process's viewers, so the poll loop
(livewall.sources.embedded.run) runs as a task on the server's own event loop, started once the
process serves and stopped, a pass in flight allowed to finish, before the loop ends. With Redis the
poller is a process of its own (`manage.py livewall_poll`) and the lifespan does nothing.
"""

import asyncio
import logging
import os
import threading

from livewall.sources import embedded

logger = logging.getLogger(__name__)


def embedded_poller_wanted(environ=None):
    return (os.environ if environ is None else environ).get("PORTAL_EMBEDDED_POLLER") == "1"


class ServerLifespan:
    """ASGI middleware: answers the `lifespan` scope itself and passes every other scope to `app`."""

    def __init__(self, app, run_embedded_poller=None):
        self.app = app
        self.run_embedded_poller = embedded_poller_wanted() if run_embedded_poller is None else run_embedded_poller

    async def __call__(self, scope, receive, send):
        if scope["type"] != "lifespan":
            return await self.app(scope, receive, send)
        stop, task = threading.Event(), None
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self.run_embedded_poller:
                    task = asyncio.ensure_future(embedded.run(stop))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if task is not None:
                    await self.stop_poller(stop, task)
                await send({"type": "lifespan.shutdown.complete"})
                return

    @staticmethod
    async def stop_poller(stop, task):
        # A pass in flight runs in a worker thread and broadcasts through this loop: let it finish
        # while the loop still runs, or the thread would wait forever on a loop that is gone.
        stop.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), embedded.SHUTDOWN_GRACE_SECONDS)
        except Exception:  # noqa: BLE001 - shutting down regardless
            logger.warning("The embedded poller did not stop in time", exc_info=True)
            task.cancel()
