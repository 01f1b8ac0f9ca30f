"""`manage.py livewall_poll`: the live-wall source poller as its own process (see Procfile).

Runs until SIGTERM/SIGINT (finishing the poll in hand, then exiting 0); `--once` polls every due
source a single time and exits (cron, tests). Without Redis, `make run` runs the same loop inside
the web server instead (livewall/sources/embedded.py).
"""

import signal

from django.core.management.base import BaseCommand

from livewall.models import WallSource
from livewall.sources import poller


class Command(BaseCommand):
    help = "Poll the live-wall sources (X, Mastodon, Bluesky, feeds, replays) of every open wall."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Poll every due source once, then exit.")
        parser.add_argument("--all", action="store_true", help="With --once: poll every enabled source, due or not.")

    def handle(self, *args, once=False, all=False, **options):
        if once:
            if all:
                WallSource.objects.filter(enabled=True).update(next_poll_at=None)
            outcomes = poller.poll_due(write=self.stdout.write)
            failed = sum(1 for outcome in outcomes if not outcome.ok)
            self.stdout.write(f"Polled {len(outcomes)} source(s), {failed} failed.")
            return
        stop = poller.new_stop_event()

        def request_stop(signum, _frame):
            self.stdout.write(f"Received {signal.Signals(signum).name}: stopping after the current poll.")
            stop.set()

        previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write("Live-wall poller started (Ctrl+C or SIGTERM to stop).")
        self.stdout.flush()
        try:
            poller.run_forever(stop, write=self._write_flush)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(self.style.SUCCESS("Live-wall poller stopped."))

    def _write_flush(self, line):
        self.stdout.write(line)
        self.stdout.flush()
