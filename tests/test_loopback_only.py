"""The suite never reaches the internet: tests/conftest.py installs the loopback-only guard for the
whole run, in this process and in the Python processes tests start. 192.0.2.1 is TEST-NET-1
(RFC 5737), never routed, so even without the guard these tests send nothing anywhere."""

import socket
import subprocess
import sys
import time

import pytest
import requests

from tests.support.loopback import loopback_guard

OUTSIDE = ("192.0.2.1", 80)


@pytest.fixture
def expected_attempts():
    """The attempts a test makes on purpose, taken off the record the suite checks after each test."""
    start = len(loopback_guard.attempts)
    yield
    tried = loopback_guard.attempts[start:]
    del loopback_guard.attempts[start:]
    assert tried, "the guard recorded nothing"


def test_a_connection_outside_loopback_is_refused_at_once(expected_attempts):
    started = time.monotonic()
    with pytest.raises(loopback_guard.NetworkBlocked, match="192.0.2.1"):
        socket.create_connection(OUTSIDE, timeout=5)
    assert time.monotonic() - started < 1
    assert ("connect", "192.0.2.1:80") in loopback_guard.attempts


def test_a_name_lookup_outside_loopback_is_refused(expected_attempts):
    with pytest.raises(loopback_guard.NetworkBlocked, match="vimeo.com"):
        socket.getaddrinfo("vimeo.com", 443)


def test_an_http_client_sees_an_ordinary_connection_error(expected_attempts):
    # Code that copes with an offline venue network copes with the guard the same way.
    with pytest.raises(requests.ConnectionError):
        requests.get("https://vimeo.com/api/oembed.json", timeout=5)


def test_loopback_still_works():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        with socket.create_connection(("localhost", port), timeout=2):
            pass
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    assert socket.getaddrinfo("::1", 80)


def test_python_processes_started_by_tests_are_guarded_too():
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=5)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "NetworkBlocked" in result.stderr
