"""Questions for the panel: a participant's vote, once per browser, and its live update.

A question is a contribution its author marked so (`Post.is_question`, set by `services.accept`): it
goes through the same moderated queue as every post. Only approved, unanswered questions take
votes. A vote is one `QuestionVote` row (the browser's cookie id, nothing personal; unique per
question), the question's count and one "updated" WallEvent, in one transaction; viewers get the
re-rendered post after commit, so the screen's questions view reorders live. Moderators mark a
question answered with the `answer` action (livewall.moderation.actions).
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from livewall.models import Post, QuestionVote, Wall, WallEvent
from livewall.stream import publisher


def voter_key(browser_id):
    """What a vote stores of its browser: a keyed hash of the cookie id, never the id itself, so the
    table cannot be joined with anything else the browser sent."""
    return salted_hmac("livewall.question-vote", browser_id, algorithm="sha256").hexdigest()


class NotVotable(LookupError):
    """No approved, unanswered question with that id on that wall."""


def vote(wall, post_id, voter):
    """Count `voter`'s vote for the question `post_id` of `wall`: (post, counted).

    `counted` is False when this browser had voted for it already (nothing changes then).
    """
    with transaction.atomic():
        # Lock order everywhere: the wall row, then the post row (as moderation.actions).
        Wall.objects.select_for_update().filter(pk=wall.pk).only("pk").first()
        post = (
            Post.objects.select_for_update()
            .filter(pk=post_id, wall=wall, is_question=True, status=Post.Status.APPROVED, answered_at__isnull=True)
            .first()
        )
        if post is None:
            raise NotVotable(post_id)
        try:
            with transaction.atomic():
                QuestionVote.objects.create(post=post, voter=voter_key(voter))
        except IntegrityError:
            return post, False
        Post.objects.filter(pk=post.pk).update(vote_count=F("vote_count") + 1)
        post.refresh_from_db(fields=["vote_count"])
        event = publisher.append_event(wall, post, WallEvent.Kind.UPDATED)
        # Viewers only: a vote is not a moderation change.
        publisher.publish_on_commit(event=event)
    return post, True
