"""A listing shows nothing the group did not choose to publish: its contact e-mail is on no public
page, feed or export, whatever state it is in; unlisted groups appear nowhere public."""

import pytest

from groups.choices import ListingKind, ListingStatus

from ..hub.factories import submission
from .factories import ListingFactory

pytestmark = pytest.mark.django_db

SECRET = "private-contact-7f3a@example.org"


def public_urls(listing):
    return [
        "/groups/",
        f"/groups/?area={listing.areas.first().slug}",
        f"/groups/{listing.pk}/",
        "/groups/export.csv",
        "/groups/feed/rss/",
        "/groups/feed/atom/",
        f"/groups/feed/rss/?area={listing.areas.first().slug}",
    ]


def test_the_contact_email_is_never_published(client, discussion, vocabularies):
    supporter = ListingFactory(kind=ListingKind.SUPPORTER, contact_email="supporter-secret@example.org")
    listing = ListingFactory(
        name="Riverside lunch club", contact_email=SECRET, supported_by=supporter, languages=["cy"], topics=["Housing"]
    )
    submission(discussion, contact_email=SECRET, listing=listing, we_are_listed=True)
    for url in [*public_urls(listing), f"/groups/{supporter.pk}/", discussion.url, discussion.url + "export/json/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        assert SECRET not in body and "private-contact" not in body, url
        assert "supporter-secret" not in body, url
    # Searching for the address finds nothing (the search box echoes the query, so look at results).
    assert list(client.get("/groups/", {"q": "private-contact"}).context["listings"]) == []


@pytest.mark.parametrize("status", [ListingStatus.UNCONFIRMED, ListingStatus.PENDING, ListingStatus.REJECTED])
def test_unlisted_groups_are_nowhere_public(client, vocabularies, status):
    listed = ListingFactory(name="Listed neighbour", areas=["Riverside"])
    hidden = ListingFactory(name="Unlisted Zebra Club", status=status, areas=["Riverside"])
    for url in [*public_urls(listed), f"/groups/{hidden.pk}/"]:
        assert "Unlisted Zebra Club" not in client.get(url).content.decode("utf-8-sig"), url
    assert client.get(f"/groups/{hidden.pk}/").status_code == 404
