"""The RSS feed of upcoming events and the sitemap."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
import time_machine
from django.utils import timezone

from events.models import EventPage

from .factories import EventPageFactory

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 12, 0))
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.mark.django_db
class TestRssFeed:
    def test_upcoming_events_soonest_first(self, client, index, frozen_now):
        day = datetime.timedelta(days=1)
        EventPageFactory(parent=index, title="Later", slug="later", start=NOW + 9 * day, end=NOW + 10 * day)
        EventPageFactory(parent=index, title="Sooner", slug="sooner", start=NOW + day, end=NOW + 2 * day)
        EventPageFactory(parent=index, title="Gone", slug="gone", start=NOW - 3 * day, end=NOW - 2 * day)
        EventPageFactory(
            parent=index, title="Off", slug="off", start=NOW + 2 * day, end=NOW + 3 * day, status="cancelled"
        )
        response = client.get("/events/feed/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.title == "Community Portal: upcoming events"
        assert feed.feed.link == "http://testserver/events/"
        assert [entry.title for entry in feed.entries] == ["Sooner", "Cancelled: Off", "Later"]
        sooner = feed.entries[0]
        assert sooner.link == "http://testserver/events/sooner/"
        assert sooner.summary.startswith("Sat 21 November 2026, 12:00 to Sun 22 November 2026, 12:00 GMT.")
        assert datetime.datetime(*sooner.published_parsed[:6], tzinfo=datetime.UTC) == NOW

    def test_a_hostile_title_is_escaped_in_the_feed(self, client, index, frozen_now):
        EventPageFactory(parent=index, title="Tea & <b>cake</b>", start=NOW + datetime.timedelta(days=1))
        feed = feedparser.parse(client.get("/events/feed/").content)
        assert not feed.bozo
        assert feed.entries[0].title == "Tea & <b>cake</b>"

    def test_the_listing_links_to_the_feed(self, client, index):
        html = client.get("/events/").content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" title="Community Portal: upcoming events" '
            'href="http://testserver/events/feed/">' in html
        )


@pytest.mark.django_db
class TestSitemap:
    def lastmods(self, client):
        root = ET.fromstring(client.get("/sitemap.xml").content)
        urls = {}
        for url in root.iter(f"{SITEMAP}url"):
            lastmod = url.find(f"{SITEMAP}lastmod")
            urls[url.find(f"{SITEMAP}loc").text] = lastmod.text if lastmod is not None else None
        return urls

    def test_events_are_listed_with_their_last_published_date(self, client, index, frozen_now):
        event = EventPageFactory(parent=index, slug="open-board")
        draft = EventPageFactory(parent=index, slug="draft-board")
        draft.unpublish()
        frozen_now.move_to(NOW + datetime.timedelta(days=3))
        EventPage.objects.get(pk=event.pk).save_revision().publish()
        urls = self.lastmods(client)
        assert urls["http://testserver/events/open-board/"] == "2026-11-23"
        assert "http://testserver/events/draft-board/" not in urls
        # The listing changes when one of its events does.
        assert urls["http://testserver/events/"] == "2026-11-23"
