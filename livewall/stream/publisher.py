"""The write half of the wall's event stream: allocate the next seq, then broadcast after commit.

`append_event` must run inside the caller's transaction (it row-locks the wall so that seqs are
handed out one at a time and commit in order). `publish_on_commit` schedules `broadcast`, which
renders each frame ONCE to JSON text (a viewer frame's post HTML included, stream.render) and hands
that text to the channel layer, in one hop into the event loop; consumers forward it untouched.

A channel-layer failure (Redis down, ...) is logged and swallowed: the post and its event are
already committed, and clients catch up by cursor when they reconnect or see the next event.
"""

import logging
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from livewall.models import Wall, WallEvent
from livewall.stream.catchup import dumps, event_frame
from livewall.stream.groups import (
    MODERATION_EVENT,
    WALL_EVENT,
    WALL_HELD_BACK,
    WALL_SCREEN,
    moderation_group,
    wall_group,
)
from livewall.stream.held_back import held_back_frame
from livewall.stream.render import moderation_row_html
from livewall.stream.screen import screen_frame
from livewall.stream.serializers import moderation_payload

logger = logging.getLogger(__name__)


def append_event(wall, post, kind):
    """Give `post` the wall's next seq and record the viewer-visible change `kind`."""
    locked = Wall.objects.select_for_update().only("pk", "last_seq").get(pk=wall.pk)
    seq = locked.last_seq + 1
    Wall.objects.filter(pk=wall.pk).update(last_seq=seq)
    wall.last_seq = seq
    post.seq = seq
    type(post).objects.filter(pk=post.pk).update(seq=seq)
    return WallEvent.objects.create(wall=wall, seq=seq, kind=kind, post=post)


async def _send_all(layer, messages):
    for group, message in messages:
        await layer.group_send(group, message)


def _group_send(*messages):
    """Send (group, message) pairs with one hop into the event loop; False if the layer failed."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(_send_all)(layer, messages)
    except Exception:  # noqa: BLE001 - whatever the layer raises, the committed post stands
        groups = ", ".join(group for group, _ in messages)
        logger.exception("Channel layer unavailable: broadcast to %s dropped; clients catch up by cursor", groups)
        return False
    return True


def viewer_message(event):
    """The layer message for one WallEvent: its frame (post HTML included, in the site's language)
    rendered to JSON text once, plus its seq and the wall's icon setting (for relays that render the
    post again for viewers in another language: stream.relay)."""
    icons = event.wall.show_source_icons
    frame = event_frame(event.seq, event.kind, event.post, icons)
    return wall_group(event.wall.slug), {"type": WALL_EVENT, "seq": event.seq, "text": dumps(frame), "icons": icons}


def moderation_message(post, last_action=None):
    # The row as the queue page renders it (one renderer: stream.render), beside the plain data.
    frame = {
        "type": "post",
        "post": moderation_payload(post, last_action),
        "html": moderation_row_html(post, last_action),
    }
    return moderation_group(post.wall.slug), {"type": MODERATION_EVENT, "text": dumps(frame)}


def broadcast(event, post, last_action=None):
    """Both pushes of one change (viewers if there is an event, then moderators), one layer hop."""
    messages = [viewer_message(event)] if event is not None else []
    if post is not None:
        messages.append(moderation_message(post, last_action))
    return _group_send(*messages) if messages else True


def publish_on_commit(event=None, post=None, last_action=None):
    """Schedule the broadcasts for after the surrounding transaction commits (nothing on rollback).

    `last_action` (the ModerationAction just written, if any) saves the moderators' payload a query.
    """
    transaction.on_commit(partial(broadcast, event, post, last_action))


def screen_message(wall):
    """The layer message for the wall's screen state (control room), its frame rendered once."""
    frame = screen_frame(wall)
    return wall_group(wall.slug), {"type": WALL_SCREEN, "version": frame["version"], "text": dumps(frame)}


def publish_screen_on_commit(wall):
    """Schedule the screen-state broadcast of `wall` (as saved) for after the transaction commits."""
    transaction.on_commit(partial(_group_send, screen_message(wall)))


def _send_held_back(wall_id, slug):
    # Counted after the commit, so the number includes the change (and any committed before it).
    frame = held_back_frame(wall_id)
    return _group_send((wall_group(slug), {"type": WALL_HELD_BACK, "text": dumps(frame)}))


def publish_held_back_on_commit(wall):
    """Schedule the held-back count's broadcast to the wall's viewers for after the transaction commits."""
    transaction.on_commit(partial(_send_held_back, wall.pk, wall.slug))
