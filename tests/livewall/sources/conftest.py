"""Fixtures for the source tests: payload files, real loopback HTTP servers, no internet."""

import json
import sqlite3
import time
from pathlib import Path

import pytest
from django.db import connection
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


def database_url_for_a_subprocess(tmp_path):
    """The test database, as a URL another process can open (SQLite in memory is copied to a file)."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}", copy
    db = connection.settings_dict
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{port}/{db['NAME']}", None


def wait_for(process, text, lines, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line:
            lines.append(line)
            if text in line:
                return
        elif process.poll() is not None:
            break
    raise AssertionError(f"{text!r} not seen; output so far: {''.join(lines)}")
