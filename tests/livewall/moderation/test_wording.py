"""Words for the public and for moderators, not for developers: no "HTML" on the form, no Python
True/False in the walls listing, no ids or "system" in the queue (the log's clock is in
stream/test_wall_time.py)."""

import re

import pytest
from django.urls import reverse

from livewall.models import ModerationAction, Post, Wall

from ..factories import PostFactory, SuperuserFactory, WallFactory

pytestmark = pytest.mark.django_db


def test_the_contribution_form_speaks_plainly(client):
    wall = WallFactory(contributions_open=True)
    html = client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
    assert "Web addresses you include become links." in html
    assert "HTML" not in html.split('<form class="wall-form"')[1].split("</form>")[0]


def test_the_walls_listing_says_open_or_closed_and_shows_the_address(client):
    WallFactory(title="Open wall", slug="open-wall", contributions_open=True)
    WallFactory(title="Closed wall", slug="closed-wall", contributions_open=False)
    client.force_login(SuperuserFactory())
    cells = re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", client.get(reverse("live-walls:index")).content.decode(), re.S)
    assert "Open" in cells and "Closed" in cells and "/walls/open-wall/" in cells
    assert "True" not in cells and "False" not in cells


def test_the_queue_names_videos_and_automatic_holds_plainly(client):
    wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
    PostFactory(wall=wall, status=Post.Status.PENDING, video_provider="youtube", video_id="dQw4w9WgXcQ")
    client.force_login(SuperuserFactory())
    html = client.get(reverse("livewall_moderation:queue", args=[wall.slug])).content.decode()
    assert "Video on YouTube" in html and "dQw4w9WgXcQ" not in html and "Youtube" not in html


def test_the_log_says_automatic_for_what_no_person_did(client):
    wall = WallFactory()
    post = PostFactory(wall=wall, status=Post.Status.PENDING)
    ModerationAction.objects.create(wall=wall, post=post, action=ModerationAction.Action.AUTO_QUEUE)
    client.force_login(SuperuserFactory())
    cells = re.findall(
        r"<td[^>]*>\s*(.*?)\s*</td>", client.get(reverse("live-wall-moderation-log:index")).content.decode(), re.S
    )
    assert "Automatic" in cells and "Held by blocklist" in cells
