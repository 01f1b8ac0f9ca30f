"""The private link: a group updates its listing (read again by a moderator) or removes it; removal
deletes the listing and its e-mail and unlinks, not deletes, its past public hub contributions,
which then show as "a <kind> in <area>"."""

import pytest

from groups import tokens
from groups.choices import ListingStatus
from groups.models import GroupListing
from hub.choices import SubmissionStatus
from hub.models import CoSignature

from ..hub.factories import submission
from .factories import ListingFactory, topic

pytestmark = pytest.mark.django_db

URL = "/groups/manage/"


@pytest.fixture
def listing():
    return ListingFactory(name="Riverside lunch club", contact_email="lunch@example.org", areas=["Riverside"])


def manage(client, listing, **data):
    return client.post(URL, {"token": tokens.make_manage_token(listing), **data})


def update_data(**changes):
    data = {
        "name": "Riverside lunch club",
        "show_name": "on",
        "kind": "informal",
        "areas": "Riverside, CF24",
        "size": "under_10",
    }
    return {**data, **changes}


def test_the_private_page_shows_the_listing_to_its_holder_only(client, listing):
    page = client.get(URL, {"token": tokens.make_manage_token(listing)})
    assert page.status_code == 200 and "Riverside lunch club" in page.content.decode()
    assert "noindex" in page.content.decode() and "no-store" in page["Cache-Control"]
    assert client.get(URL, {"token": "nonsense"}).status_code == 400
    assert client.get(URL, {"token": tokens.make_confirm_token(listing)}).status_code == 400
    # A genuine link for this listing's number but another e-mail (e.g. an old address) finds nothing.
    stale = tokens._make(tokens.MANAGE_SALT, listing.pk, "someone-else@example.org")
    assert client.get(URL, {"token": stale}).status_code == 404


def test_updating_changes_the_listing_and_sends_it_back_to_moderation(client, listing):
    housing = topic("Housing")
    response = manage(client, listing, **update_data(size="under_10", topics=[str(housing.pk)]))
    assert response.status_code == 200 and "changes saved" in response.content.decode()
    listing.refresh_from_db()
    assert listing.size == "under_10" and list(listing.topics.all()) == [housing]
    assert sorted(a.name for a in listing.areas.all()) == ["CF24", "Riverside"]
    assert listing.status == ListingStatus.PENDING
    assert client.get(f"/groups/{listing.pk}/").status_code == 404


def test_an_invalid_update_changes_nothing(client, listing):
    response = manage(client, listing, **update_data(meeting="call 07700 900123"))
    assert response.status_code == 400
    listing.refresh_from_db()
    assert listing.meeting == "" and listing.status == ListingStatus.APPROVED


def test_removal_needs_the_tick(client, listing):
    response = manage(client, listing, action="remove")
    assert response.status_code == 400 and GroupListing.objects.filter(pk=listing.pk).exists()


def test_removal_deletes_the_listing_and_unlinks_its_contributions(client, listing, discussion):
    sent = submission(discussion, contact_email="lunch@example.org", we_are_listed=True, listing=listing)
    other = submission(discussion, group_name="Elm Court", contact_email="elm@example.org")
    agreed = CoSignature.objects.create(
        submission=other,
        group_name="Riverside lunch club",
        group_kind="informal",
        people_count=9,
        area="Riverside",
        contact_email="lunch@example.org",
        confirmed_at=sent.confirmed_at,
        listing=listing,
        we_are_listed=True,
    )
    assert "Riverside lunch club" in client.get(discussion.url).content.decode()

    response = manage(client, listing, action="remove", confirm_remove="1")
    assert "has been removed" in response.content.decode()
    assert not GroupListing.objects.filter(pk=listing.pk).exists()
    sent.refresh_from_db()
    agreed.refresh_from_db()
    # Unlinked, not deleted: still published, now anonymous.
    assert sent.status == SubmissionStatus.APPROVED and sent.listing is None and not sent.show_group_name
    assert agreed.listing is None and not agreed.show_group_name
    page = client.get(discussion.url).content.decode()
    assert sent.conclusions in page
    assert "Riverside lunch club" not in page
    assert "in Riverside" in page
    # The old link now finds nothing.
    assert client.get(URL, {"token": tokens.make_manage_token(listing)}).status_code == 404
