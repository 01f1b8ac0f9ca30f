"""An ASGI server process on a loopback port: its command, environment and log file, waiting until it
answers over HTTP, and a clean stop (SIGTERM, then SIGKILL if it hangs).

By default the server is the one production runs (the Procfile's `web` program: uvicorn), so the
browser, reliability and deploy suites and the benchmarks test what users run; Daphne stays
available (`kind="daphne"`) for the benchmark's side-by-side figures.

The process runs in a session of its own, so a stop reaches everything it started and a Ctrl-C
in the terminal reaches the test runner only (which then stops it)."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from .ports import HOST, free_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PORTAL_APP = "portal.asgi:application"
KINDS = ("daphne", "uvicorn")


def production_server():
    """The ASGI server production runs: the program of the Procfile's `web` process (the same one the
    systemd units, `make run` and requirements.txt name; tests/deploy/test_production_server.py)."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.split()[1]
    raise LookupError("no web: line in the Procfile")


def server_command(kind, app, port, args=()):
    """The command line of `kind` serving `app` on 127.0.0.1:`port`, plus the server's own options.

    kind "program": `app` is a Python module run with --host and --port (the benchmark's ceiling)."""
    if kind == "program":
        return [PYTHON, "-m", app, "--host", HOST, "--port", str(port), *args]
    if kind == "daphne":
        return [PYTHON, "-m", "daphne", "-b", HOST, "-p", str(port), *args, app]
    if kind == "uvicorn":
        command = [PYTHON, "-m", "uvicorn", app, "--host", HOST, "--port", str(port)]
        # The portal answers the lifespan scope (portal/lifespan.py: the embedded poller); the
        # benchmark's applications do not.
        lifespan = "on" if app == PORTAL_APP else "off"
        return command + ["--lifespan", lifespan, "--no-access-log", *args]
    raise ValueError(f"unknown server {kind!r} (one of {KINDS})")


def keepalive_args(kind, interval, timeout):
    """The server's options for its websocket keep-alive: ping every `interval` s, drop a socket
    whose pong has not come `timeout` s later."""
    if kind == "daphne":
        return ["--ping-interval", str(interval), "--ping-timeout", str(timeout)]
    if kind == "uvicorn":
        return ["--ws-ping-interval", str(interval), "--ws-ping-timeout", str(timeout)]
    raise ValueError(f"unknown server {kind!r} (one of {KINDS})")


def wait_until_answers(url, process, timeout, what="server", log_tail=lambda: "", **request_options):
    """Poll `url` until it answers 200; RuntimeError if `process` exits first, TimeoutError after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log_tail()}")
        try:
            if httpx.get(url, timeout=2, **request_options).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not answer {url} within {timeout} s:\n{log_tail()}")


class ServerProcess:
    """One ASGI server process at a time, always on the same port: `stop()` or `kill()` then
    `start()` looks to clients like a server that went away and came back.

    env: the whole environment of the process (see the callers for the settings they choose).
    kind: "daphne" or "uvicorn" (default: production's, `production_server()`); app: the ASGI
    application; args: extra options of the server.
    log_path: where stdout and stderr go (appended); default a temporary file. keep_log: whether
    stop() leaves the log in place (default: only a log_path the caller chose).
    ready_path: answers 200 once the server serves requests.
    """

    def __init__(
        self,
        env,
        *,
        kind=None,
        app=PORTAL_APP,
        port=None,
        args=(),
        log_path=None,
        keep_log=None,
        ready_path="/healthz/",
        cwd=ROOT,
    ):
        self.env = env
        self.kind = kind = kind or production_server()
        self.app = app
        self.port = port or free_port()
        self.args = list(args)
        self.ready_path = ready_path
        self.cwd = cwd
        self.keep_log = (log_path is not None) if keep_log is None else keep_log
        if log_path is None:
            handle, log_path = tempfile.mkstemp(prefix=f"portal-{kind}-", suffix=".log")
            os.close(handle)
        self.log_path = Path(log_path)
        self.command = server_command(kind, app, self.port, self.args)
        self.process = None

    @property
    def base_url(self):
        return f"http://{HOST}:{self.port}"

    @property
    def ws_base(self):
        return f"ws://{HOST}:{self.port}"

    @property
    def pid(self):
        return self.process.pid

    def start(self, timeout=60, wait=True):
        """Start the process; with `wait`, return once it answers (else call wait_ready())."""
        assert not self.alive(), "already running"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if wait:
            self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout=60):
        try:
            wait_until_answers(
                self.base_url + self.ready_path, self.process, timeout, what=self.kind, log_tail=self.log_tail
            )
        except TimeoutError:
            self.stop()
            raise
        return self

    def wait_for_log(self, text, timeout=90):
        """Wait until the server's output contains `text` (AssertionError, with the output, if not)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log_text():
                return
            if self.process.poll() is not None:
                raise AssertionError(f"the process ended before {text!r}:\n{self.log_text()}")
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not seen within {timeout} s:\n{self.log_text()}")

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Send `sig` to the server's process group; SIGKILL if it is still there after `timeout`.
        True when it ended on `sig` (or had already ended), False when it had to be killed."""
        graceful = True
        if self.alive():
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                graceful = False
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                self.process.wait(timeout=10)
        if not self.keep_log:
            self.log_path.unlink(missing_ok=True)
        return graceful

    def kill(self):
        """SIGKILL: no graceful shutdown, sockets drop as in a crash."""
        self.stop(signal.SIGKILL)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    @property
    def returncode(self):
        return None if self.process is None else self.process.poll()

    def log_text(self):
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines=60):
        return "\n".join(self.log_text().splitlines()[-lines:]) or "(no output)"
