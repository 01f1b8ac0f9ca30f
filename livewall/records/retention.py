"""Retention: a wall's contributors' personal data is deleted `retention_days` after the wall
closed; what stays is anonymous (the text, source, times, room or remote, status, moderation log),
so counts and the insight report still add up.

Deleted from each post: author name and handle, avatar, permalink (it names the account), the
platform's id of the post (same), the uploaded image file and any image address and description,
a quoted post (another person's name and words). The post is marked `anonymised_at` and never
touched twice. Walls without a closing time or a retention setting keep everything.

`ERASERS`: other records of contributors (e.g. records kept per participant cookie) register a
function `(wall, now) -> int` here; each runs in the same transaction as the posts' erasure.
"""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from livewall.models import Post, QuestionVote, Wall

PERSONAL_DATA_CLEARED = {
    "author_name": "",
    "author_handle": "",
    "avatar_url": "",
    "permalink": "",
    "image": "",
    "image_url": "",
    "image_alt": "",
    "quote": {},
}


def _erase_voters(wall, now):
    # A vote keeps counting; which browser cast it (a keyed hash of its cookie id) goes.
    votes = QuestionVote.objects.filter(post__wall=wall).exclude(voter__startswith="erased-")
    return votes.update(voter=Concat(Value("erased-"), Cast("pk", CharField())))


ERASERS = [_erase_voters]


def expired_walls(now=None):
    """Walls whose retention period since closing is over."""
    now = now or timezone.now()
    walls = Wall.objects.filter(retention_days__isnull=False, closes_at__isnull=False, closes_at__lte=now)
    return [wall for wall in walls.order_by("pk") if wall.closes_at + timedelta(days=wall.retention_days) <= now]


def _delete_files(storage, names):
    for name in names:
        storage.delete(name)


def anonymise_wall(wall, now=None):
    """Erase the personal data of every post of `wall` not erased yet; returns how many posts."""
    now = now or timezone.now()
    with transaction.atomic():
        posts = Post.objects.select_for_update().filter(wall=wall, anonymised_at__isnull=True)
        rows = list(posts.values_list("pk", "image"))
        images = [name for _, name in rows if name]
        # The platform's id of a post leads back to its author (a status id opens their post); the
        # row's own id keeps (wall, source, external_id) unique.
        erased_id = Concat(Value("erased-"), Cast("pk", CharField()))
        Post.objects.filter(pk__in=[pk for pk, _ in rows]).update(
            **PERSONAL_DATA_CLEARED, external_id=erased_id, anonymised_at=now
        )
        for eraser in ERASERS:
            eraser(wall, now)
        if images:
            storage = Post._meta.get_field("image").storage
            # Files go only once the rows no longer point at them.
            transaction.on_commit(partial(_delete_files, storage, images))
    return len(rows)


def apply_retention(now=None):
    """{wall slug: posts erased} for every wall whose retention period is over."""
    now = now or timezone.now()
    return {wall.slug: anonymise_wall(wall, now) for wall in expired_walls(now)}
