"""Channel-layer names for the live wall, built in this one place.

Viewer sockets of a wall join `wall_group(slug)`; moderator sockets join `moderation_group(slug)`.
The message types are the `type` keys handed to `group_send` (Channels maps "wall.event" to the
consumer method `wall_event`). `WALL_SCREEN` carries the control room's screen state (kill switch,
banner, layout) to the same viewer group: it has no seq, its frame carries the wall's screen_version.
`WALL_HELD_BACK` carries the count of posts moderators held back (stream.held_back), no seq either.
"""

WALL_EVENT = "wall.event"
WALL_SCREEN = "wall.screen"
WALL_HELD_BACK = "wall.held_back"
MODERATION_EVENT = "moderation.event"


def wall_group(slug):
    return f"livewall.wall.{slug}"


def moderation_group(slug):
    return f"livewall.moderate.{slug}"
