"""`make run` as visitors meet it: the server as the Makefile's `run` recipe starts it (its settings
module, the production server with its lifespan, the embedded poller, no Redis) answers hostile and
mistaken requests with short designed pages: no traceback, no settings, no file path, no list of
URL patterns, and no traceback in its log either. Static files are still served with DEBUG off.

One server for the module (tests/support/servers.py), on a SQLite database the recipe's migrate made.
"""

import os
import re
import subprocess

import httpx
import pytest

from tests.support.ports import HOST
from tests.support.raw_http import LEAKS, assert_designed, raw_request, request_head
from tests.support.servers import PYTHON, ROOT, ServerProcess, production_server

pytestmark = pytest.mark.timeout(300)


def makefile_run_settings():
    """The settings module the Makefile's `run` recipe serves with."""
    text = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", text, flags=re.MULTILINE).group(1)
    assert "DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS)" in recipe and "uvicorn" in recipe
    return re.search(r"^RUN_SETTINGS := (\S+)$", text, flags=re.MULTILINE).group(1)


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    """The recipe's migrate and server on a database of their own (its demo content is not needed)."""
    folder = tmp_path_factory.mktemp("make-run")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": makefile_run_settings(),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "SECRET_KEY": "make-run-test-" + os.urandom(8).hex(),
        "MEDIA_ROOT": str(folder / "media"),
        "PORTAL_EMBEDDED_POLLER": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    server = ServerProcess(env, kind=production_server(), log_path=folder / "server.log", ready_path="/robots.txt")
    server.start(timeout=120)
    yield server
    server.stop()


def test_make_run_serves_with_debug_off_and_static_files(make_run):
    missing = httpx.get(f"{make_run.base_url}/no-such-page/at-all/", timeout=10)
    assert missing.status_code == 404
    assert_designed(missing.text, "<h1>Page not found</h1>")
    stylesheet = httpx.get(f"{make_run.base_url}/static/css/portal.css", timeout=10)
    assert stylesheet.status_code == 200 and stylesheet.headers["Content-Type"].startswith("text/css")


def test_a_bad_host_header_gets_the_designed_400(make_run):
    status, reply = raw_request(make_run, request_head("GET", "/", "evil.example"))
    assert status == 400
    assert_designed(reply, "Error 400")


@pytest.mark.parametrize(
    "path",
    [
        "/static/../manage.py",
        "/static/..%2f..%2fportal/settings/base.py",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/media/../manage.py",
        "/media/..%2F..%2Fportal/settings/base.py",
        "/media/%2e%2e/db.sqlite3",
    ],
)
def test_traversal_under_static_and_media_gets_the_designed_404(make_run, path):
    status, reply = raw_request(make_run, request_head("GET", path, f"{HOST}:{make_run.port}"))
    assert status in (400, 404), status
    assert "SECRET_KEY" not in reply and "import" not in reply.split("\r\n\r\n", 1)[-1][:200]
    assert_designed(reply, f"Error {status}" if status == 400 else "Page not found")


@pytest.mark.parametrize("with_cookie", [True, False], ids=["csrf-cookie", "no-cookie"])
@pytest.mark.parametrize("path", ["/search/", "/walls/no-such-wall/post/", "/"])
def test_too_many_fields_and_huge_bodies_get_a_designed_refusal(make_run, path, with_cookie):
    cookie = "Cookie: csrftoken=" + "a" * 32 + "\r\n" if with_cookie else ""
    host = f"{HOST}:{make_run.port}"
    fields = "&".join(f"f{n}=x" for n in range(10_001)).encode()
    huge = b"text=" + b"y" * (13 * 1024 * 1024)
    for body in (fields, huge):
        head = request_head(
            "POST",
            path,
            host,
            f"{cookie}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n",
        )
        status, reply = raw_request(make_run, head, body)
        assert status in (400, 403, 404, 405, 413), status
        for leak in LEAKS:
            assert leak not in reply, (leak, reply[:500])
        assert len(reply) < 40_000


def test_the_server_log_shows_no_traceback(make_run):
    # Runs last in this module: everything above was answered without an exception escaping.
    log = make_run.log_text()
    assert "Traceback" not in log, log[-5000:]
