"""One renderer for a post: the HTML of a post on the participant page and the big screen is, byte
for byte, the `html` of the frames a viewer socket gets for it (live event, catch-up from the relay's
memory or from the database, snapshot) and of the polling fallback's API answer."""

import re

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from livewall.intake import services
from livewall.models import Post, Wall
from livewall.moderation import actions
from livewall.stream import catchup

from ..factories import ModeratorFactory, WallFactory, incoming_post
from ..sockets import connect, viewer_socket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def no_oembed(settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0


def fragment(html, post_id):
    """The <li> of one post in a page (its own links list has <li>s too: end at its </article>)."""
    match = re.search(rf'<li class="wall-post[^"]*" data-post-id="{post_id}"[^>]*>.*?</article>\s*</li>', html, re.S)
    assert match, f"post {post_id} is not on the page"
    return match.group(0)


@database_sync_to_async
def page_fragments(wall, post_id):
    client = Client()
    # The English pages, whatever language an earlier test left active in this thread (reverse
    # writes the active language's prefix, and a Welsh page's posts carry Welsh labels).
    with translation.override(settings.LANGUAGE_CODE):
        paths = [reverse(name, args=[wall.slug]) for name in ("livewall:participant", "livewall:screen")]
    pages = [client.get(path) for path in paths]
    assert all(page.status_code == 200 for page in pages)
    return [fragment(page.content.decode(), post_id) for page in pages]


@database_sync_to_async
def rich_post(wall):
    return services.accept(
        wall,
        incoming_post(
            source=Post.Source.MASTODON,
            external_id="rich-1",
            text="Two lines\nand <b>markup</b> & a video",
            author_name="Ceri <Jones>",
            author_handle="@ceri@example.social",
            links=[
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "javascript:alert(1)",
                "https://example.org/?a=1&b=2",
            ],
            image_url="https://example.org/photo.jpg",
            image_alt="The <hall> at night",
            attending=Post.Attending.IN_ROOM,
            language="ar",
        ),
    )


@pytest.mark.parametrize("show_source_icons", [True, False])
async def test_the_page_and_every_frame_carry_the_same_html_for_a_post(show_source_icons):
    wall = await database_sync_to_async(WallFactory)(
        moderation_mode=Wall.Moderation.POST, show_source_icons=show_source_icons
    )
    moderator = await database_sync_to_async(ModeratorFactory)()
    viewer = await connect(viewer_socket(wall.slug))
    assert (await viewer.receive_json_from(timeout=3))["type"] == "snapshot"

    post = await rich_post(wall)
    published = await viewer.receive_json_from(timeout=3)
    assert (published["kind"], published["post"]["id"]) == ("published", post.pk)
    participant, screen = await page_fragments(wall, post.pk)
    assert published["html"] == participant == screen
    assert ("wall-post__source" in published["html"]) is show_source_icons
    assert "&lt;b&gt;markup&lt;/b&gt;" in published["html"] and "<b>" not in published["html"]
    assert 'href="javascript:' not in published["html"]
    assert 'class="wall-video"' in published["html"]
    # The platform's picture is not the portal's yet (tests fetch nothing): its description as text.
    assert "Picture: The &lt;hall&gt; at night" in published["html"]
    assert "example.org/photo.jpg" not in published["html"]
    # Its own words are marked with its language and direction (the header's words are the page's).
    assert '<p class="wall-post__text" lang="ar" dir="rtl">' in published["html"]
    assert published["post"]["language"] == "ar"

    await database_sync_to_async(actions.pin)(post, moderator)
    pinned = await viewer.receive_json_from(timeout=3)
    assert pinned["kind"] == "updated" and 'class="wall-post is-pinned"' in pinned["html"]
    participant, screen = await page_fragments(wall, post.pk)
    assert pinned["html"] == participant == screen

    # Catch-up from the relay's memory (the first viewer keeps the relay alive): both events, each
    # re-rendered with the post's current (pinned) state, as the database's catch-up renders them.
    back = await connect(viewer_socket(wall.slug, query="after=0"))
    replay = [await back.receive_json_from(timeout=3) for _ in range(2)]
    frames, _ = await database_sync_to_async(catchup.catch_up)(wall.pk, 0)
    assert [frame["html"] for frame in replay] == [frame["html"] for frame in frames] == [participant, participant]

    # A fresh snapshot, and the polling fallback's answer.
    fresh = await connect(viewer_socket(wall.slug))
    snapshot = await fresh.receive_json_from(timeout=3)
    assert snapshot["html"] == [participant]
    assert [p["id"] for p in snapshot["posts"]] == [post.pk]
    api = await database_sync_to_async(Client().get)(
        reverse("livewall_api:api_posts", args=[wall.slug]), {"after": 0, "html": 1}
    )
    assert [item["html"] for item in api.json()["posts"]] == [participant]

    await database_sync_to_async(actions.hide)(post, moderator)
    removed = await viewer.receive_json_from(timeout=3)
    assert "html" not in removed and removed["post"] == {"id": post.pk, "removed": True}
    for socket in (viewer, back, fresh):
        await socket.disconnect()


def test_the_api_is_plain_data_unless_html_is_asked_for(client):
    wall = WallFactory()
    services.accept(wall, incoming_post(text="plain"))
    for count in range(3):
        services.accept(wall, incoming_post(text=f"more {count}"))
    url = reverse("livewall_api:api_posts", args=[wall.slug])
    assert all("html" not in item for item in client.get(url).json()["posts"])
    first = client.get(url, {"limit": 2, "html": 1}).json()
    assert all(item["html"].startswith('<li class="wall-post"') for item in first["posts"])
    assert "html=1" in first["next"]
