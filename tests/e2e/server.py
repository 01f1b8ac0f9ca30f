"""The real portal for the browser: uvicorn (as in production) serving portal.asgi on a free loopback
port, against a database of its own (a temporary SQLite file, or a fresh PostgreSQL database when DATABASE_URL
points at PostgreSQL), migrated and filled with the demo content, plus Chromium to drive it.

Used by the pytest fixtures (conftest.py) and by `make screenshots` (screenshots.py)."""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tests.support.databases import ThrowawayDatabase, is_postgres
from tests.support.servers import ROOT, ServerProcess

PROJECT_DIR = ROOT
PYTHON = sys.executable
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


def chromium_available():
    return os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


@dataclass
class Account:
    username: str
    password: str


class PortalServer:
    """One server process at a time, always on the same free port, so that `stop()` then `start()`
    looks to a browser like a server that crashed and came back."""

    def __init__(self, keep_dir=None):
        """`keep_dir` (PORTAL_E2E_KEEP_DIR): a folder whose prepared database is kept and used
        again on the next run, to make a developer's repeated runs quick. Default: a fresh one."""
        self.keep = bool(keep_dir)
        self.workdir = Path(keep_dir) if keep_dir else Path(tempfile.mkdtemp(prefix="portal-e2e-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
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
        self.database = self._make_database()
        self.database_url = self.database.url
        # Always the same port: stop() then start() looks to a browser like a crash and a restart.
        self.server = ServerProcess(None, log_path=self.workdir / "server.log")
        self.port = self.server.port
        self.url = self.server.base_url
        self.server.env = self.env = self._environment()

    # -- set-up ---------------------------------------------------------------------------------
    def _make_database(self):
        """A kept folder: a SQLite file in it. Otherwise a database of our own next to the one
        DATABASE_URL names on PostgreSQL (dropped and made again on every run), or a SQLite file."""
        given = os.environ.get("DATABASE_URL", "")
        if self.keep or not is_postgres(given):
            return ThrowawayDatabase(folder=self.workdir, sqlite_name="portal.sqlite3")
        name = urlsplit(given).path.lstrip("/") + "_browser"
        return ThrowawayDatabase(given, name=name, folder=self.workdir)

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
        return self.server.log_path

    def start(self, timeout=60):
        self.server.start(timeout)
        return self

    def stop(self, sig=signal.SIGTERM):
        self.server.stop(sig, timeout=5)

    def log_tail(self, lines=60):
        return self.server.log_tail(lines)

    def close(self):
        self.stop()
        # The kept folder is the developer's; a fresh one goes, with the PostgreSQL database.
        self.database.drop()
        if not self.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def is_loopback(url):
    return urlsplit(url).hostname in {"127.0.0.1", "localhost", "::1"} or url.startswith(("data:", "blob:"))
