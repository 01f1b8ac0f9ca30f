"""Video cards: each play button names its video (who shared it, which provider); a card without a
thumbnail is the designed placeholder."""

import pytest

from livewall.models import Post
from livewall.stream.render import post_html
from livewall.stream.serializers import post_payload

from ..factories import PostFactory, WallFactory

pytestmark = pytest.mark.django_db


def video_post(author_name, **fields):
    return PostFactory(
        wall=WallFactory(),
        status=Post.Status.APPROVED,
        author_name=author_name,
        video_provider="youtube",
        video_id="dQw4w9WgXcQ",
        **fields,
    )


def test_the_play_button_names_who_shared_the_video():
    html = post_html(post_payload(video_post("Ceri <Jones>")), False)
    assert 'Play video<span class="visually-hidden"> shared by Ceri &lt;Jones&gt; (YouTube)</span>' in html


def test_without_a_thumbnail_the_card_is_the_placeholder():
    html = post_html(post_payload(video_post("Ana")), False)
    assert "data-placeholder>" in html and "<img" not in html
