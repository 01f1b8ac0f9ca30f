"""The hostile corpus against the server as production runs it: `portal.settings.production`, the
production server (uvicorn), PostgreSQL and Redis. Search boxes take any text, unknown socket paths
are refused at the handshake, a bad Host, static/media traversal, 10,001 fields and a 13 MB body get
short designed pages, and the server's log shows no traceback."""

import os

import httpx
import pytest
from django.db import connection
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.conftest import missing_service
from tests.support.databases import subprocess_database_url
from tests.support.ports import HOST
from tests.support.raw_http import LEAKS, assert_designed, raw_request, request_head
from tests.support.servers import ServerProcess, production_server

from . import hostile
from .processes import RedisProcess

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def server(reliability_database, reliability_secret_key, tmp_path_factory):
    if connection.vendor != "postgresql":
        missing_service("the reliability suite needs PostgreSQL (DATABASE_URL)")
    redis = RedisProcess().start()
    folder = tmp_path_factory.mktemp("production")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": subprocess_database_url(),
        "REDIS_URL": redis.url,
        "SECRET_KEY": reliability_secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # TLS ends at nginx in production; here the test speaks plain HTTP to the server itself.
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(folder / "media"),
        "PORTAL_EMBEDDED_POLLER": "0",
        "PYTHONUNBUFFERED": "1",
    }
    process = ServerProcess(env, kind=production_server(), log_path=folder / "server.log", ready_path="/robots.txt")
    process.start(timeout=120)
    yield process
    process.stop()
    redis.stop()


def test_search_boxes_take_any_text(server):
    for text in hostile.query_texts():
        url = httpx.URL(f"{server.base_url}/search/", params={"q": text})
        try:
            response = httpx.get(url, timeout=30)
        except httpx.RemoteProtocolError:
            assert len(url.raw_path) > 8000, text[:40]  # past the server's request-line limit
            continue
        assert response.status_code in (200, 400, 414), (text[:40], response.status_code)
        if response.status_code == 200:
            assert "Traceback" not in response.text


def test_unknown_socket_paths_are_refused_at_the_handshake(server):
    for path in ("/ws/no-such-socket/", "/ws/walls/..%2F..%2Fetc/", "/ws/walls/%00/"):
        with pytest.raises(InvalidStatus) as refused:
            with connect(f"{server.ws_base}{path}", origin=server.base_url, open_timeout=10):
                pass
        assert refused.value.response.status_code == 403, path


def test_hostile_requests_get_short_designed_pages(server):
    host = f"{HOST}:{server.port}"
    status, reply = raw_request(server, request_head("GET", "/", "evil.example"))
    assert status == 400
    assert_designed(reply, "Error 400")
    for path in ("/static/../manage.py", "/media/..%2F..%2Fmanage.py", "/no-such-page/"):
        status, reply = raw_request(server, request_head("GET", path, host))
        assert status in (400, 404), (path, status)
        assert_designed(reply, "Error 400" if status == 400 else "Page not found")
    form = "Cookie: csrftoken=" + "a" * 32 + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    for body in ("&".join(f"f{n}=x" for n in range(10_001)).encode(), b"text=" + b"y" * (13 * 1024 * 1024)):
        head = request_head("POST", "/search/", host, f"{form}Content-Length: {len(body)}\r\n")
        status, reply = raw_request(server, head, body)
        assert status in (400, 403, 405, 413), status
        for leak in LEAKS:
            assert leak not in reply, leak


def test_the_server_log_shows_no_traceback(server):
    log = server.log_text()
    assert "Traceback" not in log, log[-6000:]
