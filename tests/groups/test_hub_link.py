""" "We are listed": a hub submission or co-signature is linked to the listing with the same confirmed
e-mail, only when its sender ticked the box, whichever of the two is confirmed/approved last."""

import pytest
from django.core import mail

from groups import moderation
from groups.choices import ListingStatus
from hub import services as hub_services
from hub.choices import SubmissionStatus
from hub.models import Submission
from hub.tokens import SUBMISSION, Confirmation

from .factories import ListingFactory, directory_moderator

pytestmark = pytest.mark.django_db


def send(client, discussion, capture, **changes):
    data = {
        "group_name": "Riverside lunch club",
        "show_group_name": "on",
        "group_kind": "informal",
        "people_count": "9",
        "area": "Riverside",
        "platform": "meeting",
        "conclusions": "Ask us on Thursdays.",
        "contact_email": "Lunch@Example.org",
        "consent": "on",
        **changes,
    }
    with capture(execute=True):
        assert client.post(discussion.url + "send/", data).status_code == 200
    return Submission.objects.latest("pk")


def confirm(discussion, row):
    return hub_services.confirm(discussion, Confirmation(SUBMISSION, row.pk, row.contact_email.lower()))


def test_the_hub_form_offers_we_are_listed(client, discussion):
    assert "We are listed in the community groups directory" in client.get(discussion.url + "send/").content.decode()


def test_a_confirmed_submission_is_linked_to_the_listed_group(client, discussion, django_capture_on_commit_callbacks):
    listing = ListingFactory(contact_email="lunch@example.org")
    row = send(client, discussion, django_capture_on_commit_callbacks, we_are_listed="on")
    assert row.we_are_listed and row.listing is None  # not before confirmation
    confirm(discussion, row)
    row.refresh_from_db()
    assert row.listing == listing
    Submission.objects.filter(pk=row.pk).update(status=SubmissionStatus.APPROVED)
    assert "Ask us on Thursdays." in client.get(f"/groups/{listing.pk}/").content.decode()


def test_without_the_tick_nothing_is_linked(client, discussion, django_capture_on_commit_callbacks):
    ListingFactory(contact_email="lunch@example.org")
    row = send(client, discussion, django_capture_on_commit_callbacks)
    confirm(discussion, row)
    row.refresh_from_db()
    assert row.listing is None


def test_an_unlisted_group_is_linked_when_its_listing_is_approved(
    client, discussion, django_capture_on_commit_callbacks
):
    listing = ListingFactory(contact_email="lunch@example.org", status=ListingStatus.PENDING)
    row = send(client, discussion, django_capture_on_commit_callbacks, we_are_listed="on")
    confirm(discussion, row)
    row.refresh_from_db()
    assert row.listing is None  # a pending listing links nothing
    with django_capture_on_commit_callbacks(execute=True):
        moderation.act(listing, directory_moderator(), moderation.APPROVE)
    row.refresh_from_db()
    assert row.listing == listing
    assert [m.to for m in mail.outbox] == [["Lunch@Example.org"]]  # the hub's confirmation only


def test_a_contribution_sent_without_the_name_is_never_linked(client, discussion, django_capture_on_commit_callbacks):
    listing = ListingFactory(contact_email="lunch@example.org")
    row = send(client, discussion, django_capture_on_commit_callbacks, we_are_listed="on", show_group_name="")
    confirm(discussion, row)
    row.refresh_from_db()
    assert row.listing is None
    Submission.objects.filter(pk=row.pk).update(status=SubmissionStatus.APPROVED)
    assert "Ask us on Thursdays." not in client.get(f"/groups/{listing.pk}/").content.decode()


def test_a_linked_conclusion_links_to_the_group_from_the_discussion(client, discussion):
    from ..hub.factories import submission

    listing = ListingFactory(name="Riverside lunch club", contact_email="lunch@example.org")
    submission(discussion, listing=listing, we_are_listed=True)
    assert f'href="/groups/{listing.pk}/"' in client.get(discussion.url).content.decode()
