"""The stock Channels baseline the live wall is measured against.

A bare `AsyncWebsocketConsumer` that joins one group and forwards every `group_send` with a
`json.dumps` per socket, through the stock dispatch (which, since channels 4.2, hops to the database
thread to close old connections before each handler). Posts reach it through `inject`, a tiny HTTP
endpoint in the same server process that calls `group_send` once per post, as a stock app would.
"""

import json
import os
import time
from urllib.parse import parse_qs

from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer

# One group per benchmark run, so that two runs sharing a Redis server never cross.
BASELINE_GROUP = f"bench.baseline.{os.environ.get('BENCH_RUN_ID', 'local')}"
BASELINE_WS_PATH = "ws/bench/baseline/"


class BaselineConsumer(AsyncWebsocketConsumer):
    groups = [BASELINE_GROUP]

    async def bench_post(self, event):
        await self.send(text_data=json.dumps({"type": "event", "kind": "published", "post": event["post"]}))


def baseline_post(seq, text):
    """A payload shaped like the wall's post payload, so both sides serialise the same amount."""
    return {
        "id": seq,
        "seq": seq,
        "source": "contribution",
        "source_label": "Contribution",
        "author_name": "Bench",
        "author_handle": "",
        "avatar_url": "",
        "text": text,
        "links": [],
        "permalink": "",
        "video": None,
        "image_url": "",
        "attending": "remote",
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
        "pinned": False,
    }


async def inject(scope, receive, send):
    """POST /__bench/baseline?seq=N&text=...: one group_send to the baseline group."""
    query = parse_qs(scope.get("query_string", b"").decode())
    seq = int(query.get("seq", ["0"])[0])
    text = query.get("text", [""])[0]
    await get_channel_layer().group_send(BASELINE_GROUP, {"type": "bench.post", "post": baseline_post(seq, text)})
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})
