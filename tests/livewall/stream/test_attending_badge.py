"""Every post on the wall says where its author is, in words (issue 17 item 2), from the one renderer
(includes/post.html): the form's choice ("In the room", "Remote"); a platform's post "Online via"
its platform (its author did not post from the room's form); a contribution without a choice says
"Where: not said" rather than nothing, so no post looks like it came from the room by default."""

import re

import pytest
from django.urls import reverse

from livewall.models import Post, Wall
from livewall.stream import catchup

from ..factories import WallFactory, approved_post

pytestmark = pytest.mark.django_db

POSTS = [
    ({"source": Post.Source.CONTRIBUTION, "attending": Post.Attending.IN_ROOM}, "In the room"),
    ({"source": Post.Source.CONTRIBUTION, "attending": Post.Attending.REMOTE}, "Remote"),
    ({"source": Post.Source.CONTRIBUTION, "attending": Post.Attending.UNKNOWN}, "Where: not said"),
    ({"source": Post.Source.MASTODON, "external_id": "m1"}, "Online via Mastodon"),
    ({"source": Post.Source.BLUESKY, "external_id": "b1"}, "Online via Bluesky"),
    ({"source": Post.Source.X, "external_id": "x1"}, "Online via X / Twitter"),
    ({"source": Post.Source.RSS, "external_id": "r1"}, "Online via RSS / Atom"),
]

BADGE = re.compile(r'<span class="wall-post__attending">([^<]*)</span>')


@pytest.mark.parametrize("show_source_icons", [True, False])
def test_every_post_has_a_where_badge_on_every_page_and_frame(client, show_source_icons):
    wall = WallFactory(moderation_mode=Wall.Moderation.POST, show_source_icons=show_source_icons)
    posts = [(approved_post(wall, text=f"Post {n}", **fields), badge) for n, (fields, badge) in enumerate(POSTS)]
    snapshot = catchup.snapshot(wall.pk)
    fragments = dict(zip((p["id"] for p in snapshot["posts"]), snapshot["html"], strict=True))
    pages = [
        client.get(reverse(name, args=[wall.slug])).content.decode()
        for name in ("livewall:participant", "livewall:screen", "livewall:text")
    ]
    for post, badge in posts:
        assert BADGE.findall(fragments[post.pk]) == [badge], (post.source, post.attending)
        for page in pages:
            assert fragments[post.pk] in page
