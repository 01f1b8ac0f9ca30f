"""What a viewer socket (or the HTTP fallback) needs to get up to date: snapshots and catch-up.

A client's cursor is the `seq` of the last WallEvent it applied. Catch-up replays every event after
the cursor, in order, each with the post's CURRENT state (a post removed since is sent as removed),
so that applying them leaves the client exactly where the database is.
"""

import json
from contextlib import contextmanager

from django.db import connection, transaction

from livewall.models import Post, Wall, WallEvent
from livewall.stream.serializers import post_payload, removed_payload

SNAPSHOT_SIZE = 100
# Beyond this many missed events a fresh snapshot is cheaper than the replay.
MAX_CATCH_UP = 500


def event_frame(seq, kind, post):
    """The viewer frame for one event. Removed or no-longer-visible posts carry only their id."""
    visible = post.status == Post.Status.APPROVED
    return payload_frame(seq, kind, post_payload(post) if visible else removed_payload(post.pk))


def payload_frame(seq, kind, payload):
    """The viewer frame for one event of a post whose payload is known (post_payload or removed_payload)."""
    if kind == WallEvent.Kind.REMOVED or payload.get("removed"):
        return {
            "type": "event",
            "seq": seq,
            "kind": WallEvent.Kind.REMOVED.value,
            "post": removed_payload(payload["id"]),
        }
    return {"type": "event", "seq": seq, "kind": kind, "post": payload}


def visible_posts(wall_id):
    return (
        Post.objects.filter(wall_id=wall_id, status=Post.Status.APPROVED)
        .order_by("-pinned", "-created_at", "-id")
        .select_related("wall")
    )


@contextmanager
def _one_database_snapshot():
    """Read the cursor and the posts from one snapshot, so the two always agree.

    PostgreSQL's default READ COMMITTED gives each statement its own snapshot; REPEATABLE READ
    gives the whole block one. SQLite transactions are serialised already.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def snapshot(wall_id, size=SNAPSHOT_SIZE):
    """{"type": "snapshot", "seq": <wall's last seq>, "posts": [...]}: latest approved posts, pinned first."""
    with _one_database_snapshot():
        seq = Wall.objects.filter(pk=wall_id).values_list("last_seq", flat=True).first() or 0
        posts = [post_payload(post) for post in visible_posts(wall_id)[:size]]
    return {"type": "snapshot", "seq": seq, "posts": posts}


def catch_up(wall_id, after, limit=MAX_CATCH_UP):
    """(frames, last_seq) for every event after `after`, or None when a snapshot is needed instead
    (gap larger than `limit`, or a cursor from the future, e.g. after the database was reset)."""
    with _one_database_snapshot():
        last_seq = Wall.objects.filter(pk=wall_id).values_list("last_seq", flat=True).first() or 0
        if after > last_seq or last_seq - after > limit:
            return None
        events = (
            WallEvent.objects.filter(wall_id=wall_id, seq__gt=after, seq__lte=last_seq)
            .select_related("post", "post__wall")
            .order_by("seq")
        )
        frames = [event_frame(event.seq, event.kind, event.post) for event in events]
    return frames, last_seq


def dumps(frame):
    """The one JSON encoding used for every frame (compact, UTF-8 kept as is)."""
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))
