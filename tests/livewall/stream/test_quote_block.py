"""A quoted post (a Bluesky quote) travels with the post: cleaned on the way in, sent as plain data,
rendered by the one post renderer as a small, escaped quote block."""

import re

import pytest
from django.urls import reverse

from livewall.intake import services
from livewall.models import Post
from livewall.stream import render, serializers

from ..factories import ModeratorFactory, WallFactory, approved_post, incoming_post
from ..pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]

QUOTE = {
    "author_name": "Amira <Speaker>",
    "author_handle": "@amira.bsky.social",
    "text": 'Slides: https://westshire.example/slides\n\n\n\nbring "questions" <b>now</b>\u202e',
    "permalink": "https://bsky.app/profile/amira.bsky.social/post/3lbquoted01",
}


def html_of(post):
    return render.post_html(serializers.post_payload(post), show_source_icons=True)


def quote_block(html):
    match = re.search(r'<blockquote class="wall-post__quote"[^>]*>.*?</blockquote>', html, re.S)
    assert match, html
    return match.group(0)


def test_a_quoted_post_is_stored_cleaned_sent_and_rendered_escaped():
    wall = WallFactory(moderation_mode="post")
    post = approved_post(wall, source=Post.Source.BLUESKY, external_id="at://q/1", text="Yes!", quote=QUOTE)
    post.refresh_from_db()
    assert post.quote == {
        "author_name": "Amira <Speaker>",
        "author_handle": "@amira.bsky.social",
        # Control and bidi-override characters gone, blank-line runs collapsed, as for any post text.
        "text": 'Slides: https://westshire.example/slides\n\nbring "questions" <b>now</b>',
        "permalink": "https://bsky.app/profile/amira.bsky.social/post/3lbquoted01",
    }
    assert serializers.post_payload(post)["quote"] == post.quote
    block = quote_block(html_of(post))
    assert "bring &quot;questions&quot; &lt;b&gt;now&lt;/b&gt;" in block
    assert "<b>" not in block
    cite = re.search(r"<cite[^>]*>(.*?)</cite>", block, re.S).group(1)
    assert "Amira &lt;Speaker&gt;" in cite and "@amira.bsky.social" in cite
    assert 'cite="https://bsky.app/profile/amira.bsky.social/post/3lbquoted01"' in block


def test_a_quote_with_an_unsafe_link_keeps_its_text_but_not_the_link():
    wall = WallFactory(moderation_mode="post")
    post = approved_post(
        wall,
        source=Post.Source.BLUESKY,
        external_id="at://q/2",
        text="Look",
        quote={**QUOTE, "permalink": "javascript:alert(1)", "extra": "dropped"},
    )
    post.refresh_from_db()
    assert post.quote["permalink"] == "" and "extra" not in post.quote
    assert "javascript" not in quote_block(html_of(post))


def test_a_post_without_a_quote_has_no_quote_block():
    wall = WallFactory(moderation_mode="post")
    post = approved_post(wall, source=Post.Source.BLUESKY, external_id="at://q/3", text="Plain")
    assert post.quote == {}
    assert serializers.post_payload(post)["quote"] is None
    assert "wall-post__quote" not in html_of(post)


def test_a_quote_without_text_or_author_is_not_kept():
    wall = WallFactory(moderation_mode="post")
    post = approved_post(
        wall, source=Post.Source.BLUESKY, external_id="at://q/4", text="Hm", quote={"text": "\u200b", "author_name": ""}
    )
    assert post.quote == {}


def test_moderators_see_the_quote_they_approve(client):
    client.force_login(ModeratorFactory())
    wall = WallFactory(moderation_mode="pre")
    services.accept(wall, incoming_post(source=Post.Source.BLUESKY, external_id="at://q/5", text="Yes", quote=QUOTE))
    response = client.get(reverse("livewall_moderation:queue", args=[wall.slug]))
    html = response.content.decode()
    line = re.search(r'<p class="moderation-post__extra" data-field="quote">(.*?)</p>', html, re.S)
    assert line, html
    assert "Quoting Amira &lt;Speaker&gt; @amira.bsky.social:" in line.group(1)
    assert "&lt;b&gt;now&lt;/b&gt;" in line.group(1)
