"""The text view: a plain list of the wall's posts with a polite live region, no animation, no
player; user text escaped; video posts show their title and link."""

import pytest
from django.urls import reverse

from livewall.models import Post

from ..factories import PostFactory, WallFactory, approved_post
from ..pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]


def text_page(client, wall):
    response = client.get(reverse("livewall:text", args=[wall.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_lists_visible_posts_newest_first_in_a_live_region(client):
    wall = WallFactory()
    approved_post(wall, text="First post")
    approved_post(wall, text="Second post")
    PostFactory(wall=wall, status=Post.Status.PENDING, text="Pending secret")
    html = text_page(client, wall)
    assert html.index("Second post") < html.index("First post")
    assert "Pending secret" not in html
    assert 'aria-live="polite"' in html and 'aria-relevant="additions"' in html
    assert "/static/livewall/wall/text.js" in html
    assert "/static/livewall/text.css" in html
    assert "wall.css" not in html  # none of the animated wall's styles
    assert "<h1>" in html and '<h2 id="posts-title">Posts</h2>' in html


def test_user_text_is_escaped(client):
    wall = WallFactory()
    approved_post(wall, text='<img src=x onerror="alert(1)"> & <script>alert(2)</script>', author_name="<b>Eve</b>")
    html = text_page(client, wall)
    assert "<script>alert(2)" not in html and "<img src=x" not in html and "<b>Eve</b>" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html


def test_video_posts_show_their_title_and_link(client):
    wall = WallFactory()
    post = approved_post(wall, text="Watch this https://youtu.be/aqz-KE-bpKQ")
    Post.objects.filter(pk=post.pk).update(video_title="Big <Buck> Bunny")
    # The title is part of the post's fragment: re-render it through a viewer-visible change.
    from livewall.moderation import actions

    from ..factories import ModeratorFactory

    actions.pin(post, ModeratorFactory())
    html = text_page(client, wall)
    assert (
        '<a href="https://www.youtube.com/watch?v=aqz-KE-bpKQ" rel="noopener" target="_blank">'
        "Big &lt;Buck&gt; Bunny</a>" in html
    )


def test_a_video_without_a_known_title_still_has_its_link(client):
    wall = WallFactory()
    approved_post(wall, text="https://vimeo.com/76979871")
    html = text_page(client, wall)
    assert '<a href="https://vimeo.com/76979871" rel="noopener" target="_blank">Watch the video</a>' in html


def test_unknown_wall_is_404(client):
    assert client.get(reverse("livewall:text", args=["no-such-wall"])).status_code == 404
