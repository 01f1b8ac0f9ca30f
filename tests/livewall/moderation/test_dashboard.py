"""The admin dashboard's "Live walls open now" panel: moderators find each open wall's queue and
pending count from /admin/; people who cannot moderate do not get the panel."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from livewall.models import Post

from ..factories import ModeratorFactory, PostFactory, UserFactory, WallFactory

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_moderators_see_open_walls_with_pending_counts_and_queue_links(client):
    busy = WallFactory(title="Town hall wall", slug="town-hall", contributions_open=True)
    PostFactory.create_batch(2, wall=busy, status=Post.Status.PENDING)
    PostFactory(wall=busy, status=Post.Status.APPROVED)
    WallFactory(title="Closed wall", slug="closed", contributions_open=False)
    WallFactory(title="Finished wall", slug="finished", closes_at=timezone.now() - timedelta(hours=1))
    WallFactory(title="Tomorrow's wall", slug="tomorrow", opens_at=timezone.now() + timedelta(days=1))
    html = dashboard(client, ModeratorFactory())
    assert "Live walls open now" in html
    assert "Town hall wall" in html and "2 pending" in html
    assert f'href="{reverse("livewall_moderation:queue", args=["town-hall"])}"' in html
    for title in ("Closed wall", "Finished wall", "Tomorrow&#x27;s wall"):
        assert title not in html


def test_no_open_wall_is_said_plainly(client):
    WallFactory(contributions_open=False)
    assert "No live wall is taking contributions right now." in dashboard(client, ModeratorFactory())


def test_editors_who_cannot_moderate_do_not_get_the_panel(client):
    WallFactory(title="Town hall wall", contributions_open=True)
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    html = dashboard(client, editor)
    assert "Live walls open now" not in html and "Town hall wall" not in html
