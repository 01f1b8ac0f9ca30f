"""The real portal for the browser: Daphne serving portal.asgi on a free loopback port, against a
database of its own (a temporary SQLite file, or a fresh PostgreSQL database when DATABASE_URL
points at PostgreSQL), migrated and filled with the demo content, plus Chromium to drive it.

Used by the pytest fixtures (conftest.py) and by `make screenshots` (screenshots.py)."""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DAPHNE = str(Path(PYTHON).with_name("daphne"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETTINGS_MODULE = "tests.e2e.settings"

# Accounts the fixture creates; the passwords are generated per run.
ADMIN_USERNAME = "e2e-admin"
MODERATOR_USERNAME = "e2e-moderator"

# One Python process for the whole preparation: each Django start-up costs seconds.
PREPARE = """
import importlib, os
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
if os.environ["E2E_LOAD_DEMO"] == "1":
    call_command("load_demo")
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
# The group is created by a data migration; take its name from there rather than repeating it.
group_name = importlib.import_module("livewall.migrations.0002_wall_moderator_group").GROUP_NAME
User = get_user_model()
admin, _ = User.objects.get_or_create(username=os.environ["E2E_ADMIN_USERNAME"])
admin.is_superuser = admin.is_staff = True
admin.set_password(os.environ["E2E_ADMIN_PASSWORD"])
admin.save()
moderator, _ = User.objects.get_or_create(username=os.environ["E2E_MODERATOR_USERNAME"])
moderator.set_password(os.environ["E2E_MODERATOR_PASSWORD"])
moderator.save()
moderator.groups.add(Group.objects.get(name=group_name))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_available():
    return os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


@dataclass
class Account:
    username: str
    password: str


class PortalServer:
    """One Daphne process at a time, always on the same free port, so that `stop()` then `start()`
    looks to a browser like a server that crashed and came back."""

    def __init__(self, keep_dir=None):
        """`keep_dir` (PORTAL_E2E_KEEP_DIR): a folder whose prepared database is kept and used
        again on the next run, to make a developer's repeated runs quick. Default: a fresh one."""
        self.keep = bool(keep_dir)
        self.workdir = Path(keep_dir) if keep_dir else Path(tempfile.mkdtemp(prefix="portal-e2e-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self._log = None
        self._pg_admin_url = None
        state = self.workdir / "state.json"
        self.prepared = self.keep and state.exists()
        if self.prepared:
            saved = json.loads(state.read_text())
        else:
            saved = {
                "admin": secrets.token_urlsafe(12),
                "moderator": secrets.token_urlsafe(12),
                "secret_key": secrets.token_urlsafe(50),
            }
        self.admin = Account(ADMIN_USERNAME, saved["admin"])
        self.moderator = Account(MODERATOR_USERNAME, saved["moderator"])
        self.secret_key = saved["secret_key"]
        self._saved = saved
        self.database_url = self._make_database()
        self.env = self._environment()

    # -- set-up ---------------------------------------------------------------------------------
    def _make_database(self):
        given = os.environ.get("DATABASE_URL", "")
        if self.keep or not given.startswith(("postgres://", "postgresql://")):
            return f"sqlite:///{self.workdir / 'portal.sqlite3'}"
        import psycopg

        # A database of our own next to the given one, dropped and made again on every run.
        parts = urlsplit(given)
        name = parts.path.lstrip("/") + "_browser"
        self._pg_admin_url = urlunsplit(parts._replace(path="/postgres"))
        self._pg_name = name
        with psycopg.connect(self._pg_admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return urlunsplit(parts._replace(path=f"/{name}"))

    def _environment(self):
        env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
        env.update(
            DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
            PORTAL_E2E_SECRET_KEY=self.secret_key,
            DATABASE_URL=self.database_url,
            MEDIA_ROOT=str(self.workdir / "media"),
            ALLOWED_HOSTS="127.0.0.1",
            CSRF_TRUSTED_ORIGINS=self.url,
            WAGTAILADMIN_BASE_URL=self.url,
            PORTAL_EMBEDDED_POLLER="0",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        return env

    def manage(self, *args, extra_env=None, timeout=240):
        env = dict(self.env, **(extra_env or {}))
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def shell(self, code, **extra_env):
        """Run Python with Django set up against the server's database (for state a test arranges)."""
        return self.manage("shell", "--no-imports", "-c", code, extra_env=extra_env)

    def prepare(self):
        """Migrate, load the demo content, create the accounts (a kept database: migrate only)."""
        self.shell(
            PREPARE,
            E2E_LOAD_DEMO="0" if self.prepared else "1",
            E2E_ADMIN_USERNAME=self.admin.username,
            E2E_ADMIN_PASSWORD=self.admin.password,
            E2E_MODERATOR_USERNAME=self.moderator.username,
            E2E_MODERATOR_PASSWORD=self.moderator.password,
        )
        if self.keep:
            (self.workdir / "state.json").write_text(json.dumps(self._saved))
        return self

    # -- the server process -----------------------------------------------------------------------
    @property
    def log_path(self):
        return self.workdir / "daphne.log"

    def start(self, timeout=60):
        assert self.process is None, "already running"
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [DAPHNE, "-b", "127.0.0.1", "-p", str(self.port), "portal.asgi:application"],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"daphne did not answer on {self.url} within {timeout} s:\n{self.log_tail()}")

    def stop(self, sig=signal.SIGTERM):
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
        self.process = None
        self._log.close()

    def log_tail(self, lines=60):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def close(self):
        self.stop()
        if self._pg_admin_url:
            import psycopg

            with psycopg.connect(self._pg_admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self._pg_name}" WITH (FORCE)')
        if not self.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def is_loopback(url):
    return urlsplit(url).hostname in {"127.0.0.1", "localhost", "::1"} or url.startswith(("data:", "blob:"))
