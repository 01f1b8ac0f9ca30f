"""The questions view over the viewer socket: a snapshot (a fresh connect, or a gap too long to
replay) carries the questions lists as a fresh page opens with them, so a client rebuilds that view
from it (static/livewall/wall/questions.js) instead of keeping what changed while it was away."""

import re

import pytest
from channels.db import database_sync_to_async
from django.db import transaction
from django.test import Client
from django.urls import reverse

from livewall.intake import questions, services
from livewall.models import WallEvent
from livewall.moderation import actions
from livewall.stream import publisher
from livewall.stream.catchup import MAX_CATCH_UP

from ..factories import incoming_post
from ..sockets import connect, viewer_socket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def no_oembed(settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0


@database_sync_to_async
def ask(wall, text):
    return services.accept(wall, incoming_post(text=text, is_question=True))


@database_sync_to_async
def page_lists(wall):
    """The ids, in order, of the screen's open and answered lists on a fresh page load."""
    html = Client().get(reverse("livewall:screen", args=[wall.slug]) + "?layout=questions").content.decode()
    view = html[html.index("data-questions-view") :]
    open_list, answered = view.split('<ol class="wall-posts wall-questions__answered" data-answered>', 1)
    answered = answered[: answered.index("</ol>")]
    return ids_in(open_list), ids_in(answered)


def ids_in(html):
    return [int(found) for found in re.findall(r'<li class="wall-post[^"]*"[^>]*data-post-id="(\d+)"', html)]


@database_sync_to_async
def change_while_away(wall, moderator, hidden, answered, voted, many_times):
    """Questions hidden, answered and voted for, then more events than catch-up replays."""
    actions.hide(hidden, moderator)
    actions.answer(answered, moderator)
    for browser in ("browser-a", "browser-b"):
        questions.vote(wall, voted.pk, browser)
    with transaction.atomic():
        for _ in range(MAX_CATCH_UP + 1):
            publisher.append_event(wall, many_times, WallEvent.Kind.UPDATED)


async def test_a_snapshot_after_a_long_gap_carries_the_questions_view_of_a_fresh_page(wall, moderator):
    first, second, third, fourth = [await ask(wall, f"Question {n}?") for n in range(4)]
    socket = await connect(viewer_socket(wall.slug))
    before = await socket.receive_json_from(timeout=3)
    assert [ids_in(html)[0] for html in before["questions"]["open"]] == [first.pk, second.pk, third.pk, fourth.pk]
    assert before["questions"]["answered"] == []
    await socket.disconnect()

    await change_while_away(wall, moderator, hidden=first, answered=second, voted=fourth, many_times=third)
    socket = await connect(viewer_socket(wall.slug, query=f"after={before['seq']}"))
    frame = await socket.receive_json_from(timeout=5)
    assert frame["type"] == "snapshot"  # too many missed events to replay
    open_ids = [ids_in(html)[0] for html in frame["questions"]["open"]]
    answered_ids = [ids_in(html)[0] for html in frame["questions"]["answered"]]
    assert (open_ids, answered_ids) == ([fourth.pk, third.pk], [second.pk])
    assert (open_ids, answered_ids) == await page_lists(wall)
    # The same fragments as the page's: the votes counted, no vote button on the answered one.
    assert 'data-votes="2"' in frame["questions"]["open"][0]
    assert "data-vote=" not in frame["questions"]["answered"][0]
    await socket.disconnect()
