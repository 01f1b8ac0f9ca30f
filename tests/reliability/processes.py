"""Real processes for the reliability suite besides the server (tests/support/servers.py): a private
redis-server, a TCP proxy on loopback that can cut the server's database connections, and the
server's environment. Everything binds 127.0.0.1 on a free port and is stopped by the test that
started it."""

import os
import select
import shutil
import signal
import socket
import subprocess
import threading

from tests.support.ports import free_port, port_open, wait_for


class RedisProcess:
    """A private redis-server (no persistence) that a test may stop and start on the same port."""

    def __init__(self, port=None):
        self.binary = shutil.which("redis-server")
        self.port = port or free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout=10):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), timeout, message=f"redis-server on {self.port}")
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=5)
        wait_for(lambda: not port_open(self.port), 5, message="redis-server stopped")


class CuttableProxy:
    """A loopback TCP proxy to PostgreSQL that can drop a connection the moment the client sends a
    chosen byte pattern (e.g. the INSERT of a WallEvent): the statement never reaches the server and
    the transaction dies with the connection, exactly like a network cut mid-request.

    Needs `sslmode=disable` on the client so that the query text is visible on the wire.
    """

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.cut_on = None
        self.cuts = 0
        self.running = True
        self.lock = threading.Lock()
        threading.Thread(target=self._accept_loop, daemon=True).start()

    def cut_next(self, pattern):
        """Drop the first connection that sends `pattern` (once)."""
        with self.lock:
            self.cut_on = pattern

    def _take_cut(self, data):
        with self.lock:
            if self.cut_on and self.cut_on in data:
                self.cut_on = None
                self.cuts += 1
                return True
        return False

    def _accept_loop(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, client, upstream):
        sockets = [client, upstream]
        try:
            while self.running:
                readable, _, _ = select.select(sockets, [], [], 0.5)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is client:
                        if self._take_cut(data):
                            return
                        upstream.sendall(data)
                    else:
                        client.sendall(data)
        except OSError:
            return
        finally:
            for sock in sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def close(self):
        self.running = False
        self.listener.close()


def server_environment(database_url, redis_url, **extra):
    """Environment for a reliability server: the test database, the given Redis, no poller."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.reliability.server_settings",
            "DATABASE_URL": database_url,
            "PORTAL_EMBEDDED_POLLER": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env
