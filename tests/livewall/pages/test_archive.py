"""A closed wall's public archive: open to anyone (and to search engines) only after the wall
closed, approved posts only, user text escaped, no moderation data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from livewall.models import Post, Wall
from livewall.moderation import actions
from livewall.records.retention import apply_retention

from ..factories import ModeratorFactory, PostFactory, WallFactory, approved_post

pytestmark = pytest.mark.django_db


def archive_url(wall):
    return reverse("livewall:archive", args=[wall.slug])


def close(wall, ago=timedelta(minutes=1)):
    Wall.objects.filter(pk=wall.pk).update(closes_at=timezone.now() - ago)
    wall.refresh_from_db()


def test_no_archive_while_the_wall_is_open(client):
    for closes_at in (None, timezone.now() + timedelta(hours=1)):
        wall = WallFactory(closes_at=closes_at)
        approved_post(wall, text="still live")
        response = client.get(archive_url(wall))
        assert response.status_code == 404
        assert "still live" not in response.content.decode()


def test_after_closing_anyone_reads_approved_posts_escaped_and_indexable(client):
    wall = WallFactory(moderation_mode=Wall.Moderation.POST, title="Finding <our> voice")
    shown = approved_post(
        wall, text="<script>alert('x')</script> thank you", author_name="<b>Ann</b>", language="en-GB"
    )
    hidden = approved_post(wall, text="taken down later")
    actions.hide(hidden, ModeratorFactory(username="mod-private"))
    PostFactory(wall=wall, status=Post.Status.PENDING, text="never approved")
    PostFactory(wall=wall, status=Post.Status.REJECTED, text="rejected words")
    close(wall)
    response = client.get(archive_url(wall))
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; thank you" in html and "<script>alert" not in html
    assert '<p class="wall-post__text" lang="en-GB" dir="ltr">&lt;script&gt;' in html
    assert "&lt;b&gt;Ann&lt;/b&gt;" in html and "Finding &lt;our&gt; voice" in html
    assert html.count("data-post-id=") == 1 and f'data-post-id="{shown.pk}"' in html
    for private in ("taken down later", "never approved", "rejected words", "mod-private"):
        assert private not in html
    assert "noindex" not in html


def test_after_retention_the_archive_shows_posts_without_names(client):
    wall = WallFactory(moderation_mode=Wall.Moderation.POST, retention_days=0)
    approved_post(wall, text="a lasting thought", author_name="Ann Example")
    close(wall)
    apply_retention()
    html = client.get(archive_url(wall)).content.decode()
    assert "a lasting thought" in html and "Ann Example" not in html


def test_long_archives_are_paginated(client):
    wall = WallFactory(moderation_mode=Wall.Moderation.POST)
    for n in range(101):
        PostFactory(wall=wall, status=Post.Status.APPROVED, text=f"post number {n:03d}")
    close(wall)
    first = client.get(archive_url(wall)).content.decode()
    second = client.get(archive_url(wall) + "?page=2").content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert "post number 100" in second and "post number 100" not in first
