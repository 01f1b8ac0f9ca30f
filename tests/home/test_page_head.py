"""Every page's <head> for feed readers and search engines: feed autodiscovery, a canonical link,
a meta description and Open Graph tags on every page type, titles that never repeat themselves,
and feed titles that name the site."""

import html.parser
import json
import re

import feedparser
import pytest
import wagtail_factories
from wagtail.models import Site

from events.models import EventOrganiser
from home.models import PortalSettings
from livewall.models import Wall
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.livewall.factories import WallFactory
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

from .factories import StandardPageFactory

SITE = "Westshire Community Portal"
BASE = "https://portal.example.org"
FEED_LINK = {
    "rel": "alternate",
    "type": "application/rss+xml",
    "title": f"{SITE}: upcoming events",
    "href": f"{BASE}/events/feed/",
}
CALENDAR_LINK = {
    "rel": "alternate",
    "type": "text/calendar",
    "title": f"{SITE}: events (iCalendar)",
    "href": f"{BASE}/events/calendar.ics",
}


class Head(html.parser.HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.links, self.metas, self.title, self._in_title, self._in_head = [], [], "", False, True
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if not self._in_head:
            return
        if tag == "link":
            self.links.append(dict(attrs))
        elif tag == "meta":
            self.metas.append(dict(attrs))
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag != "title"
        self._in_head = self._in_head and tag != "head"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def meta(self, key):
        values = [m.get("content") for m in self.metas if m.get("name") == key or m.get("property") == key]
        assert len(values) <= 1, f"{key} appears {len(values)} times"
        return values[0] if values else None

    def canonical(self):
        hrefs = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        assert len(hrefs) == 1
        return hrefs[0]


@pytest.fixture
def site(home, settings):
    settings.PORTAL_BASE_URL = BASE
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal_settings.organisation_name = SITE
    portal_settings.save()
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(
        parent=index, slug="town-forum", title="Town forum", image=wagtail_factories.ImageFactory(title="Forum")
    )
    library = ResourceIndexPageFactory(parent=home)
    ResourcePageFactory(parent=library, slug="toolkit", title="Toolkit", summary="A toolkit for small groups.")
    StandardPageFactory(parent=home, slug="about", title="About us")
    WallFactory(slug="voice", title="Finding Our Voice: live wall", description="Share what you heard today.")
    return event


PAGES = [
    "/",
    "/about/",
    "/events/",
    "/events/?when=past",
    "/events/town-forum/",
    "/resources/",
    "/resources/toolkit/",
    "/walls/voice/",
    "/walls/voice/post/",
    "/walls/voice/screen/",
    "/search/?query=forum",
]


@pytest.mark.django_db
class TestEveryPage:
    @pytest.mark.parametrize("address", PAGES)
    def test_canonical_description_open_graph_and_feeds(self, client, site, address):
        response = client.get(address)
        assert response.status_code == 200
        head = Head(response.content.decode())
        canonical = head.canonical()
        assert canonical == BASE + address.split("?")[0]
        description = head.meta("description")
        assert description and len(description) <= 300
        assert head.meta("og:url") == canonical
        assert head.meta("og:title") and head.meta("og:title") in head.title
        assert head.meta("og:description") == description
        assert head.meta("og:type") == "website"
        assert head.meta("og:site_name") == SITE
        assert head.meta("og:locale") == "en_GB"
        assert head.meta("twitter:card") in ("summary", "summary_large_image")
        assert FEED_LINK in head.links
        assert CALENDAR_LINK in head.links

    def test_descriptions_come_from_the_page(self, client, site):
        assert Head(client.get("/resources/toolkit/").content.decode()).meta("description") == (
            "A toolkit for small groups."
        )
        event = Head(client.get("/events/town-forum/").content.decode())
        assert event.meta("description") == site.summary
        assert event.meta("og:image").startswith(f"{BASE}/media/images/")
        assert event.meta("og:image:alt") == ""
        assert event.meta("twitter:card") == "summary_large_image"
        wall = Head(client.get("/walls/voice/").content.decode())
        assert wall.meta("description") == "Share what you heard today."

    def test_an_editors_search_description_wins(self, client, site):
        site.search_description = "Have your say on the town centre."
        site.save_revision().publish()
        head = Head(client.get("/events/town-forum/").content.decode())
        assert head.meta("description") == "Have your say on the town centre."

    def test_user_text_is_escaped_in_the_head(self, client, site):
        Wall.objects.filter(slug="voice").update(description='"><script>alert(1)</script>')
        text = client.get("/walls/voice/").content.decode()
        assert "<script>alert(1)</script>" not in text
        assert Head(text).meta("description") == '"><script>alert(1)</script>'

    def test_the_search_page_and_404_are_not_indexed(self, client, site):
        assert Head(client.get("/search/?query=forum").content.decode()).meta("robots") == "noindex"
        missing = Head(client.get("/no-such-page/").content.decode())
        assert missing.meta("robots") == "noindex"
        assert not [link for link in missing.links if link.get("rel") == "canonical"]


@pytest.mark.django_db
class TestTitles:
    def segments(self, title):
        return [part.strip().casefold() for part in re.split(r"[:|]", title)]

    @pytest.mark.parametrize("address", PAGES)
    def test_no_title_repeats_itself(self, client, site, address):
        segments = self.segments(Head(client.get(address).content.decode()).title)
        assert len(segments) == len(set(segments)), segments

    def test_the_wall_title(self, client, site):
        assert Head(client.get("/walls/voice/").content.decode()).title == f"Finding Our Voice: live wall | {SITE}"
        screen = Head(client.get("/walls/voice/screen/").content.decode()).title
        assert screen == f"Finding Our Voice: live wall | {SITE}"
        WallFactory(slug="plain", title="Open day")
        assert Head(client.get("/walls/plain/").content.decode()).title == f"Open day: live wall | {SITE}"

    def test_a_home_page_named_like_the_site(self, client, site, home):
        home.hero_heading = SITE
        home.save_revision().publish()
        assert Head(client.get("/").content.decode()).title == SITE


@pytest.mark.django_db
def test_the_rss_feed_names_the_site(client, site):
    feed = feedparser.parse(client.get("/events/feed/").content)
    assert feed.feed.title == f"{SITE}: upcoming events"


@pytest.mark.django_db
class TestEventStructuredData:
    def json_ld(self, client, event):
        (block,) = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', client.get(event.url).content.decode(), re.S
        )
        return json.loads(block)

    def test_organizers_carry_their_url(self, client, site):
        site.organiser_entries = [
            EventOrganiser(name="Westshire Voluntary Action", url="https://wva.example.org/"),
            EventOrganiser(name="Westshire Council", url="https://westshire.example.gov.uk/"),
        ]
        site.save_revision().publish()
        assert self.json_ld(client, site)["organizer"] == [
            {"@type": "Organization", "name": "Westshire Voluntary Action", "url": "https://wva.example.org/"},
            {"@type": "Organization", "name": "Westshire Council", "url": "https://westshire.example.gov.uk/"},
        ]
        html = client.get(site.url).content.decode()
        assert '<a href="https://wva.example.org/" rel="noopener">Westshire Voluntary Action</a>' in html

    def test_without_organisers_the_site_organises(self, client, site):
        assert self.json_ld(client, site)["organizer"] == [{"@type": "Organization", "name": SITE, "url": f"{BASE}/"}]

    def test_offers_are_complete(self, client, site):
        site.registration_link = "https://tickets.example.org/forum"
        site.save_revision().publish()
        offer = self.json_ld(client, site)["offers"]
        published = site.first_published_at.isoformat()
        assert offer == {
            "@type": "Offer",
            "url": "https://tickets.example.org/forum",
            "price": "0",
            "priceCurrency": "GBP",
            "availability": "https://schema.org/InStock",
            "validFrom": offer["validFrom"],
        }
        assert offer["validFrom"][:19] == published[:19]

    def test_a_priced_event(self, client, site):
        site.registration_link = "https://tickets.example.org/forum"
        site.price = "12.50"
        site.save_revision().publish()
        assert self.json_ld(client, site)["offers"]["price"] == "12.50"

    def test_a_cancelled_event_offers_nothing(self, client, site):
        site.registration_link = "https://tickets.example.org/forum"
        site.status = "cancelled"
        site.save_revision().publish()
        assert "offers" not in self.json_ld(client, site)
