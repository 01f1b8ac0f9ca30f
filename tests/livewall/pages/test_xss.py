"""Hostile post content shows as text on every page that renders posts and in the frames' HTML."""

import json

import pytest
from django.urls import reverse

from livewall.intake import services
from livewall.models import Post, Wall, WallEvent
from livewall.stream import catchup, publisher

from ..factories import ModeratorFactory, WallFactory, incoming_post
from ..pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]

PAYLOADS = [
    "<script>alert('wall')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "</textarea><script>alert(2)</script>",
]
RAW_MARKERS = ["<script>alert", "<img src=x", "<svg onload", 'onerror="alert']


def hostile_wall(moderation_mode=Wall.Moderation.POST):
    wall = WallFactory(moderation_mode=moderation_mode)
    for index, payload in enumerate(PAYLOADS):
        services.accept(
            wall,
            incoming_post(
                source=Post.Source.MASTODON,
                external_id=f"xss-{index}",
                text=f"Look {payload} here",
                author_name=payload,
                author_handle=f"@{payload}@example.social",
                links=["javascript:alert(1)", "https://example.org/ok?<b>=1"],
            ),
        )
    return wall


def assert_escaped(html):
    for marker in RAW_MARKERS:
        assert marker not in html
    assert "&lt;script&gt;alert(" in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("name", ["livewall:participant", "livewall:screen"])
def test_payloads_are_escaped_on_public_pages(client, name):
    wall = hostile_wall()
    html = client.get(reverse(name, args=[wall.slug])).content.decode()
    assert "Look &lt;script&gt;alert(&#x27;wall&#x27;)&lt;/script&gt; here" in html
    assert_escaped(html)


def test_contribution_with_html_shows_as_text(client):
    wall = WallFactory(moderation_mode=Wall.Moderation.POST)
    client.post(reverse("livewall:contribute", args=[wall.slug]), {"text": PAYLOADS[1], "author_name": PAYLOADS[0]})
    html = client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert_escaped(html)


def test_error_page_re_renders_hostile_input_escaped(client):
    wall = WallFactory()
    response = client.post(reverse("livewall:contribute", args=[wall.slug]), {"text": "", "author_name": PAYLOADS[3]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "</textarea><script>" not in html
    assert "&lt;/textarea&gt;&lt;script&gt;" in html


def test_payloads_are_escaped_in_the_moderation_queue(client):
    wall = hostile_wall(Wall.Moderation.PRE)
    client.force_login(ModeratorFactory())
    html = client.get(reverse("livewall_moderation:queue", args=[wall.slug])).content.decode()
    assert "Look &lt;script&gt;" in html
    assert_escaped(html)


def test_json_answer_carries_plain_text_not_html(client):
    wall = WallFactory(moderation_mode=Wall.Moderation.POST)
    response = client.post(
        reverse("livewall:contribute", args=[wall.slug]), {"text": PAYLOADS[0]}, HTTP_ACCEPT="application/json"
    )
    assert response["Content-Type"] == "application/json"
    assert response.json()["post"]["text"] == PAYLOADS[0]  # data; the browser inserts it with textContent


def test_payloads_are_escaped_in_the_frames_html(client):
    """The HTML that frames carry (static/livewall/wall/render.js inserts it as is) escapes user text
    as the pages do."""
    wall = hostile_wall()
    events = WallEvent.objects.filter(wall=wall).select_related("post", "wall").order_by("seq")
    live = [json.loads(publisher.viewer_message(event)[1]["text"])["html"] for event in events]
    caught_up = [frame["html"] for frame in catchup.catch_up(wall.pk, 0)[0]]
    snapshot = catchup.snapshot(wall.pk)["html"]
    polled = [post["html"] for post in client.get(f"/api/walls/{wall.slug}/posts/?html=1").json()["posts"]]
    assert len(live) == len(caught_up) == len(snapshot) == len(polled) == len(PAYLOADS)
    assert sorted(live) == sorted(caught_up) == sorted(snapshot) == sorted(polled)
    for html in live:
        assert "&lt;" in html
        for marker in RAW_MARKERS:
            assert marker not in html
        assert 'href="javascript:' not in html
    assert any("Look &lt;script&gt;alert(&#x27;wall&#x27;)&lt;/script&gt; here" in html for html in live)
