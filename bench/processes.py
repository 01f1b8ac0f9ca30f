"""Starting and stopping the processes a benchmark needs: a throwaway database, ASGI servers
(Daphne or uvicorn) on free loopback ports, all bounded in time."""

import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def redis_reachable(url):
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.ping()
        client.close()
        return True
    except Exception:  # noqa: BLE001 - any failure means unreachable
        return False


class ThrowawayDatabase:
    """A fresh SQLite file in a temporary folder, or a fresh database on the PostgreSQL server
    named by DATABASE_URL (created and dropped here; the named database itself is never touched)."""

    def __init__(self, base_url=None):
        self.base_url = base_url or ""
        self.folder = tempfile.mkdtemp(prefix="portal-bench-")
        self.pg_name = None
        if self.base_url.startswith(("postgres://", "postgresql://")):
            parts = urlsplit(self.base_url)
            self.pg_name = f"portal_bench_tmp_{os.getpid()}_{secrets.token_hex(3)}"
            self.url = urlunsplit(parts._replace(path=f"/{self.pg_name}"))
            self._admin(f'CREATE DATABASE "{self.pg_name}"')
        else:
            self.url = f"sqlite:///{self.folder}/bench.sqlite3"

    def _admin(self, statement):
        import psycopg

        parts = urlsplit(self.base_url)
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def drop(self):
        if self.pg_name:
            try:
                self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            except Exception as exc:  # noqa: BLE001 - cleanup must not hide the result
                log(f"could not drop {self.pg_name}: {exc}")
        shutil.rmtree(self.folder, ignore_errors=True)


def server_env(database_url, layer, redis_url, run_id, extra=None):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "CHANNEL_LAYER_BACKEND": layer,
            "PORTAL_EMBEDDED_POLLER": "0",
            "LOG_LEVEL": "WARNING",
            "BENCH_RUN_ID": run_id,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
    )
    if layer == "inmemory":
        env.pop("REDIS_URL", None)
    else:
        env["REDIS_URL"] = redis_url
    env.update(extra or {})
    return env


def migrations_fingerprint():
    """Changes whenever a migration or a pinned requirement does (Wagtail's own migrations included)."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")) + [ROOT / "requirements.txt"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def migrate(database, env):
    """Apply the migrations; on SQLite, copy a file migrated earlier by a run with the same
    migrations instead (migrating from scratch takes ~25 s on this machine)."""
    if database.pg_name:
        run_django(env, "from django.core.management import call_command\ncall_command('migrate', verbosity=0)\n")
        return
    template = Path(tempfile.gettempdir()) / f"portal-bench-migrated-{migrations_fingerprint()}.sqlite3"
    target = Path(database.url.removeprefix("sqlite:///"))
    if not template.exists():
        run_django(env, "from django.core.management import call_command\ncall_command('migrate', verbosity=0)\n")
        partial = template.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(target, partial)
        os.replace(partial, template)
    else:
        shutil.copyfile(template, target)


def run_django(env, code, timeout=300):
    """Run Python `code` with Django set up under `env` (migrations, fixtures) in a child process."""
    script = "import django; django.setup()\n" + code
    result = subprocess.run(
        [PYTHON, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"setup failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result.stdout


class Server:
    """One ASGI server process serving bench.server_app on a free loopback port."""

    def __init__(self, kind, env, app="bench.server_app:application"):
        self.kind = kind
        self.port = free_port()
        self.log_file = tempfile.NamedTemporaryFile(prefix=f"bench-{kind}-", suffix=".log", delete=False)
        if kind == "daphne":
            command = [PYTHON, "-m", "daphne", "-b", HOST, "-p", str(self.port), app]
        elif kind == "uvicorn":
            command = [PYTHON, "-m", "uvicorn", app, "--host", HOST, "--port", str(self.port)]
            command += ["--log-level", "warning", "--no-access-log", "--lifespan", "off"]
        else:
            raise ValueError(f"unknown server {kind!r}")
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=self.log_file, stderr=subprocess.STDOUT)

    @property
    def base_url(self):
        return f"http://{HOST}:{self.port}"

    @property
    def ws_base(self):
        return f"ws://{HOST}:{self.port}"

    def wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.base_url}/__bench/ping", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.kind} not ready after {timeout} s:\n{self.log_tail()}")

    def log_tail(self, size=3000):
        try:
            return Path(self.log_file.name).read_text(errors="replace")[-size:]
        except OSError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log_file.close()
        if os.environ.get("BENCH_KEEP_LOGS"):
            log(f"server log kept: {self.log_file.name}")
        else:
            Path(self.log_file.name).unlink(missing_ok=True)
