"""The control room's actions on a wall's big screens: the kill switch, the banner, the layout.

Each one, like the actions on posts (moderation.actions), checks the moderator's permission, runs
in one transaction, and broadcasts after commit through the publisher: the wall row is locked
(lock order: the wall row only; post actions lock the wall row first too, so the two never
deadlock), the state is saved with the next `screen_version`, and every open screen of every
server process gets the new `screen` frame (stream.screen) through the channel layer. The state
lives on the wall, so a screen that connects or reconnects opens with it.

`CONTROLS[name](wall, user, value)` is the table the control room's view uses.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from livewall.models import Wall
from livewall.moderation.actions import can_moderate
from livewall.stream import publisher

BANNER_MAX = Wall._meta.get_field("screen_banner").max_length


def _apply(wall, user, **changes):
    if not can_moderate(user):
        raise PermissionDenied("You do not have permission to control live walls' screens.")
    with transaction.atomic():
        current = Wall.objects.select_for_update().get(pk=wall.pk)
        for field, value in changes.items():
            setattr(current, field, value)
        Wall.objects.filter(pk=current.pk).update(screen_version=F("screen_version") + 1, **changes)
        current.refresh_from_db()
        publisher.publish_screen_on_commit(current)
    for field in (*changes, "screen_version"):
        setattr(wall, field, getattr(current, field))
    return current


def blank(wall, user, blanked):
    """The kill switch: True replaces every screen with the holding slide at once; False brings it back."""
    return _apply(wall, user, screen_blanked=bool(blanked))


def set_banner(wall, user, text):
    """A message shown on every screen ("Lunch until 13:30"); "" takes it down."""
    return _apply(wall, user, screen_banner=" ".join((text or "").split())[:BANNER_MAX])


def set_layout(wall, user, layout, stream=None):
    """Switch every screen to `layout` (Wall.ScreenLayout). `stream`: None (keep the current one) or
    (Video, the link as typed) for the ticker layout's live stream, parsed by intake.video_links."""
    if layout not in Wall.ScreenLayout.values:
        raise ValueError(f"Unknown screen layout {layout!r}")
    changes = {"screen_layout": layout}
    if stream is not None:
        video, url = stream
        changes.update(stream_provider=video.provider, stream_video_id=video.id, stream_url=url)
    return _apply(wall, user, **changes)


def clear_stream(wall, user):
    return _apply(wall, user, stream_provider="", stream_video_id="", stream_url="")


CONTROLS = {"blank": blank, "banner": set_banner, "layout": set_layout}
