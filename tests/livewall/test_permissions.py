"""Who reaches the moderation queue and its actions, both ways; viewers never see pending posts."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import Page

from livewall.intake import services
from livewall.models import ModerationAction, Post, Wall

from .factories import ModeratorFactory, SuperuserFactory, UserFactory, WallFactory, incoming_post
from .pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]


@pytest.fixture
def queued():
    wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
    post = services.accept(wall, incoming_post(text="a pending secret"))
    return wall, post


def admin_editor():
    """Reaches the Wagtail admin, but has no right to moderate walls."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def queue_urls(wall, post):
    return [
        reverse("livewall_moderation:index"),
        reverse("livewall_moderation:queue", args=[wall.slug]),
    ]


def action_posts(wall, post):
    return [
        (reverse("livewall_moderation:act", args=[wall.slug, post.pk, "approve"]), {}),
        (reverse("livewall_moderation:bulk_approve", args=[wall.slug]), {"post": [post.pk]}),
        (reverse("livewall_moderation:contributions", args=[wall.slug]), {"open": "0"}),
    ]


def assert_nothing_changed(wall, post):
    post.refresh_from_db()
    wall.refresh_from_db()
    assert post.status == Post.Status.PENDING
    assert wall.contributions_open
    assert not ModerationAction.objects.filter(post=post).exists()


@pytest.mark.parametrize("who", ["anonymous", "no_admin_access", "admin_without_moderation"])
def test_others_cannot_reach_the_queue_or_act(client, queued, who):
    wall, post = queued
    if who == "no_admin_access":
        client.force_login(UserFactory())
    elif who == "admin_without_moderation":
        client.force_login(admin_editor())
    for url in queue_urls(wall, post):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "a pending secret" not in response.content.decode()
        if who == "anonymous":
            assert reverse("wagtailadmin_login") in response["Location"]
    for url, data in action_posts(wall, post):
        response = client.post(url, data)
        assert response.status_code in (302, 403), url
    assert_nothing_changed(wall, post)


@pytest.mark.parametrize("factory", [ModeratorFactory, SuperuserFactory])
def test_moderators_and_superusers_reach_the_queue_and_act(client, queued, factory):
    wall, post = queued
    client.force_login(factory())
    for url in queue_urls(wall, post):
        assert client.get(url).status_code == 200
    assert "a pending secret" in client.get(queue_urls(wall, post)[1]).content.decode()
    client.post(action_posts(wall, post)[0][0])
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED


def test_menu_shows_moderation_to_moderators_only(client):
    client.force_login(ModeratorFactory())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Moderation queues" in html
    assert f'"url": "{reverse("live-walls:index")}"' not in html  # managing walls is an editor's job

    client.force_login(admin_editor())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Moderation queues" not in html

    client.force_login(SuperuserFactory())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'"url": "{reverse("live-walls:index")}"' in html


def test_moderators_cannot_edit_pages_or_walls(client):
    client.force_login(ModeratorFactory())
    root = Page.objects.filter(depth=2).first()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[root.pk]))
    assert response.status_code in (302, 403)
    assert response.status_code != 200
    assert client.get(reverse("live-walls:add")).status_code in (302, 403)
    client.post(reverse("live-walls:add"), {"title": "Mine", "slug": "mine"})
    assert not Wall.objects.filter(slug="mine").exists()


def test_viewers_never_see_pending_posts(client, queued):
    wall, post = queued
    for url in (
        reverse("livewall:participant", args=[wall.slug]),
        reverse("livewall:screen", args=[wall.slug]),
        reverse("livewall_api:api_posts", args=[wall.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "a pending secret" not in response.content.decode(), url
