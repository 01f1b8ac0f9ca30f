"""One renderer for a moderation queue row: the row a moderator's socket brings for a new post is
the queue page's row for it (stream.render.moderation_row_html), apart from the per-request CSRF
token and "next" address the page fills in. No placeholder ids, no missing room/remote label."""

import re

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from livewall.intake import services
from livewall.models import Post, Wall

from ..factories import ModeratorFactory, WallFactory, incoming_post
from ..sockets import connect, moderator_socket

pytestmark = pytest.mark.django_db(transaction=True)


def page_row(html, post_id):
    match = re.search(rf'<li class="moderation-post" data-post-id="{post_id}".*?</li>', html, re.S)
    assert match, f"post {post_id} is not in the queue"
    return match.group(0)


def without_request_fields(row):
    row = re.sub(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">', "", row)
    return re.sub(r'<input type="hidden" name="next" value="[^"]*">', "", row)


@database_sync_to_async
def queue_page(wall, moderator):
    client = Client()
    client.force_login(moderator)
    response = client.get(reverse("livewall_moderation:queue", args=[wall.slug]))
    assert response.status_code == 200
    return response.content.decode()


async def test_a_live_row_is_the_row_the_page_renders():
    wall = await database_sync_to_async(WallFactory)(moderation_mode=Wall.Moderation.PRE)
    moderator = await database_sync_to_async(ModeratorFactory)()
    socket = await connect(await moderator_socket(wall.slug, moderator))
    await socket.send_json_to({"type": "ping"})  # answered once the socket has joined the wall's group
    assert (await socket.receive_json_from(timeout=3))["type"] == "pong"
    post = await database_sync_to_async(services.accept)(
        wall, incoming_post(text="From the back row", author_name="Ana", attending=Post.Attending.IN_ROOM)
    )
    frame = await socket.receive_json_from(timeout=3)
    assert frame["type"] == "post" and frame["post"]["id"] == post.pk
    live = frame["html"]
    assert "Select post from Ana: From the back row" in live and "999999999" not in live
    assert "In the room" in live
    page = page_row(await queue_page(wall, moderator), post.pk)
    assert 'name="csrfmiddlewaretoken"' in page  # the page's forms work without JavaScript
    assert without_request_fields(live) == without_request_fields(page)
    await socket.disconnect()
