"""A post's labels in each viewer's language: a Welsh page's socket gets "Yn yr ystafell" where an
English one gets "In the room", for the same post, live, in its first snapshot and in a catch-up by
cursor; the page under /cy/ shows the same fragment as its socket (one renderer, per language)."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from livewall.intake import services
from livewall.models import Post
from livewall.stream.relay import WallRelay

from ..factories import incoming_post
from ..sockets import connect, viewer_socket

pytestmark = pytest.mark.django_db(transaction=True)

accept = database_sync_to_async(services.accept)
IN_ROOM = {"en": "In the room", "cy": "Yn yr ystafell", "ar": "في القاعة"}


@pytest.fixture(autouse=True)
def no_oembed(settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0


async def next_of_type(socket, kind):
    """The next frame of `kind`, past watcher counts and screen state."""
    while True:
        frame = await socket.receive_json_from(timeout=3)
        if frame["type"] == kind:
            return frame


async def in_the_room(wall, text):
    return await accept(wall, incoming_post(text=text, attending=Post.Attending.IN_ROOM))


async def test_the_same_post_reaches_each_viewer_with_labels_in_their_page_s_language(wall):
    sockets = {}
    for language in ("en", "cy", "ar"):
        sockets[language] = await connect(viewer_socket(wall.slug, f"where=room&lang={language}"))
        await next_of_type(sockets[language], "snapshot")
    assert WallRelay.local_viewers(wall.slug) == 3  # counted across the languages' relays

    created = await in_the_room(wall, "Diolch am y sesiwn")
    frames = {language: await next_of_type(socket, "event") for language, socket in sockets.items()}
    for language, frame in frames.items():
        assert frame["seq"] == 1 and frame["post"]["id"] == created.pk
        assert IN_ROOM[language] in frame["html"], (language, frame["html"])
        for other in set(IN_ROOM) - {language}:
            assert IN_ROOM[other] not in frame["html"]
    # The data is the same for everyone; only the interface words differ.
    assert frames["en"]["post"] == frames["cy"]["post"] == frames["ar"]["post"]
    assert "Diolch am y sesiwn" in frames["cy"]["html"] and "Diolch am y sesiwn" in frames["en"]["html"]
    for socket in sockets.values():
        await socket.disconnect()


async def test_a_welsh_viewer_s_snapshot_and_catch_up_are_in_welsh(wall):
    await in_the_room(wall, "first")
    socket = await connect(viewer_socket(wall.slug, "lang=cy"))
    snapshot = await next_of_type(socket, "snapshot")
    assert IN_ROOM["cy"] in snapshot["html"][0]
    await socket.disconnect()

    await in_the_room(wall, "second")
    socket = await connect(viewer_socket(wall.slug, "after=1&lang=cy"))  # catch-up by cursor
    event = await next_of_type(socket, "event")
    assert (event["type"], event["seq"]) == ("event", 2)
    assert IN_ROOM["cy"] in event["html"]
    await socket.disconnect()


@pytest.mark.parametrize("value", ["xx", "<script>", "cy-GB", "", "en%00"])
async def test_a_language_not_offered_gets_the_site_s(wall, value):
    await in_the_room(wall, "hello")
    socket = await connect(viewer_socket(wall.slug, f"lang={value}"))
    snapshot = await next_of_type(socket, "snapshot")
    assert IN_ROOM["en"] in snapshot["html"][0]
    await socket.disconnect()


async def test_the_welsh_page_shows_the_fragment_its_socket_sends(wall, settings):
    settings.LIVEWALL_FIRST_PAGE_CACHE_SECONDS = 0
    await in_the_room(wall, "same bytes")
    html = (await database_sync_to_async(Client().get)(f"/cy/walls/{wall.slug}/")).content.decode()
    socket = await connect(viewer_socket(wall.slug, "lang=cy"))
    fragment = (await next_of_type(socket, "snapshot"))["html"][0]
    await socket.disconnect()
    assert IN_ROOM["cy"] in fragment
    assert fragment in html
    # And the English page keeps its English fragment.
    english = (await database_sync_to_async(Client().get)(f"/walls/{wall.slug}/")).content.decode()
    assert IN_ROOM["cy"] not in english
