"""Fixtures for the reliability suite: the real server in a subprocess on the test database.

The server (uvicorn, as in production) must see what the test writes and the test must see what the server writes,
so these tests use committed transactions (`transactional_db`) on PostgreSQL. SQLite's test
database lives in memory and cannot be shared with another process: on SQLite these tests skip
(and fail under REQUIRE_SERVICES=1, where a skip would hide a gap).
"""

import logging
import os
import secrets
import shutil
import uuid

import pytest
from django.db import connection

from tests.conftest import missing_service
from tests.support.databases import subprocess_database_url
from tests.support.servers import ServerProcess

from .processes import RedisProcess, server_environment

# One INFO line per request would bury a failure's message under thousands of lines.
logging.getLogger("httpx").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def reliability_secret_key():
    return secrets.token_urlsafe(50)


@pytest.fixture(scope="session")
def reliability_database(django_db_setup, django_db_blocker):
    """The test database, created here when pytest-django did not (it creates one only for tests
    marked django_db or using its db fixtures, and these tests use neither: see live_db)."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        already = connection.settings_dict["NAME"] == connection.creation._get_test_db_name()
        if connection.vendor != "postgresql" or already:
            yield connection
            return
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield connection
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture
def live_db(reliability_database, django_db_blocker):
    """The test database in autocommit, shared with the server subprocess.

    Not `transactional_db`: its flush of every table after each test costs 10-40 s on PostgreSQL.
    Each test works on walls of its own (unique slugs); they and everything hanging off them
    (posts, events, sources, moderation log) are deleted afterwards.
    """
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            missing_service(
                "the reliability suite shares its database with a server process: set DATABASE_URL to PostgreSQL",
                required=os.environ.get("REQUIRE_SERVICES") == "1",
            )
        from livewall.models import Wall

        first_new = (Wall.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        yield connection
        Wall.objects.filter(pk__gte=first_new).delete()


@pytest.fixture
def private_redis():
    """A redis-server of this test's own, free to be stopped: never the machine's shared one."""
    if not shutil.which("redis-server"):
        missing_service("redis-server is not installed")
    server = RedisProcess().start()
    yield server
    if server.process and server.process.poll() is None:
        server.stop()


@pytest.fixture
def shared_redis_url(redis_url):
    """REDIS_URL (CI) for the load test; pub/sub ignores the database number, so slugs are unique."""
    return redis_url


@pytest.fixture
def start_server(live_db, tmp_path, reliability_secret_key):
    """Factory: start_server(redis_url, args=(server options), **env) -> a running ServerProcess;
    all stopped at teardown."""
    servers = []

    def start(redis_url, db_url=None, args=(), **env):
        env.setdefault("RELIABILITY_SECRET_KEY", reliability_secret_key)
        env.setdefault("RELIABILITY_MEDIA_ROOT", str(tmp_path / "media"))
        server = ServerProcess(
            server_environment(db_url or subprocess_database_url(), redis_url, **env),
            log_path=tmp_path / f"server-{len(servers)}.log",
            args=args,
            ready_path="/robots.txt",
        )
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def unique_slug():
    return f"rel-{uuid.uuid4().hex[:10]}"
