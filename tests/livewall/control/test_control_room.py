"""The control room: kill switch, banner and layout change the wall in one transaction, reach open
viewer sockets (real ASGI app, the configured channel layer) and survive a reconnect; the admin
pages, both ways for every role; the big screen page opens with the state, escaped."""

import json

import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.urls import reverse

from livewall.intake.video_links import parse_video_link
from livewall.models import Wall
from livewall.moderation import control
from livewall.stream.groups import WALL_SCREEN, wall_group

from ..factories import ModeratorFactory, SuperuserFactory, UserFactory, WallFactory, approved_post
from ..layer import GroupListener
from ..sockets import connect, viewer_socket
from ..test_permissions import admin_editor

STREAM = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def room_url(wall, name="room"):
    return reverse(f"livewall_control:{name}", args=[wall.slug])


def change_posts(wall):
    """(url, data, what the wall looks like after) for every control-room POST."""
    return [
        (room_url(wall, "kill_switch"), {"blanked": "1"}, {"screen_blanked": True}),
        (room_url(wall, "banner"), {"banner": "Lunch until 13:30"}, {"screen_banner": "Lunch until 13:30"}),
        (room_url(wall, "layout"), {"layout": "single"}, {"screen_layout": "single"}),
    ]


@pytest.mark.django_db
class TestActions:
    def test_each_change_moves_the_version_on_and_is_saved(self):
        wall, moderator = WallFactory(), ModeratorFactory()
        control.blank(wall, moderator, True)
        control.set_banner(wall, moderator, "  Lunch   until 13:30 ")
        control.set_layout(wall, moderator, "ticker", stream=(control_video(), STREAM))
        wall.refresh_from_db()
        assert (wall.screen_version, wall.screen_blanked, wall.screen_banner) == (3, True, "Lunch until 13:30")
        assert (wall.screen_layout, wall.stream_provider, wall.stream_video_id) == ("ticker", "youtube", "dQw4w9WgXcQ")

    def test_refused_without_the_moderation_permission(self):
        wall = WallFactory()
        for user in (None, UserFactory(), admin_editor()):
            with pytest.raises(PermissionDenied):
                control.blank(wall, user, True)
        wall.refresh_from_db()
        assert (wall.screen_blanked, wall.screen_version) == (False, 0)

    def test_unknown_layout_is_refused(self):
        with pytest.raises(ValueError):
            control.set_layout(WallFactory(), ModeratorFactory(), "cinema")

    def test_broadcast_waits_for_the_commit(self, django_capture_on_commit_callbacks):
        wall, moderator = WallFactory(), ModeratorFactory()
        with django_capture_on_commit_callbacks() as callbacks:
            control.set_banner(wall, moderator, "Soon")
        assert len(callbacks) == 1


def control_video():
    return parse_video_link(STREAM)


@pytest.mark.django_db(transaction=True)
class TestSockets:
    async def test_a_change_reaches_the_layer_group_once_committed(self, wall, moderator):
        listener = await GroupListener.join(wall_group(wall.slug))
        await database_sync_to_async(control.blank)(wall, moderator, True)
        message = await listener.receive()
        assert message["type"] == WALL_SCREEN
        frame = json.loads(message["text"])
        assert frame == {
            "type": "screen",
            "version": 1,
            "layout": "grid",
            "blanked": True,
            "banner": "",
            "holding_message": wall.holding_text,
            "stream_embed": "",
        }

    async def test_open_sockets_get_every_change_and_a_reconnect_gets_the_state(self, wall, moderator):
        await database_sync_to_async(approved_post)(wall, text="on the wall")
        first, second = await connect(viewer_socket(wall.slug)), await connect(viewer_socket(wall.slug))
        for socket in (first, second):
            assert (await socket.receive_json_from(timeout=3))["type"] == "snapshot"
            assert await socket.receive_nothing(timeout=0.2)  # version 0: the page has the state
        await database_sync_to_async(control.blank)(wall, moderator, True)
        await database_sync_to_async(control.set_banner)(wall, moderator, "Lunch until 13:30")
        await database_sync_to_async(control.set_layout)(wall, moderator, "single")
        for socket in (first, second):
            frames = [await socket.receive_json_from(timeout=3) for _ in range(3)]
            assert [f["version"] for f in frames] == [1, 2, 3]
            assert frames[-1]["blanked"] and frames[-1]["banner"] == "Lunch until 13:30"
            assert frames[-1]["layout"] == "single"
        await first.disconnect()
        # A screen coming back with its cursor: the catch-up (nothing) then the current state.
        again = await connect(viewer_socket(wall.slug, query=f"after={wall.last_seq}"))
        frame = await again.receive_json_from(timeout=3)
        assert (frame["type"], frame["version"], frame["blanked"], frame["layout"]) == ("screen", 3, True, "single")
        await database_sync_to_async(control.blank)(wall, moderator, False)
        for socket in (second, again):
            frame = await socket.receive_json_from(timeout=3)
            assert (frame["version"], frame["blanked"], frame["banner"]) == (4, False, "Lunch until 13:30")
        # A fresh screen: the snapshot first, the state right after it.
        fresh = await connect(viewer_socket(wall.slug))
        assert (await fresh.receive_json_from(timeout=3))["type"] == "snapshot"
        assert (await fresh.receive_json_from(timeout=3))["version"] == 4
        for socket in (second, again, fresh):
            await socket.disconnect()

    async def test_a_change_whose_broadcast_was_lost_reaches_screens_by_the_relays_check(self, wall, settings):
        settings.LIVEWALL_RELAY_SWEEP_SECONDS = 0.2
        socket = await connect(viewer_socket(wall.slug))
        assert (await socket.receive_json_from(timeout=3))["type"] == "snapshot"
        # Saved, never published: as if Redis were down at the commit.
        await database_sync_to_async(Wall.objects.filter(pk=wall.pk).update)(
            screen_blanked=True, screen_version=F("screen_version") + 1
        )
        frame = await socket.receive_json_from(timeout=3)
        assert (frame["type"], frame["version"], frame["blanked"]) == ("screen", 1, True)
        assert await socket.receive_nothing(timeout=0.6)  # told once, not at every check
        await socket.disconnect()


