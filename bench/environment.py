"""What a benchmark's processes share: the server environment (bench.settings, the channel layer
chosen), a migrated throwaway database, Django code run in a child process, progress logging.

The processes themselves (servers, the load client, the throwaway database) come from tests.support."""

import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.databases import ThrowawayDatabase
from tests.support.servers import ROOT, ServerProcess

PYTHON = sys.executable


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def redis_reachable(url):
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.ping()
        client.close()
        return True
    except Exception:  # noqa: BLE001 - any failure means unreachable
        return False


def throwaway_database(base_url):
    """A fresh database for one benchmark run (tests.support.databases.ThrowawayDatabase)."""
    return ThrowawayDatabase(base_url, prefix="portal_bench_tmp")


def drop(database):
    try:
        database.drop()
    except Exception as exc:  # noqa: BLE001 - cleanup must not hide the result
        log(f"could not drop {database.pg_name}: {exc}")


def start_server(kind, env, app="bench.server_app:application"):
    """One ASGI server process serving `app` on a free loopback port, started (not yet waited for)."""
    keep_log = bool(os.environ.get("BENCH_KEEP_LOGS"))
    args = ["--log-level", "warning"] if kind == "uvicorn" else []
    process = ServerProcess(env, kind=kind, app=app, args=args, ready_path="/__bench/ping", keep_log=keep_log)
    if keep_log:
        log(f"server log kept: {process.log_path}")
    return process.start(wait=False)


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
