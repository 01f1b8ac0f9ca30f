"""The insight report: every chart's figures equal the database's counts, the SVG is well formed and
escaped, no script or third-party address, and moderators only (both ways) for the admin report and
its printable page."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from livewall.models import ModerationAction, Post, QuestionVote
from livewall.records import charts, insight

from ..factories import ModeratorFactory, PostFactory, SuperuserFactory, UserFactory, WallFactory
from ..test_permissions import admin_editor

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def report_urls(wall):
    return [reverse(f"livewall_records:{name}", args=[wall.slug]) for name in ("report", "report_print")]


@pytest.fixture
def busy_wall():
    """Posts over 40 minutes from several sources and places, some decided by a moderator."""
    wall = WallFactory()
    other = WallFactory()
    moderator = ModeratorFactory()
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    plan = [
        (0, Post.Source.CONTRIBUTION, Post.Attending.IN_ROOM, Post.Status.APPROVED, 30),
        (0, Post.Source.CONTRIBUTION, Post.Attending.REMOTE, Post.Status.APPROVED, 200),
        (3, Post.Source.MASTODON, Post.Attending.UNKNOWN, Post.Status.REJECTED, 1000),
        (3, Post.Source.X, Post.Attending.UNKNOWN, Post.Status.HIDDEN, 5000),
        (17, Post.Source.CONTRIBUTION, Post.Attending.IN_ROOM, Post.Status.PENDING, None),
        (39, Post.Source.BLUESKY, Post.Attending.UNKNOWN, Post.Status.APPROVED, 45),
    ]
    for minute, source, attending, status, wait in plan:
        received = start + timedelta(minutes=minute, seconds=10)
        post = PostFactory(wall=wall, source=source, attending=attending, status=status)
        Post.objects.filter(pk=post.pk).update(received_at=received)
        if wait is not None:
            action = {"approved": "approve", "rejected": "reject", "hidden": "hide"}[status]
            logged = ModerationAction.objects.create(wall=wall, post=post, user=moderator, action=action)
            ModerationAction.objects.filter(pk=logged.pk).update(created_at=received + timedelta(seconds=wait))
            # A later pin is not a decision: it must not move the wait.
            later = ModerationAction.objects.create(wall=wall, post=post, user=moderator, action="pin")
            ModerationAction.objects.filter(pk=later.pk).update(created_at=received + timedelta(hours=5))
    PostFactory(wall=other, source=Post.Source.RSS)  # another wall's post counts nowhere here
    return wall


def test_every_figure_equals_the_database(busy_wall):
    figures = insight.report(busy_wall)
    posts = Post.objects.filter(wall=busy_wall)
    assert figures["total"] == posts.count() == 6
    assert figures["interval"] == 1 and len(figures["over_time"]) == 40
    assert sum(count for _, count in figures["over_time"]) == posts.count()
    per_minute = [count for _, count in figures["over_time"]]
    assert (per_minute[0], per_minute[3], per_minute[17], per_minute[39], sum(per_minute[1:3])) == (2, 2, 1, 1, 0)
    assert dict(figures["by_source"]) == {
        label: posts.filter(source=value).count() for value, label in Post.Source.choices if posts.filter(source=value)
    }
    assert dict(figures["room_and_remote"]) == {
        "In the room": posts.filter(attending="in_room").count(),
        "Following remotely": posts.filter(attending="remote").count(),
        "Not said": posts.filter(attending="").count(),
    }
    assert dict(figures["by_status"]) == {
        label: posts.filter(status=value).count() for value, label in Post.Status.choices
    }
    assert dict(figures["moderation_waits"]) == {
        "Under a minute": 2,  # 30 s, 45 s
        "1 to 5 minutes": 1,  # 200 s
        "5 to 15 minutes": 0,
        "15 to 60 minutes": 1,  # 1000 s
        "Over an hour": 1,  # 5000 s
    }
    assert figures["median_wait"] == 200
    assert figures["questions"] is None  # wired once the questions feature is merged


def test_long_walls_are_counted_in_wider_intervals():
    wall = WallFactory()
    start = timezone.now() - timedelta(hours=10)
    for minutes in (0, 1, 299, 599):
        post = PostFactory(wall=wall)
        Post.objects.filter(pk=post.pk).update(received_at=start + timedelta(minutes=minutes))
    interval, rows = insight.posts_over_time(wall)
    assert interval == 5 and len(rows) <= insight.MAX_COLUMNS
    assert sum(count for _, count in rows) == 4 and rows[0][1] == 2


def test_charts_are_well_formed_escaped_svg_with_one_bar_per_row():
    rows = [("<script>alert(1)</script>", 3), ("Mastodon & co", 0), ("X", 7)]
    svg = str(charts.bar_chart("c1", "Posts <by> source", rows))
    tree = ET.fromstring(svg)
    assert tree.tag == f"{SVG}svg" and tree.get("role") == "img"
    assert tree.find(f"{SVG}title").text == "Posts <by> source"
    assert len(tree.findall(f".//{SVG}rect")) == 3
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "3" in [text.text for text in tree.iter(f"{SVG}text")]
    columns = ET.fromstring(str(charts.column_chart("c2", "Over time", [("10:00", 2), ("10:01", 0)], "10:00", "10:01")))
    assert len(columns.findall(f".//{SVG}rect")) == 2


@pytest.mark.parametrize("factory", [ModeratorFactory, SuperuserFactory])
def test_moderators_get_the_report_and_its_printable_page(client, busy_wall, factory):
    client.force_login(factory())
    for url in report_urls(busy_wall):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count('<svg class="insight-chart"') == 5
        assert "Time to a moderator&#x27;s decision" in html or "Time to a moderator's decision" in html
        # No chart library, no CDN: the printable page has no script at all, and no outside address.
        if url.endswith("/print/"):
            assert "<script" not in html
            outside = [u for u in re.findall(r'(?:src|href)="(https?://[^"]+)"', html)]
            assert outside == []


@pytest.mark.parametrize("who", ["anonymous", "no_admin_access", "admin_without_moderation"])
def test_others_cannot_see_the_report(client, busy_wall, who):
    if who == "no_admin_access":
        client.force_login(UserFactory())
    elif who == "admin_without_moderation":
        client.force_login(admin_editor())
    for url in report_urls(busy_wall):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "insight-chart" not in response.content.decode()
        if who == "anonymous":
            assert reverse("wagtailadmin_login") in response["Location"]


def test_questions_and_votes_equal_the_database():
    wall = WallFactory()
    assert insight.question_figures(wall) is None  # nobody asked: no chart
    asked = [PostFactory(wall=wall, is_question=True, status=Post.Status.APPROVED) for _ in range(3)]
    Post.objects.filter(pk=asked[0].pk).update(answered_at=timezone.now())
    for n, post in enumerate(asked):
        for voter in range(n + 1):
            QuestionVote.objects.create(post=post, voter=f"browser-{voter}")
    other = PostFactory(wall=WallFactory(), is_question=True)
    QuestionVote.objects.create(post=other, voter="elsewhere")  # another wall's vote counts nowhere here
    assert insight.question_figures(wall) == [("Questions asked", 3), ("Answered", 1), ("Votes cast", 6)]
    assert insight.report(wall)["questions"] == insight.question_figures(wall)
