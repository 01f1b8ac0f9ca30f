"""Finding groups: /groups/ filtered by area, topic, kind and language, with search and pages, in a
constant number of queries; a group's page with what it said on the hub; the CSV export and the
RSS/Atom feeds of new listings. Only listed groups; never an e-mail, never a hidden name."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.choices import ListingKind, ListingStatus
from hub.choices import SubmissionStatus
from hub.models import CoSignature
from livewall.models import Post

from ..hub.factories import submission
from ..livewall.factories import WallFactory
from .factories import ListingFactory, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(vocabularies):
    return {
        "welsh": ListingFactory(
            name="Grŵp Garddio",
            areas=["CF24", "Splott"],
            topics=["Housing"],
            languages=["cy"],
            contact_email="garddio@example.org",
        ),
        "polish": ListingFactory(
            name="Polish parents",
            areas=["Westbury"],
            topics=["Older people"],
            languages=["pl"],
            kind=ListingKind.COMMUNITY_GROUP,
        ),
        "hidden": ListingFactory(
            name="Secret Kurdish circle", show_name=False, areas=["WS3"], description="Parents who meet"
        ),
        "pending": ListingFactory(name="Not yet", status=ListingStatus.PENDING, areas=["CF24"]),
        "rejected": ListingFactory(name="Spam Ltd", status=ListingStatus.REJECTED, areas=["CF24"]),
    }


def names(response):
    return [listing.public_name for listing in response.context["listings"]]


def test_only_listed_groups_are_shown(client, groups):
    shown = names(client.get("/groups/"))
    assert sorted(shown) == sorted(["Grŵp Garddio", "Polish parents", "A group in WS3"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"area": "cf24"}, ["Grŵp Garddio"]),
        ({"area": "splott", "language": "cy"}, ["Grŵp Garddio"]),
        ({"area": "cf24", "language": "pl"}, []),
        ({"topic": "older-people"}, ["Polish parents"]),
        ({"kind": "community_group"}, ["Polish parents"]),
        ({"language": "pl"}, ["Polish parents"]),
        ({"q": "garddio"}, ["Grŵp Garddio"]),
        ({"q": "westbury"}, ["Polish parents"]),
        ({"q": "parents"}, ["Polish parents", "A group in WS3"]),
        ({"area": "no-such-area"}, ["Grŵp Garddio", "Polish parents", "A group in WS3"]),
    ],
)
def test_filters_and_search(client, groups, query, expected):
    response = client.get("/groups/", query)
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(expected)


def test_a_hidden_name_is_never_shown_nor_found(client, groups):
    assert names(client.get("/groups/", {"q": "secret"})) == []
    for url in ["/groups/", f"/groups/{groups['hidden'].pk}/", "/groups/export.csv", "/groups/feed/rss/"]:
        assert "Secret Kurdish" not in client.get(url).content.decode()


def test_pages_of_twenty(client, vocabularies):
    for n in range(23):
        ListingFactory(name=f"Group {n:02d}")
    first = client.get("/groups/")
    assert len(first.context["listings"]) == 20 and "Next page" in first.content.decode()
    second = client.get("/groups/", {"page": 2})
    assert len(second.context["listings"]) == 3


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/groups/", "/groups/?area=riverside&language=cy", "/groups/export.csv", "/groups/feed/atom/"]
)
def test_constant_queries_whatever_the_number_of_groups(client, vocabularies, url):
    for _ in range(2):
        ListingFactory(areas=["Riverside", "CF24"], topics=["Housing", "Older people"], languages=["cy", "pl"])
    client.get(url)  # warm the site and settings caches
    few = count_queries(client, url)
    for _ in range(10):
        supporter = ListingFactory(kind=ListingKind.SUPPORTER)
        ListingFactory(areas=["Riverside", "WS1"], topics=["Housing"], languages=["cy"], supported_by=supporter)
    assert count_queries(client, url) == few


def test_a_group_page_in_a_constant_number_of_queries(client, discussion, vocabularies):
    listing = ListingFactory(areas=["Riverside"], languages=["cy"])
    submission(discussion, listing=listing, we_are_listed=True)
    url = f"/groups/{listing.pk}/"
    client.get(url)
    few = count_queries(client, url)
    for _ in range(5):
        submission(discussion, listing=listing, we_are_listed=True)
    assert count_queries(client, url) == few


def test_a_group_page_shows_its_hub_conclusions_and_agreements_but_not_unpublished_ones(client, discussion, groups):
    listing = groups["welsh"]
    submission(discussion, conclusions="Ask us on WhatsApp first.", listing=listing, we_are_listed=True)
    submission(discussion, conclusions="Still waiting.", status=SubmissionStatus.PENDING, listing=listing)
    other = submission(discussion, group_name="Elm Court", contact_email="elm@example.org", conclusions="Print it.")
    CoSignature.objects.create(
        submission=other,
        group_name="Grŵp Garddio",
        group_kind="informal",
        people_count=5,
        area="CF24",
        contact_email="garddio@example.org",
        confirmed_at=other.confirmed_at,
        listing=listing,
    )
    page = client.get(f"/groups/{listing.pk}/").content.decode()
    assert "Ask us on WhatsApp first." in page
    assert "Still waiting." not in page
    assert "Elm Court" in page and discussion.title in page
    assert "garddio@example.org" not in page


def test_wall_contributions_count_the_groups_conclusions_sent_to_a_wall(client, discussion, groups):
    listing = groups["welsh"]
    sent = submission(discussion, listing=listing, we_are_listed=True)
    wall = WallFactory()
    Post.objects.create(
        wall=wall,
        source=Post.Source.HUB,
        external_id=f"hub-submission-{sent.pk}",
        text="x",
        status=Post.Status.APPROVED,
    )
    Post.objects.create(
        wall=wall,
        source=Post.Source.CONTRIBUTION,
        external_id=f"hub-submission-{sent.pk}",
        text="y",
        status=Post.Status.APPROVED,
    )
    assert client.get(f"/groups/{listing.pk}/").context["wall_count"] == 1


def test_links_are_nofollow_and_only_http(client, vocabularies):
    listing = ListingFactory(channel_url="https://social.example.org/@group", meeting="<script>alert(1)</script>")
    page = client.get(f"/groups/{listing.pk}/").content.decode()
    assert '<a href="https://social.example.org/@group" rel="nofollow ugc noopener">' in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_a_supporter_page_lists_the_groups_it_supports(client, vocabularies):
    supporter = ListingFactory(name="Westshire Voluntary Action", kind=ListingKind.SUPPORTER)
    ListingFactory(name="Lunch club", supported_by=supporter)
    ListingFactory(name="Unlisted friend", supported_by=supporter, status=ListingStatus.PENDING)
    page = client.get(f"/groups/{supporter.pk}/").content.decode()
    assert "Groups they support" in page and "Lunch club" in page and "Unlisted friend" not in page


def test_the_csv_export_is_filtered_and_has_no_emails(client, groups):
    response = client.get("/groups/export.csv", {"area": "cf24"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["group"] for row in rows] == ["Grŵp Garddio"]
    assert rows[0]["areas"] == "CF24; Splott" and rows[0]["languages"] == "cy"
    assert "@example.org" not in text and "contact" not in text


def test_a_formula_is_exported_as_text(client, vocabularies):
    ListingFactory(name="=HYPERLINK(1)")
    rows = list(csv.DictReader(io.StringIO(client.get("/groups/export.csv").content.decode("utf-8-sig"))))
    assert rows[0]["group"] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_of_new_listings_by_area(client, groups, kind):
    everywhere = client.get(f"/groups/feed/{kind}/")
    assert everywhere.status_code == 200
    one_area = client.get(f"/groups/feed/{kind}/", {"area": "westbury"}).content.decode()
    assert "Polish parents" in one_area and "Grŵp Garddio" not in one_area
    ET.fromstring(one_area)  # well-formed
    body = everywhere.content.decode()
    assert "Grŵp Garddio" in body and "Not yet" not in body and "@example.org" not in body
    assert client.get(f"/groups/feed/{kind}/", {"area": "nowhere"}).status_code == 404


def test_the_shared_topic_list_is_one_model_for_every_app(vocabularies):
    from events.models import EventPage
    from hub.models import DiscussionPage
    from resources.models import ResourcePage

    shared = topic("Housing")
    for model in (EventPage, ResourcePage, DiscussionPage):
        assert model._meta.get_field("shared_topics").related_model is type(shared)


def test_a_discussion_links_to_the_groups_listed_in_its_areas(client, discussion, vocabularies):
    riverside = ListingFactory(areas=["Riverside"]).areas.get()
    discussion.shared_areas.add(riverside)
    discussion.save_revision().publish()
    assert f'href="/groups/?area={riverside.slug}"' in client.get(discussion.url).content.decode()


def test_a_group_page_lists_the_published_events_it_proposed_and_nothing_else(client, home, vocabularies):
    from events.proposals.models import EventProposal, ProposalOutcome

    from ..events.factories import EventIndexPageFactory, EventPageFactory

    listing = ListingFactory(contact_email="Lunch.Club@example.org")
    index = EventIndexPageFactory(parent=home)
    published = EventPageFactory(parent=index, title="Lunch club summer fair")
    declined = EventPageFactory(parent=index, title="A declined event", live=False)
    strangers = EventPageFactory(parent=index, title="Someone else's event")
    EventProposal.objects.create(
        page=published,
        title=published.title,
        group_name="Lunch club",
        proposer_name="Ann",
        proposer_email="lunch.club@example.org",
        outcome=ProposalOutcome.PUBLISHED,
    )
    EventProposal.objects.create(
        page=declined,
        title=declined.title,
        group_name="Lunch club",
        proposer_name="Ann",
        proposer_email="lunch.club@example.org",
        outcome=ProposalOutcome.DECLINED,
    )
    EventProposal.objects.create(
        page=strangers,
        title=strangers.title,
        group_name="Other",
        proposer_name="Bo",
        proposer_email="bo@example.org",
        outcome=ProposalOutcome.PUBLISHED,
    )
    html = client.get(f"/groups/{listing.pk}/").content.decode()
    assert "Events they proposed" in html and "Lunch club summer fair" in html
    assert "A declined event" not in html and "Someone else" not in html
    assert "lunch.club@example.org" not in html.lower()
