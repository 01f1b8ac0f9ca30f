"""Test-process side of the reliability suite: post through the real contribution form as distinct
participants, and compare what viewers hold (a crowd of viewer sockets, tests/support/crowd.py)
with the database."""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import httpx


class Participant:
    """One browser: its own cookie jar (the CSRF cookie from a real page visit, the participant
    cookie from its first post)."""

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
