"""Databases for child processes (servers, commands, benchmarks).

- subprocess_database_url(): the test database of this pytest process as a URL a child can open.
- ThrowawayDatabase: a fresh SQLite file, or a fresh database on the PostgreSQL server a URL names
  (created here and dropped by drop(); the named database itself is never touched).
"""

import os
import secrets
import shutil
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def subprocess_database_url(folder=None, **options):
    """The test database as a URL a child process (a server, a command) can open.

    SQLite's test database lives in this process's memory, so it is copied to `folder/db.sqlite3`
    (the child sees the rows made so far, not later ones); PostgreSQL's is shared as it is.
    On PostgreSQL, `host` and `port` override the connection's (a proxy in between) and any other
    option becomes a query parameter (e.g. sslmode="disable").
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        if folder is None:
            raise ValueError("SQLite's test database is copied for a child process: give a folder")
        copy = Path(folder) / "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}"
    params = connection.settings_dict
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = options.pop("host", None) or params.get("HOST") or "127.0.0.1"
    port = options.pop("port", None) or params.get("PORT") or 5432
    query = "&".join(f"{key}={value}" for key, value in options.items())
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}" + (f"?{query}" if query else "")


def is_postgres(url):
    return (url or "").startswith(("postgres://", "postgresql://"))


class ThrowawayDatabase:
    """A database of its own for child processes: on the PostgreSQL server named by `base_url`
    (a database `name`, by default a unique one, dropped first if a crashed run left it), else a
    SQLite file `sqlite_name` in `folder` (by default a temporary folder, removed by drop())."""

    def __init__(self, base_url=None, name=None, folder=None, sqlite_name="db.sqlite3", prefix="portal_tmp"):
        self.base_url = base_url or ""
        self.own_folder = folder is None
        self.folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
        self.pg_name = None
        if is_postgres(self.base_url):
            parts = urlsplit(self.base_url)
            self.pg_name = name or f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
            self.url = urlunsplit(parts._replace(path=f"/{self.pg_name}"))
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.pg_name}"')
        else:
            self.url = f"sqlite:///{self.folder / sqlite_name}"

    @property
    def vendor(self):
        return "postgresql" if self.pg_name else "sqlite"

    def _admin(self, statement):
        import psycopg

        admin_url = urlunsplit(urlsplit(self.base_url)._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def drop(self):
        """Drop the PostgreSQL database (errors propagate) and remove the folder if it is ours."""
        try:
            if self.pg_name:
                self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        finally:
            if self.own_folder:
                shutil.rmtree(self.folder, ignore_errors=True)
