"""Fixtures for the source tests: payload files, real loopback HTTP servers, no internet."""

import json
import queue
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from livewall.sources import bluesky

PAYLOADS = Path(__file__).resolve().parent.parent / "payloads"


def payload(name):
    return (PAYLOADS / name).read_bytes()


def payload_json(name):
    return json.loads(payload(name))


CREDENTIALS = (
    "LIVEWALL_X_BEARER_TOKEN",
    "LIVEWALL_BLUESKY_HANDLE",
    "LIVEWALL_BLUESKY_APP_PASSWORD",
    "LIVEWALL_MASTODON_TOKENS",
)


@pytest.fixture(autouse=True)
def offline_sources(settings, monkeypatch):
    """No oEmbed lookups, short timeouts, and no credentials unless a test sets them."""
    settings.LIVEWALL_OEMBED_TIMEOUT = 0
    settings.LIVEWALL_HTTP_TIMEOUT = 2
    for name in CREDENTIALS:
        monkeypatch.delenv(name, raising=False)
        if hasattr(settings, name):
            delattr(settings, name)
    bluesky.forget_sessions()
    yield
    bluesky.forget_sessions()


@pytest.fixture
def second_server():
    """Another loopback HTTP server (a second Mastodon instance)."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def wall(db):
    from tests.livewall.factories import WallFactory

    return WallFactory(hashtags="#FindingOurVoice")


class OutputReader:
    """Reads a subprocess's output on a thread, so waiting for a line can time out."""

    def __init__(self, process):
        self.lines = []
        self._queue = queue.Queue()
        threading.Thread(target=self._pump, args=(process.stdout,), daemon=True).start()

    def _pump(self, stream):
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, text, timeout=90):
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"the process ended before {text!r}:\n{self.text}")
            self.lines.append(line)
            if text in line:
                return
        raise AssertionError(f"{text!r} not seen within {timeout} s:\n{self.text}")

    def drain(self, timeout=20):
        """Everything left, once the process has closed its output."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
        return self.text

    @property
    def text(self):
        return "".join(self.lines)
