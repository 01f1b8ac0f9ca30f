"""deploy/nginx.conf, run for real: nginx (TLS with a throwaway certificate) in front of two ASGI
processes (the production server, tests.support.servers.production_server) serving the portal with
production settings, on free loopback ports.

Only addresses, ports and file paths are rewritten; every proxy directive is the shipped one.
"""

import json
import os
import re
import secrets
import shutil
import ssl
import subprocess

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.conftest import missing_service
from tests.livewall.factories import PostFactory, WallFactory
from tests.support.databases import subprocess_database_url
from tests.support.ports import free_port
from tests.support.servers import ROOT, ServerProcess, production_server, wait_until_answers

CONFIG = ROOT / "deploy" / "nginx.conf"

pytestmark = pytest.mark.django_db(transaction=True)


def nginx_binary():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        missing_service("nginx is not installed (apt-get install nginx-light)")
    return found


def rewrite(text, pattern, replacement, expected_count=None):
    new, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    assert count and (expected_count is None or count == expected_count), f"{pattern!r} matched {count} times"
    return new


def site_config(http_port, https_port, upstream_ports, cert, key, media):
    text = CONFIG.read_text()
    text = rewrite(text, r"^\s*listen \[::\]:.*$", "")
    text = rewrite(text, r"listen 80;", f"listen 127.0.0.1:{http_port};", 1)
    text = rewrite(text, r"listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl", 1)
    servers = "\n".join(f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in upstream_ports)
    text = rewrite(text, r"(^\s*server 127\.0\.0\.1:\d+ .*\n)+", servers + "\n", 1)
    text = rewrite(text, r"ssl_certificate \S+;", f"ssl_certificate {cert};", 1)
    text = rewrite(text, r"ssl_certificate_key \S+;", f"ssl_certificate_key {key};", 1)
    return rewrite(text, r"alias /srv/portal/media/;", f"alias {media}/;", 1)


def main_config(folder, site):
    temp = "\n".join(
        f"    {name}_temp_path {folder}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        f"events {{ worker_connections 256; }}\n"
        f"http {{\n    access_log off;\n{temp}\n    include {site};\n}}\n"
    )


@pytest.fixture
def portal_behind_nginx(tmp_path):
    nginx = nginx_binary()
    wall = WallFactory()
    PostFactory(wall=wall, text="Seen through nginx")
    database_url = subprocess_database_url(tmp_path)

    env = dict(os.environ)
    env.pop("CHANNEL_LAYER_BACKEND", None)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        PORTAL_EMBEDDED_POLLER="0",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    # Two upstreams, as deploy/nginx.conf has, each the production server.
    kind = production_server()
    servers = [ServerProcess(env, kind=kind, log_path=tmp_path / f"{kind}-{n}.log") for n in (1, 2)]
    for server in servers:
        server.start(wait=False)
    nginx_process = None
    try:
        key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
            + ["-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        (tmp_path / "media").mkdir()
        (tmp_path / "media" / "hello.txt").write_text("media by nginx")
        http_port, https_port = free_port(), free_port()
        site = tmp_path / "portal.conf"
        upstream_ports = [server.port for server in servers]
        site.write_text(site_config(http_port, https_port, upstream_ports, cert, key, tmp_path / "media"))
        (tmp_path / "nginx.conf").write_text(main_config(tmp_path, site))
        checked = subprocess.run(
            [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
        nginx_process = subprocess.Popen(
            [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )
        for server in servers:
            server.wait_ready(90)
        https = f"https://127.0.0.1:{https_port}"
        wait_until_answers(f"{https}/healthz/", nginx_process, 30, what="nginx", verify=False)
        yield {"http": f"http://127.0.0.1:{http_port}", "https": https, "wall": wall}
    finally:
        if nginx_process is not None:
            nginx_process.terminate()
            try:
                nginx_process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx_process.kill()
        for server in servers:
            server.stop()


def test_http_through_nginx(portal_behind_nginx):
    https, http = portal_behind_nginx["https"], portal_behind_nginx["http"]

    health = httpx.get(f"{https}/healthz/", verify=False, timeout=10)
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    # X-Forwarded-Proto reaches Django: no redirect loop on https, a redirect to https on plain http.
    robots = httpx.get(f"{https}/robots.txt", verify=False, timeout=10)
    assert robots.status_code == 200 and "Disallow: /admin/" in robots.text
    plain = httpx.get(f"{http}/robots.txt", timeout=10)
    assert plain.status_code == 301
    assert plain.headers["location"].startswith("https://127.0.0.1")
    # Load balancers may check over plain http.
    assert httpx.get(f"{http}/healthz/", timeout=10).status_code == 200
    media = httpx.get(f"{https}/media/hello.txt", verify=False, timeout=10)
    assert media.text == "media by nginx"
    assert media.headers["x-content-type-options"] == "nosniff"


def test_websocket_upgrade_through_nginx(portal_behind_nginx):
    https, wall = portal_behind_nginx["https"], portal_behind_nginx["wall"]
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE
    url = f"wss://127.0.0.1:{https.rsplit(':', 1)[1]}/ws/walls/{wall.slug}/"

    # Two sockets open at once: least_conn gives the second to the other process.
    with (
        connect(url, ssl=tls, origin=https, open_timeout=20, compression=None) as first,
        connect(url, ssl=tls, origin=https, open_timeout=20, compression=None) as second,
    ):
        for socket_ in (first, second):
            frame = json.loads(socket_.recv(timeout=20))
            socket_.send(json.dumps({"type": "ping"}))
            pong = json.loads(socket_.recv(timeout=20))
            assert frame["type"] == "snapshot"
            assert [post["text"] for post in frame["posts"]] == ["Seen through nginx"]
            assert pong == {"type": "pong"}

    # The origin check still applies behind the proxy.
    with pytest.raises(InvalidStatus) as refused:
        connect(url, ssl=tls, origin="https://elsewhere.example", open_timeout=20)
    assert refused.value.response.status_code == 403