@pytest.mark.django_db
class TestAdmin:
    @pytest.mark.parametrize("factory", [ModeratorFactory, SuperuserFactory])
    def test_moderators_see_the_room_and_change_every_screen(self, client, factory):
        wall = WallFactory()
        client.force_login(factory())
        assert client.get(room_url(wall)).status_code == 200
        for url, data, after in change_posts(wall):
            response = client.post(url, data)
            assert response.status_code == 302, url
            assert response["Location"] == room_url(wall)
            wall.refresh_from_db()
            assert {field: getattr(wall, field) for field in after} == after
        assert wall.screen_version == 3
        html = client.get(room_url(wall)).content.decode()
        assert "Bring the wall back" in html and "Lunch until 13:30" in html

    @pytest.mark.parametrize("who", ["anonymous", "no_admin_access", "admin_without_moderation"])
    def test_others_can_neither_see_nor_change(self, client, who):
        wall = WallFactory()
        if who == "no_admin_access":
            client.force_login(UserFactory())
        elif who == "admin_without_moderation":
            client.force_login(admin_editor())
        response = client.get(room_url(wall))
        assert response.status_code in (302, 403)
        if who == "anonymous":
            assert reverse("wagtailadmin_login") in response["Location"]
        for url, data, _ in change_posts(wall):
            assert client.post(url, data).status_code in (302, 403), url
        wall.refresh_from_db()
        assert (wall.screen_version, wall.screen_blanked, wall.screen_banner, wall.screen_layout) == (
            0,
            False,
            "",
            "grid",
        )

    def test_ticker_needs_a_video_link(self, client):
        wall = WallFactory()
        client.force_login(ModeratorFactory())
        response = client.post(room_url(wall, "layout"), {"layout": "ticker", "stream_url": "https://example.org/x"})
        assert response.status_code == 400
        assert "YouTube or Vimeo" in response.content.decode()
        assert client.post(room_url(wall, "layout"), {"layout": "ticker"}).status_code == 400
        assert client.post(room_url(wall, "layout"), {"layout": "ticker", "stream_url": STREAM}).status_code == 302
        wall.refresh_from_db()
        assert (wall.screen_layout, wall.stream_video_id, wall.stream_url) == ("ticker", "dQw4w9WgXcQ", STREAM)
        # The stream is remembered: switching back to the ticker needs no link again.
        client.post(room_url(wall, "layout"), {"layout": "grid"})
        assert client.post(room_url(wall, "layout"), {"layout": "ticker"}).status_code == 302

    def test_get_only_reads_and_posts_only_change(self, client):
        wall = WallFactory()
        client.force_login(ModeratorFactory())
        assert client.get(room_url(wall, "kill_switch")).status_code == 405
        assert client.post(room_url(wall)).status_code == 405


@pytest.mark.django_db
class TestScreenPage:
    def test_opens_with_the_state_and_escapes_the_banner(self, client):
        wall = WallFactory(title="Finding our voice")
        moderator = ModeratorFactory()
        control.set_banner(wall, moderator, "<script>alert(1)</script> Lunch")
        control.set_layout(wall, moderator, "ticker", stream=(control_video(), STREAM))
        control.blank(wall, moderator, True)
        html = client.get(reverse("livewall:screen", args=[wall.slug])).content.decode()
        assert 'data-layout="ticker"' in html and 'data-screen-version="3"' in html and " data-blanked>" in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Lunch" in html and "<script>alert" not in html
        assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
        assert "livewall/wall/control.css" in html

    def test_the_stream_loads_only_in_the_ticker_layout(self, client):
        wall, moderator = WallFactory(), ModeratorFactory()
        control.set_layout(wall, moderator, "ticker", stream=(control_video(), STREAM))
        control.set_layout(wall, moderator, "grid")
        html = client.get(reverse("livewall:screen", args=[wall.slug])).content.decode()
        assert 'data-layout="grid"' in html and "<iframe" not in html

    def test_default_state_hides_banner_and_holding_slide(self, client):
        wall = WallFactory()
        html = client.get(reverse("livewall:screen", args=[wall.slug])).content.decode()
        assert 'data-layout="grid"' in html and "data-blanked" not in html
        assert 'data-banner role="status" hidden' in html and "data-holding hidden" in html
        assert wall.screen_layout == Wall.ScreenLayout.GRID


@pytest.mark.django_db
def test_a_screen_opened_for_one_layout_keeps_it(client):
    """`?layout=questions` (a second screen for questions) pins the layout: control.js keeps it when
    the control room switches the others; without it the control room's layout applies."""
    wall = WallFactory()
    Wall.objects.filter(pk=wall.pk).update(screen_layout="single")
    pinned = client.get(reverse("livewall:screen", args=[wall.slug]) + "?layout=questions").content.decode()
    plain = client.get(reverse("livewall:screen", args=[wall.slug])).content.decode()
    assert 'data-layout="questions"' in pinned and "data-layout-pinned" in pinned
    assert 'data-layout="single"' in plain and "data-layout-pinned" not in plain
