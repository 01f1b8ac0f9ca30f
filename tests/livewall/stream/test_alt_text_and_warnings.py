"""Image descriptions and content warnings, whatever the post came from: stored with the post,
rendered by the one post renderer (alt text on the image; a warned post collapsed behind its
warning, the big screen showing only the warning) and shown to moderators."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from livewall.intake import services
from livewall.models import Post
from livewall.stream import render, serializers

from ..factories import ModeratorFactory, WallFactory, approved_post, incoming_post
from ..pages_support import (
    image_bytes,
    unique_rate_limits,  # noqa: F401 - fixture
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]

PHOTO = "https://files.example.org/media/photo.jpg"


def stored_copy():
    """The portal's copy of the platform's picture (intake.platform_images fetches it in real life)."""
    return upload(image_bytes())


def html_of(post):
    return render.post_html(serializers.post_payload(post), show_source_icons=True)


def image_tag(html):
    match = re.search(r'<img class="wall-post__image"[^>]*>', html)
    assert match, html
    return match.group(0)


def test_the_image_description_is_the_images_alt_text_and_is_escaped():
    wall = WallFactory(moderation_mode="post")
    post = approved_post(
        wall,
        source=Post.Source.MASTODON,
        external_id="1",
        image_url=PHOTO,
        image=stored_copy(),
        image_alt='Two volunteers "planting" <trees> by the library',
    )
    assert post.image_alt == 'Two volunteers "planting" <trees> by the library'
    assert 'alt="Two volunteers &quot;planting&quot; &lt;trees&gt; by the library"' in image_tag(html_of(post))
    assert serializers.post_payload(post)["image_alt"] == post.image_alt


def test_an_image_without_description_is_decorative_not_guessed():
    wall = WallFactory(moderation_mode="post")
    post = approved_post(
        wall, source=Post.Source.MASTODON, external_id="2", image_url=PHOTO, image=stored_copy(), author_name="Ann"
    )
    tag = image_tag(html_of(post))
    assert 'alt=""' in tag
    assert "Ann" not in tag


def test_a_warned_post_is_collapsed_behind_its_warning():
    wall = WallFactory(moderation_mode="post", allow_content_warnings=True)
    post = approved_post(
        wall,
        source=Post.Source.MASTODON,
        external_id="3",
        text="Details of the flood damage",
        image_url=PHOTO,
        image=stored_copy(),
        content_warning="Flooding <photos>",
    )
    assert post.content_warning == "Flooding <photos>"
    html = html_of(post)
    details = re.search(r"<details class=\"wall-post__warning\">(.*?)</details>", html, re.S)
    assert details, html
    summary = re.search(r"<summary>(.*?)</summary>", details.group(1), re.S).group(1)
    assert "Flooding &lt;photos&gt;" in summary
    assert "Show post" in summary
    # The text and the image are inside the collapsed part, not before or after it.
    assert "Details of the flood damage" in details.group(1)
    assert "wall-post__image" in details.group(1)
    assert "Details of the flood damage" not in html.replace(details.group(0), "")


def test_a_post_without_warning_is_not_wrapped():
    wall = WallFactory(moderation_mode="post")
    post = approved_post(wall, text="Plain news")
    assert "<details" not in html_of(post)


def test_the_screen_hides_everything_but_the_warning(client):
    wall = WallFactory(moderation_mode="post", allow_content_warnings=True)
    approved_post(wall, source=Post.Source.MASTODON, external_id="4", content_warning="Spoilers")
    page = client.get(reverse("livewall:screen", args=[wall.slug]))
    assert page.status_code == 200
    assert "Content warning:</span> Spoilers" in page.content.decode()
    css_text = Path(finders.find("livewall/wall.css")).read_text()
    assert re.search(r"\.wall-screen \.wall-post__warning > :not\(summary\) \{ display: none", css_text)


def test_a_wall_without_content_warnings_still_skips_warned_posts():
    wall = WallFactory(moderation_mode="post", allow_content_warnings=False)
    from livewall.sources.filters import rejection

    assert rejection(wall, incoming_post(source=Post.Source.MASTODON, content_warning="Spoilers")) == "content warning"


class TestModerationCard:
    @pytest.fixture
    def moderator_client(self, client):
        client.force_login(ModeratorFactory())
        return client

    def queue(self, client, wall):
        response = client.get(reverse("livewall_moderation:queue", args=[wall.slug]))
        assert response.status_code == 200
        return response.content.decode()

    def test_an_image_without_description_is_flagged(self, moderator_client):
        wall = WallFactory(moderation_mode="pre")
        services.accept(wall, incoming_post(source=Post.Source.MASTODON, external_id="5", image_url=PHOTO))
        assert "No image description" in self.queue(moderator_client, wall)

    def test_a_described_image_shows_its_description_and_the_warning(self, moderator_client):
        wall = WallFactory(moderation_mode="pre", allow_content_warnings=True)
        services.accept(
            wall,
            incoming_post(
                source=Post.Source.MASTODON,
                external_id="6",
                image_url=PHOTO,
                image_alt="A map of the ward",
                content_warning="Politics",
            ),
        )
        html = self.queue(moderator_client, wall)
        assert "Image description: A map of the ward" in html
        assert "Content warning: Politics" in html
        # The one visible card (the <template> copy for live arrivals has no image).
        assert html.count("No image description") == 0
