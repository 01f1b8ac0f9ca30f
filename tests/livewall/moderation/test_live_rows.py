"""One renderer for a moderation queue row: the row a moderator's socket brings for a new post is
the queue page's row for it (stream.render.moderation_row_html), apart from the per-request CSRF
token and "next" address the page fills in. No placeholder ids, no missing room/remote label; an
approved question's "Send to a discussion" link (livewall.hub_link) whichever way its row came, and
the row's "Last:" line once it was sent."""

import re

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from livewall import hub_link
from livewall.intake import services
from livewall.models import Post, Wall

from ...hub.factories import DiscussionPageFactory, HubIndexPageFactory, admin_group, member_of
from ..factories import ModeratorFactory, WallFactory, incoming_post, moderators_group
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


@database_sync_to_async
def approved_queue_page(wall, moderator):
    client = Client()
    client.force_login(moderator)
    response = client.get(reverse("livewall_moderation:queue", args=[wall.slug]) + "?status=approved")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("mode", [Wall.Moderation.POST, Wall.Moderation.PRE])
async def test_a_live_question_row_offers_send_to_a_discussion_as_the_page_does(mode):
    """Arriving approved (post-moderation), or approved live over the socket (pre-moderation): the
    row the socket brings has the page's "Send to a discussion" link."""
    wall = await database_sync_to_async(WallFactory)(moderation_mode=mode)
    moderator = await database_sync_to_async(ModeratorFactory)()
    socket = await connect(await moderator_socket(wall.slug, moderator))
    await socket.send_json_to({"type": "ping"})
    assert (await socket.receive_json_from(timeout=3))["type"] == "pong"
    question = await database_sync_to_async(services.accept)(
        wall, incoming_post(text="Who decides?", is_question=True, attending=Post.Attending.REMOTE)
    )
    frame = await socket.receive_json_from(timeout=3)
    assert frame["post"]["id"] == question.pk
    send_url = reverse("livewall_moderation:send_to_discussion", args=[wall.slug, question.pk])
    if mode == Wall.Moderation.PRE:
        assert send_url not in frame["html"]  # not before it is approved
        await socket.send_json_to({"type": "moderate", "action": "approve", "post": question.pk})
        frames = [await socket.receive_json_from(timeout=3) for _ in range(2)]
        frame = next(f for f in frames if f["type"] == "post")
    live = frame["html"]
    page = page_row(await approved_queue_page(wall, moderator), question.pk)
    assert f'href="{send_url}"' in page
    assert without_request_fields(live) == without_request_fields(page)
    await socket.disconnect()


async def test_sending_a_question_to_a_discussion_updates_the_live_row_as_the_page_shows_it(home):
    """The row says the question went to the discussion (its last action), live as after a reload."""

    @database_sync_to_async
    def arrange():
        wall = WallFactory(moderation_mode=Wall.Moderation.POST)
        hub_moderators = admin_group("Riverside Voluntary Action")
        index = HubIndexPageFactory(parent=home)
        discussion = DiscussionPageFactory(
            parent=index, moderating_group=hub_moderators, officials_group=admin_group("Officials")
        )
        both = member_of(hub_moderators)
        both.groups.add(moderators_group())
        question = services.accept(wall, incoming_post(text="Who decides?", is_question=True))
        return wall, discussion, both, question

    wall, discussion, both, question = await arrange()
    socket = await connect(await moderator_socket(wall.slug, both))
    await socket.send_json_to({"type": "ping"})
    assert (await socket.receive_json_from(timeout=3))["type"] == "pong"
    await database_sync_to_async(hub_link.send_question)(question, discussion, both)
    frame = await socket.receive_json_from(timeout=3)
    assert (frame["type"], frame["post"]["id"]) == ("post", question.pk)
    live = frame["html"]
    assert f"(to {discussion.title})" in live
    page = page_row(await approved_queue_page(wall, both), question.pk)
    assert without_request_fields(live) == without_request_fields(page)
    await socket.disconnect()
