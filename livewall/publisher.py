"""The write half of the wall's event stream: allocate the next seq, then broadcast after commit.

`append_event` must run inside the caller's transaction (it row-locks the wall so that seqs are
handed out one at a time and commit in order). `publish`/`publish_moderation` render a frame ONCE
to JSON text and hand that text to the channel layer; consumers forward it untouched.

A channel-layer failure (Redis down, ...) is logged and swallowed: the post and its event are
already committed, and clients catch up by cursor when they reconnect or see the next event.
"""

import logging
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from .feed import dumps, event_frame
from .groups import MODERATION_EVENT, WALL_EVENT, moderation_group, wall_group
from .models import Wall, WallEvent
from .serializers import moderation_payload

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


def _group_send(group, message):
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # noqa: BLE001 - whatever the layer raises, the committed post stands
        logger.exception("Channel layer unavailable: broadcast to %s dropped; clients catch up by cursor", group)
        return False
    return True


def publish(event):
    """Broadcast one committed WallEvent to the wall's viewers. Returns False when the layer failed."""
    frame = event_frame(event.seq, event.kind, event.post)
    message = {"type": WALL_EVENT, "seq": event.seq, "text": dumps(frame)}
    return _group_send(wall_group(event.wall.slug), message)


def publish_moderation(post):
    """Push a post's moderation view (new, or changed) to the wall's moderators."""
    frame = {"type": "post", "post": moderation_payload(post)}
    return _group_send(moderation_group(post.wall.slug), {"type": MODERATION_EVENT, "text": dumps(frame)})


def publish_on_commit(event=None, post=None):
    """Schedule the broadcasts for after the surrounding transaction commits (nothing on rollback)."""
    if event is not None:
        transaction.on_commit(partial(publish, event))
    if post is not None:
        transaction.on_commit(partial(publish_moderation, post))
