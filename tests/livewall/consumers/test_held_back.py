"""The participant page's "posts not shown by the moderators" count, live over the viewer socket:
a held_back frame whenever moderation changes it (rejecting a post viewers never saw included),
only the number, never the post."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from livewall.intake import services
from livewall.models import Wall
from livewall.moderation import actions

from ..factories import WallFactory, incoming_post
from ..sockets import connect, viewer_socket

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "A post the moderators will not show"


@pytest.fixture(autouse=True)
def no_oembed(settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0


def act(action):
    return database_sync_to_async(getattr(actions, action))


@database_sync_to_async
def pre_moderated_wall():
    return WallFactory(moderation_mode=Wall.Moderation.PRE)


@database_sync_to_async
def contribute(wall, text):
    return services.accept(wall, incoming_post(text=text))


@database_sync_to_async
def page_count(wall):
    html = Client().get(reverse("livewall:participant", args=[wall.slug])).content.decode()
    start = html.index("data-held-back-count>") + len("data-held-back-count>")
    return int(html[start : html.index("<", start)])


async def test_the_held_back_count_follows_moderation_live(moderator):
    wall = await pre_moderated_wall()
    pending = await contribute(wall, SECRET)
    shown = await contribute(wall, "Shown, then hidden")
    await act("approve")(shown, moderator)
    socket = await connect(viewer_socket(wall.slug))
    assert (await socket.receive_json_from(timeout=3))["type"] == "snapshot"
    assert await page_count(wall) == 0

    # Rejecting a post viewers never saw causes no viewer event, but the count moves.
    await act("reject")(pending, moderator)
    frame = await socket.receive_json_from(timeout=3)
    assert frame == {"type": "held_back", "count": 1}
    assert await page_count(wall) == 1

    await act("hide")(shown, moderator)
    removed = await socket.receive_json_from(timeout=3)
    assert (removed["type"], removed["kind"]) == ("event", "removed")
    assert await socket.receive_json_from(timeout=3) == {"type": "held_back", "count": 2}

    # Shown again: one fewer held back.
    await act("approve")(shown, moderator)
    assert (await socket.receive_json_from(timeout=3))["kind"] == "published"
    assert await socket.receive_json_from(timeout=3) == {"type": "held_back", "count": 1}
    assert await page_count(wall) == 1

    # A pin changes nothing held back: no count frame follows its event.
    await act("pin")(shown, moderator)
    assert (await socket.receive_json_from(timeout=3))["kind"] == "updated"
    assert await socket.receive_nothing(timeout=0.5)

    # A socket that connects now gets the latest count after its snapshot.
    late = await connect(viewer_socket(wall.slug))
    snapshot = await late.receive_output(timeout=3)
    assert SECRET not in snapshot["text"]
    assert await late.receive_json_from(timeout=3) == {"type": "held_back", "count": 1}
    await late.disconnect()
    await socket.disconnect()
