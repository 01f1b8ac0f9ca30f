"""A contributor's private link to their own post's status (waiting, shown, not shown).

The link carries the post's id signed with the site's secret (its own salt): only the browser that
sent the post gets it, in the answer to the contribution. It names one post and shows nothing of
anyone else's; a link that was tampered with is no link at all.
"""

from django.core import signing
from django.urls import reverse

SALT = "livewall.post-status"
MAX_AGE = 60 * 60 * 24 * 90  # a season of events; older links read as unknown


def make_token(post):
    return signing.dumps({"wall": post.wall_id, "post": post.pk}, salt=SALT, compress=True)


def read_token(token):
    """(wall id, post id) from a token, or None when it is not one of ours or too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("wall"), int) or not isinstance(data.get("post"), int):
        return None
    return data["wall"], data["post"]


def status_path(post):
    return reverse("livewall:post_status", args=[post.wall.slug, make_token(post)])
