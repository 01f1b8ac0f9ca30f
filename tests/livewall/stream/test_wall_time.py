"""One clock: every live-wall time is "15:40" in the event's zone (TIME_ZONE), whatever zone a
request or an admin user has activated: posts on the pages and in frames, the moderation queue's
rows and the moderation log."""

from datetime import UTC, datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from livewall.models import ModerationAction, Post
from livewall.moderation import actions
from livewall.stream.render import post_html, wall_date_time, wall_time
from livewall.stream.serializers import post_payload

from ..factories import ModeratorFactory, PostFactory, WallFactory

# 15:40 in London in summer (BST), 10:40 in New York: a format or zone slip shows.
SUMMER = datetime(2026, 7, 1, 14, 40, tzinfo=UTC)


@override_settings(TIME_ZONE="Europe/London")
def test_wall_time_is_24_hour_in_the_event_zone_whatever_zone_is_active():
    with timezone.override("America/New_York"):
        assert wall_time(SUMMER) == "15:40"
        assert wall_time(SUMMER.isoformat()) == "15:40"
        assert wall_date_time(SUMMER) == "1 Jul 2026, 15:40"
    assert wall_time("not a time") == "" and wall_time(None) == ""


@pytest.mark.django_db
@override_settings(TIME_ZONE="Europe/London")
def test_a_post_fragment_is_stamped_in_the_event_zone():
    post = PostFactory(wall=WallFactory(), status=Post.Status.APPROVED, created_at=SUMMER)
    with timezone.override("America/New_York"):
        html = post_html(post_payload(post), False)
    assert f'<time datetime="{SUMMER.isoformat()}">15:40</time>' in html


@pytest.mark.django_db
@override_settings(TIME_ZONE="Europe/London")
def test_the_queue_and_the_log_use_the_same_clock(client):
    moderator = ModeratorFactory()
    wall = WallFactory()
    post = PostFactory(wall=wall, status=Post.Status.PENDING, text="time me")
    actions.approve(post, moderator)
    ModerationAction.objects.filter(post=post).update(created_at=SUMMER)
    client.force_login(moderator)
    with timezone.override("America/New_York"):
        queue = client.get(reverse("livewall_moderation:queue", args=[wall.slug]) + "?status=all").content.decode()
        log = client.get(reverse("live-wall-moderation-log:index")).content.decode()
    assert ", 15:40</p>" in queue
    assert "1 Jul 2026, 15:40" in log
    assert "p.m." not in log and "a.m." not in log
