"""A discussion's published conclusions on an event's live wall, as posts from "the hub".

Through the wall's one way in (livewall.intake.services.accept), after the approval commits: the
post carries the conclusions' public name and text (never the contact), links back to them, and is
idempotent (external id = the submission), so approving twice posts once. The wall's own moderation
mode then applies: on a pre-moderated wall the post waits for the wall's moderators.
"""

from django.db import transaction

from livewall.intake import services as wall_intake
from livewall.intake.incoming import IncomingPost

HUB_SOURCE = "hub"  # livewall.models.Post.Source.HUB


def incoming_for(submission, page_url):
    return IncomingPost(
        source=HUB_SOURCE,
        external_id=f"hub-submission-{submission.pk}",
        author_name=submission.public_name,
        text=submission.conclusions,
        permalink=f"{page_url}#conclusion-{submission.pk}",
        created_at=submission.moderated_at,
    )


def send_on_commit(submission):
    """Queue the wall post for after the current transaction (no-op without a wall)."""
    discussion = submission.discussion
    if discussion.wall_id is None:
        return False
    page_url = discussion.full_url or discussion.url or ""
    wall = discussion.wall
    transaction.on_commit(lambda: wall_intake.accept(wall, incoming_for(submission, page_url)))
    return True
