"""The directory's moderation queue, both ways for every role: anonymous visitors and admin users
without the permission are refused; directory moderators and superusers approve and reject; nothing
is public before approval; the group is told by e-mail with its private link."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from groups import moderation
from groups.choices import ListingStatus
from groups.models import GroupListing

from ..livewall.factories import UserFactory
from .factories import ListingFactory, admin_user_without_permission, directory_moderator

pytestmark = pytest.mark.django_db

QUEUE = "/admin/groups/moderate/"


@pytest.fixture
def pending():
    return ListingFactory(name="Elm Court tenants", status=ListingStatus.PENDING, contact_email="elm@example.org")


def act_url(listing, action):
    return f"{QUEUE}{listing.pk}/{action}/"


def test_anonymous_visitors_are_sent_to_log_in(client, pending):
    assert "/admin/login/" in client.get(QUEUE)["Location"]
    assert "/admin/login/" in client.post(act_url(pending, "approve"))["Location"]
    assert GroupListing.objects.get().status == ListingStatus.PENDING


def test_admin_users_without_the_permission_are_refused(client, pending):
    client.force_login(admin_user_without_permission())
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    for response in (client.get(QUEUE), client.post(act_url(pending, "approve"))):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert GroupListing.objects.get().status == ListingStatus.PENDING
    assert "Groups directory" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_moderators_and_superusers_approve(client, pending, who, django_capture_on_commit_callbacks):
    user = directory_moderator() if who == "moderator" else UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    queue = client.get(QUEUE)
    assert queue.status_code == 200 and "Elm Court tenants" in queue.content.decode()
    assert client.get(f"/groups/{pending.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(act_url(pending, "approve"), {"status": "pending"})
    assert response.status_code == 302
    listing = GroupListing.objects.get()
    assert listing.status == ListingStatus.APPROVED and listing.moderated_by == user
    assert client.get(f"/groups/{pending.pk}/").status_code == 200
    (message,) = mail.outbox
    assert message.to == ["elm@example.org"] and "now listed" in message.subject
    assert f"/groups/{pending.pk}/" in message.body and "/groups/manage/?token=" in message.body


def test_rejecting_needs_a_reason_from_the_list(client, pending):
    client.force_login(directory_moderator())
    client.post(act_url(pending, "reject"), {"reason": "because"})
    assert GroupListing.objects.get().status == ListingStatus.PENDING
    client.post(act_url(pending, "reject"), {"reason": "advertising"})
    listing = GroupListing.objects.get()
    assert listing.status == ListingStatus.REJECTED and listing.rejection_reason == "advertising"


def test_an_unconfirmed_listing_cannot_be_approved():
    listing = ListingFactory(status=ListingStatus.UNCONFIRMED, confirmed_at=None)
    with pytest.raises(ValueError):
        moderation.act(listing, directory_moderator(), moderation.APPROVE)
    with pytest.raises(PermissionDenied):
        moderation.act(listing, UserFactory(), moderation.APPROVE)


def test_the_menu_item_shows_only_to_moderators(client):
    client.force_login(directory_moderator())
    assert "Groups directory" in client.get("/admin/").content.decode()
