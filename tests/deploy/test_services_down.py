"""The production server (tests.support.servers.production_server) in a process of its own when what
it depends on is really unreachable: Redis (the channel layer) or PostgreSQL on a loopback port
nothing listens on. A wall socket is closed with 1011 (the README's close codes) and /healthz/
answers 503 naming what failed, while the process itself keeps serving."""

import json
import os

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from livewall.consumers.codes import CLOSE_LAYER_DOWN
from tests.livewall.factories import WallFactory
from tests.support.databases import subprocess_database_url
from tests.support.ports import free_port
from tests.support.servers import ServerProcess, production_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(300)]


@pytest.fixture
def serve(tmp_path):
    """serve(**env) -> the production server running with the test settings and `env` on top."""
    started = []

    def start(**overrides):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "PORTAL_EMBEDDED_POLLER": "0",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("REDIS_URL", None)
        env.pop("CHANNEL_LAYER_BACKEND", None)
        env.update(overrides)
        # /healthz/ is what fails here: ready once it serves robots.txt.
        kind = production_server()
        log_path = tmp_path / f"server-{len(started)}.log"
        server = ServerProcess(env, kind=kind, ready_path="/robots.txt", log_path=log_path)
        started.append(server)
        return server.start(timeout=120)

    yield start
    for server in started:
        server.stop()


def unreachable_postgres():
    """A PostgreSQL URL to a loopback port nothing listens on: every connection is refused."""
    return f"postgres://portal@127.0.0.1:{free_port()}/portal?connect_timeout=3"


def close_code_of_a_viewer(server, slug):
    with connect(f"{server.ws_base}/ws/walls/{slug}/", origin=server.base_url, open_timeout=30) as socket:
        try:
            while True:
                json.loads(socket.recv(timeout=30))  # no frame may come; a snapshot would mean it worked
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None


def test_a_viewer_is_closed_with_1011_when_the_channel_layers_redis_is_down(serve, tmp_path):
    wall = WallFactory()
    server = serve(DATABASE_URL=subprocess_database_url(tmp_path), REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")

    assert close_code_of_a_viewer(server, wall.slug) == CLOSE_LAYER_DOWN
    health = httpx.get(f"{server.base_url}/healthz/", timeout=30)
    assert health.status_code == 503
    assert health.json()["checks"]["database"] == "ok"
    assert health.json()["checks"]["channel_layer"].startswith("error: ")


def test_a_viewer_is_closed_with_1011_when_the_database_is_down(serve):
    server = serve(DATABASE_URL=unreachable_postgres())

    assert close_code_of_a_viewer(server, "any-wall") == CLOSE_LAYER_DOWN
    assert "could not start" in server.log_text()


def test_healthz_answers_503_naming_the_database_when_it_is_unreachable(serve):
    server = serve(DATABASE_URL=unreachable_postgres())

    response = httpx.get(f"{server.base_url}/healthz/", timeout=30)

    assert response.status_code == 503, response.text[:500]
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "error: OperationalError"
    assert body["checks"]["channel_layer"] == "ok"
    assert "no-cache" in response.headers["Cache-Control"]
    # The process outlives the outage: it still answers what needs no database.
    assert httpx.get(f"{server.base_url}/robots.txt", timeout=30).status_code == 200
