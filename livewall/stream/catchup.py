"""What a viewer socket (or the HTTP fallback) needs to get up to date: snapshots and catch-up.

A client's cursor is the `seq` of the last WallEvent it applied. Catch-up replays every event after
the cursor, in order, each with the post's CURRENT state (a post removed since is sent as removed),
so that applying them leaves the client exactly where the database is.

Every frame that shows a post carries its HTML beside the plain data (`stream.render.post_html`,
the template the pages use): `"html"` in an event frame, a list `"html"` parallel to `"posts"` in a
snapshot. Removed posts carry neither text nor HTML.
"""

import json
from contextlib import contextmanager

from django.db import connection, transaction

from livewall.models import Post, Wall, WallEvent
from livewall.stream.question_board import question_lists
from livewall.stream.render import post_html, posts_html
from livewall.stream.serializers import post_payload, removed_payload

SNAPSHOT_SIZE = 100
# Beyond this many missed events a fresh snapshot is cheaper than the replay.
MAX_CATCH_UP = 500


def event_frame(seq, kind, post, show_source_icons=None):
    """The viewer frame for one event. Removed or no-longer-visible posts carry only their id.

    `show_source_icons` is the wall's setting (read from `post.wall` when not given).
    """
    if post.status != Post.Status.APPROVED:
        return payload_frame(seq, kind, removed_payload(post.pk))
    if show_source_icons is None:
        show_source_icons = post.wall.show_source_icons
    payload = post_payload(post)
    return payload_frame(seq, kind, payload, post_html(payload, show_source_icons))


def payload_frame(seq, kind, payload, html=None):
    """The viewer frame for one event of a post whose payload (post_payload or removed_payload) and
    HTML (render.post_html of that payload; ignored for removed posts) are known."""
    if kind == WallEvent.Kind.REMOVED or payload.get("removed"):
        return {
            "type": "event",
            "seq": seq,
            "kind": WallEvent.Kind.REMOVED.value,
            "post": removed_payload(payload["id"]),
        }
    return {"type": "event", "seq": seq, "kind": kind, "post": payload, "html": html}


def visible_posts(wall_id):
    return (
        Post.objects.filter(wall_id=wall_id, status=Post.Status.APPROVED)
        .order_by("-pinned", "-created_at", "-id")
        .select_related("wall", "cached_thumbnail")
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


def _wall_state(wall_id):
    """(last seq, show_source_icons) of a wall; (0, False) for a wall that is gone."""
    return Wall.objects.filter(pk=wall_id).values_list("last_seq", "show_source_icons").first() or (0, False)


def snapshot(wall_id, size=SNAPSHOT_SIZE, with_questions=True, language=None):
    """{"type": "snapshot", "seq": <wall's last seq>, "posts": [...], "html": [...], "questions": {...}}:
    latest approved posts, pinned first; `html[i]` is the fragment of `posts[i]` (the pages join the
    same list); `questions` the questions view's open and answered fragments (question_lists), read
    in the same database snapshot. The pages, which render that view themselves, leave it out.
    Fragments' labels in `language` (render.post_html)."""
    with _one_database_snapshot():
        seq, show_source_icons = _wall_state(wall_id)
        posts = [post_payload(post) for post in visible_posts(wall_id)[:size]]
        questions = question_lists(wall_id, show_source_icons, language=language) if with_questions else None
    frame = {"type": "snapshot", "seq": seq, "posts": posts, "html": posts_html(posts, show_source_icons, language)}
    if questions is not None:
        frame["questions"] = questions
    return frame


def catch_up(wall_id, after, limit=MAX_CATCH_UP, language=None):
    """(frames, last_seq) for every event after `after`, or None when a snapshot is needed instead
    (gap larger than `limit`, or a cursor from the future, e.g. after the database was reset)."""
    with _one_database_snapshot():
        last_seq, show_source_icons = _wall_state(wall_id)
        if after > last_seq or last_seq - after > limit:
            return None
        events = (
            WallEvent.objects.filter(wall_id=wall_id, seq__gt=after, seq__lte=last_seq)
            .select_related("post__cached_thumbnail")
            .order_by("seq")
        )
        frames = []
        rendered = {}  # post id -> (payload, html): a post's events all show its current state
        for event in events:
            post = event.post
            if post.status != Post.Status.APPROVED:
                frames.append(payload_frame(event.seq, event.kind, removed_payload(post.pk)))
                continue
            if post.pk not in rendered:
                payload = post_payload(post)
                rendered[post.pk] = (payload, post_html(payload, show_source_icons, language))
            frames.append(payload_frame(event.seq, event.kind, *rendered[post.pk]))
    return frames, last_seq


def dumps(frame):
    """The one JSON encoding used for every frame (compact, UTF-8 kept as is)."""
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))
