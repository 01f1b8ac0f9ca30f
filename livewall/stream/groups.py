"""Channel-layer names for the live wall, built in this one place.

Viewer sockets of a wall join `wall_group(slug)`; moderator sockets join `moderation_group(slug)`.
The message types are the `type` keys handed to `group_send` (Channels maps "wall.event" to the
consumer method `wall_event`).
"""

WALL_EVENT = "wall.event"
MODERATION_EVENT = "moderation.event"


def wall_group(slug):
    return f"livewall.wall.{slug}"


def moderation_group(slug):
    return f"livewall.moderate.{slug}"
