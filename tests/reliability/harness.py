"""Test-process side of the reliability suite: drive the viewer crowd process, post through the
real contribution form as distinct participants, and compare what viewers hold with the database."""

import json
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from .processes import BASE_DIR


class ViewerFleet:
    """The load_client process: N viewer sockets on one wall."""

    def __init__(self, server, slug, count, batch=50):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability.load_client",
                f"{server.ws_base}/ws/walls/{slug}/",
                server.base_url,
                str(count),
                "--batch",
                str(batch),
            ],
            cwd=BASE_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.count = count
        self.stderr_lines = []
        threading.Thread(target=self._collect_stderr, daemon=True).start()

    def _collect_stderr(self):
        for line in self.process.stderr:
            self.stderr_lines.append(line)

    def _read(self, timeout):
        result = {}

        def read():
            result["line"] = self.process.stdout.readline()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        line = result.get("line")
        if not line:
            raise RuntimeError(
                f"viewer process gave no answer in {timeout} s (exit {self.process.poll()}):\n"
                + "".join(self.stderr_lines[-30:])
            )
        return json.loads(line)

    def _command(self, command, timeout):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._read(timeout)

    def wait_ready(self, timeout=120):
        message = self._read(timeout)
        assert message.get("event") == "ready", message
        return message["connected"]

    def wait_for_seq(self, seq, timeout=30):
        return self._command({"cmd": "wait", "seq": seq, "timeout": timeout}, timeout + 30)

    def report(self):
        return self._command({"cmd": "report"}, 60)["viewers"]

    def stop(self):
        if self.process.poll() is None:
            try:
                self._command({"cmd": "stop"}, 20)
            except (RuntimeError, BrokenPipeError, OSError):
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


class Participant:
    """One browser: its own cookie jar (participant cookie + CSRF cookie) from a real page visit."""

    def __init__(self, server, slug):
        self.server = server
        self.slug = slug
        self.client = httpx.Client(base_url=server.base_url, timeout=30)
        self.visit()

    def visit(self):
        response = self.client.get(f"/walls/{self.slug}/")
        response.raise_for_status()
        return response

    @property
    def csrf_token(self):
        return self.client.cookies.get("csrftoken", "")

    def post(self, text, json_reply=True, files=None, csrf=True, **fields):
        data = {"text": text, "attending": "in_room", **fields}
        headers = {"Accept": "application/json"} if json_reply else {}
        if csrf:
            data["csrfmiddlewaretoken"] = self.csrf_token
        return self.client.post(f"/walls/{self.slug}/post/", data=data, files=files, headers=headers)

    def close(self):
        self.client.close()


def post_steadily(participants, rate_per_second, duration, text_prefix, workers=8):
    """Post through the form at a steady rate, round-robin over `participants`.

    Each post is sent at its due time from a small pool, so a slow answer does not push the
    following posts back (the rate is the arrival rate, as in a room). Returns the responses in
    sending order.
    """
    interval = 1.0 / rate_per_second
    count = int(duration * rate_per_second)
    started = time.monotonic()
    futures = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for index in range(count):
            delay = started + index * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            participant = participants[index % len(participants)]
            futures.append(pool.submit(participant.post, f"{text_prefix} #{index}"))
    return [future.result() for future in futures]


def published_order(wall):
    """Post ids in the order viewers must apply them: the wall's "published" events by seq."""
    from livewall.models import WallEvent

    return list(
        WallEvent.objects.filter(wall=wall, kind=WallEvent.Kind.PUBLISHED)
        .order_by("seq")
        .values_list("post_id", flat=True)
    )


def summarise(viewers):
    """A short description of what went wrong for the first few viewers (for assertion messages)."""
    bad = [v for v in viewers if v["gaps"] or v["stale"] or v["errors"] or not v["connected"]]
    return json.dumps(
        [
            {key: v[key] for key in ("index", "seq", "gaps", "stale", "errors", "close_codes", "reconnects")}
            for v in bad[:5]
        ]
    )
