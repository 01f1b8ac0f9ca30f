"""How many posts the moderators held back, and the viewer frame that keeps that number live.

{"type": "held_back", "count": N}: only the number is public, never the posts (nor their ids).
The moderation actions that move a post into or out of "rejected"/"hidden" broadcast it on commit
(stream.publisher.publish_held_back_on_commit); it has no seq: every viewer socket gets it at once,
and a socket that connects gets the relay's latest after its snapshot or catch-up. The pages open
with the same count (`held_back_count`).
"""

from livewall.models import ModerationAction, Post

HELD_BACK_STATUSES = (Post.Status.REJECTED, Post.Status.HIDDEN)


def held_back_count(wall_id):
    """How many posts moderators did not show (rejected or hidden; not those deleted by their
    authors at the source)."""
    return (
        Post.objects.filter(wall_id=wall_id, status__in=HELD_BACK_STATUSES)
        .exclude(moderation_actions__action=ModerationAction.Action.DELETE_AT_SOURCE)
        .count()
    )


def held_back_frame(wall_id):
    return {"type": "held_back", "count": held_back_count(wall_id)}
