"""The big screen's state as plain data: the `screen` frame the control room broadcasts and every
viewer socket gets after its snapshot or catch-up.

{"type": "screen", "version": N, "layout": "grid" | "single" | "questions" | "ticker",
 "blanked": bool, "banner": "plain text", "holding_message": "plain text", "stream_embed": "" | url}

Plain text only (the client sets it with textContent); `stream_embed` is built from the parsed
provider and id (stream.embeds), never from what was typed. Clients keep the frame with the highest
version, so a snapshot read before a change and the change's broadcast may arrive in either order.
"""

from livewall.models import Wall
from livewall.stream.embeds import Video, embed_url

SCREEN_FIELDS = (
    "pk",
    "screen_version",
    "screen_layout",
    "screen_blanked",
    "screen_banner",
    "holding_message",
    "stream_provider",
    "stream_video_id",
)


def screen_frame(wall):
    stream = ""
    if wall.stream_provider and wall.stream_video_id:
        stream = embed_url(Video(provider=wall.stream_provider, id=wall.stream_video_id))
    return {
        "type": "screen",
        "version": wall.screen_version,
        "layout": wall.screen_layout,
        "blanked": wall.screen_blanked,
        "banner": wall.screen_banner,
        "holding_message": wall.holding_text,
        "stream_embed": stream,
    }


def read_screen_frame(wall_id):
    """The current screen frame of a wall from the database, or None for a wall that is gone."""
    wall = Wall.objects.filter(pk=wall_id).only(*SCREEN_FIELDS).first()
    return screen_frame(wall) if wall else None
