"""A crowd of viewer sockets for a test or a benchmark: THE load client (tests/support/loadclient.py)
in a child process, driven by JSON lines over its stdin and stdout (see that module for the protocol).

    crowd = Crowd.for_wall(server, slug, 500)      # defaults: browser-like screens with their books
    assert crowd.wait_ready() == 500
    crowd.wait_for_seq(wall.last_seq)
    viewers = crowd.report()
    crowd.stop()

Blocking calls; an asyncio caller runs them with asyncio.to_thread (bench/wall_fanout.py)."""

import json
import queue
import subprocess
import sys
import threading

from .servers import ROOT


class Crowd:
    def __init__(
        self,
        urls,
        origin,
        clients,
        *,
        ledger=True,
        reconnect="always",
        hello=True,
        concurrency=50,
        max_posts=None,
        connect_timeout=None,
    ):
        """`urls`: one ws:// URL per server process (viewers split round-robin); `ledger`: keep
        each screen's books; `reconnect`: "always" (short jittered back-off, resume frame), "browser" (the page's own
        back-off, reopening with ?after=) or "server" (4xxx closes only);
        `hello`: a socket counts once its snapshot arrived; `concurrency`: handshakes at once."""
        command = [sys.executable, "-m", "tests.support.loadclient", "--origin", origin, "--clients", str(clients)]
        for url in [urls] if isinstance(urls, str) else urls:
            command += ["--url", url]
        command += ["--reconnect", reconnect, "--concurrency", str(concurrency)]
        command += ["--ledger"] if ledger else []
        command += ["--hello"] if hello else []
        command += ["--max-posts", str(max_posts)] if max_posts else []
        command += ["--connect-timeout", str(connect_timeout)] if connect_timeout else []
        self.clients = clients
        self.ready = None
        self.stderr_lines = []
        self._lines = queue.Queue()
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._pump_stdout, daemon=True).start()
        threading.Thread(target=self._pump_stderr, daemon=True).start()

    @classmethod
    def for_wall(cls, server, slug, clients, **options):
        """Viewers of wall `slug` on one server (anything with base_url and ws_base)."""
        return cls(f"{server.ws_base}/ws/walls/{slug}/", server.base_url, clients, **options)

    @property
    def pid(self):
        return self.process.pid

    def _pump_stdout(self):
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _pump_stderr(self):
        for line in self.process.stderr:
            self.stderr_lines.append(line)

    def _read(self, timeout):
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            line = None
        if not line:
            raise RuntimeError(
                f"load client gave no answer in {timeout} s (exit {self.process.poll()}):\n"
                + "".join(self.stderr_lines[-30:])
            )
        return json.loads(line)

    def ask(self, command, timeout=60):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._read(timeout)

    def wait_ready(self, timeout=240):
        """Wait until every socket is open (or given up): the number connected. The whole ready
        message (failures, retries, seconds) is kept in `self.ready`."""
        message = self._read(timeout)
        assert message.get("event") == "ready", message
        self.ready = message
        return message["connected"]

    def wait_for_seq(self, seq, timeout=30):
        """{"ok": every viewer connected with its cursor at `seq` or beyond, "lagging": how many not}."""
        return self.ask({"cmd": "wait", "seq": seq, "timeout": timeout}, timeout + 30)

    def report(self):
        """Each viewer's books (see loadclient.Viewer.books)."""
        return self.ask({"cmd": "report"}, 60)["viewers"]

    def count(self):
        return self.ask({"cmd": "count"})

    def stats(self, first, last):
        return self.ask({"cmd": "stats", "first": first, "last": last})

    def stop(self, timeout=40):
        """Close every socket and end the process: its last totals (None if it could not answer)."""
        bye = None
        if self.process.poll() is None:
            try:
                bye = self.ask({"cmd": "stop"}, timeout)
            except (RuntimeError, BrokenPipeError, OSError):
                pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        return bye

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
