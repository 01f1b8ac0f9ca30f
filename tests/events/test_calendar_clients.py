"""What calendar programs and feed readers need: a webcal:// subscription and the address to copy,
a calendar named after the site, conditional GETs (304) on .ics and RSS, the joining link where
calendar programs look for it (and never for a cancelled event), and postponed or moved events
as RFC 5545 describes them."""

import datetime

import icalendar
import pytest
import time_machine
from django.utils.http import http_date
from wagtail.models import Site

from events.models import EventPage
from home.models import PortalSettings

from .factories import EventPageFactory, hybrid, online

UTC = datetime.UTC
NOW = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
DAY = datetime.timedelta(days=1)
LINK = "https://meet.example.org/forum"


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def site_name(home):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Westshire Community Portal"
    settings.save()
    return settings.organisation_name


def vevent(client, event):
    (component,) = icalendar.Calendar.from_ical(client.get(f"{event.url}calendar.ics").content).walk("VEVENT")
    return component


@pytest.mark.django_db
class TestSubscribing:
    def test_the_listing_offers_webcal_and_the_address_to_copy(self, client, index, settings):
        settings.PORTAL_BASE_URL = "https://portal.example.org"
        html = client.get("/events/").content.decode()
        assert 'href="webcal://portal.example.org/events/calendar.ics"' in html
        assert 'value="https://portal.example.org/events/calendar.ics" readonly' in html
        assert "New Calendar Subscription" in html and "From URL" in html

    def test_the_calendars_are_named_after_the_site(self, client, index, site_name, frozen_now):
        event = EventPageFactory(parent=index, title="Town forum")
        feed = icalendar.Calendar.from_ical(client.get("/events/calendar.ics").content)
        assert str(feed["X-WR-CALNAME"]) == "Westshire Community Portal: Events"
        single = icalendar.Calendar.from_ical(client.get(f"{event.url}calendar.ics").content)
        assert str(single["X-WR-CALNAME"]) == "Westshire Community Portal: Town forum"


@pytest.mark.django_db
class TestConditionalGets:
    @pytest.fixture(params=["/events/calendar.ics", "/events/feed/", "/events/town-forum/calendar.ics"])
    def address(self, request, frozen_now, index):
        EventPageFactory(parent=index, title="Town forum", slug="town-forum", start=NOW + DAY, end=NOW + 2 * DAY)
        return request.param

    def test_an_unchanged_file_answers_304(self, client, address):
        first = client.get(address)
        assert first.status_code == 200
        assert first["ETag"] and first["Last-Modified"] == http_date(NOW.timestamp())
        again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
        since = client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304

    def test_a_publish_makes_it_new(self, client, address, frozen_now):
        first = client.get(address)
        frozen_now.shift(DAY / 4)
        event = EventPage.objects.get(slug="town-forum")
        event.title = "Town forum (new room)"
        event.save_revision().publish()
        after = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
        assert after.status_code == 200 and b"new room" in after.content
        assert client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200

    def test_an_unpublished_event_makes_the_feeds_new(self, client, frozen_now, index):
        for address in ("/events/calendar.ics", "/events/feed/"):
            EventPageFactory(parent=index, slug="short-lived", start=NOW + DAY, end=NOW + 2 * DAY)
            first = client.get(address)
            frozen_now.shift(datetime.timedelta(hours=1))
            EventPage.objects.get(slug="short-lived").unpublish()
            assert client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
            EventPage.objects.get(slug="short-lived").delete()

    def test_an_event_that_ends_leaves_the_rss_feed_and_it_is_new(self, client, frozen_now, index):
        EventPageFactory(parent=index, title="Soon over", start=NOW + datetime.timedelta(hours=1), end=NOW + 2 * DAY)
        first = client.get("/events/feed/")
        frozen_now.shift(3 * DAY)  # nothing was published meanwhile
        later = client.get("/events/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert later.status_code == 200 and b"Soon over" not in later.content
        assert later["Last-Modified"] == http_date((NOW + 2 * DAY).timestamp())


@pytest.mark.django_db
class TestJoiningLinks:
    def test_an_online_event_puts_the_joining_link_in_location_url_and_conference(self, client, index, frozen_now):
        event = online(parent=index, slug="online-forum", joining_link=LINK)
        component = vevent(client, event)
        assert str(component["LOCATION"]) == LINK
        assert str(component["URL"]) == LINK
        assert str(component["CONFERENCE"]) == LINK
        assert component["CONFERENCE"].params["VALUE"] == "URI"
        assert "Details: http://testserver/events/online-forum/" in str(component["DESCRIPTION"])

    def test_a_hybrid_event_keeps_the_venue_as_location(self, client, index, frozen_now):
        event = hybrid(parent=index, joining_link=LINK, venue_name="Westbury Town Hall")
        component = vevent(client, event)
        assert str(component["LOCATION"]).startswith("Westbury Town Hall")
        assert str(component["URL"]) == LINK and str(component["CONFERENCE"]) == LINK

    def test_a_link_sent_later_is_not_invented(self, client, index, frozen_now):
        event = online(parent=index, slug="later-link", joining_link="", joining_link_later=True)
        component = vevent(client, event)
        assert str(component["LOCATION"]) == "Online: the joining link will be sent to registered participants"
        assert str(component["URL"]) == "http://testserver/events/later-link/"
        assert "CONFERENCE" not in component

    @pytest.mark.parametrize("make", [online, hybrid])
    def test_a_cancelled_event_carries_no_joining_link(self, client, index, frozen_now, make):
        event = make(parent=index, joining_link=LINK, status=EventPage.Status.CANCELLED)
        body = client.get(f"{event.url}calendar.ics").content.decode()
        assert "meet.example.org" not in body
        feed = client.get("/events/calendar.ics").content.decode()
        assert "meet.example.org" not in feed
        component = vevent(client, event)
        assert str(component["STATUS"]) == "CANCELLED"
        assert str(component["TRANSP"]) == "TRANSPARENT"


@pytest.mark.django_db
class TestPostponedAndMoved:
    def test_a_postponed_event_is_tentative_and_does_not_hold_the_old_slot(self, client, index, frozen_now):
        event = EventPageFactory(parent=index, start=NOW + DAY, end=NOW + DAY + datetime.timedelta(hours=2))
        event.status = EventPage.Status.POSTPONED
        event.save_revision().publish()
        component = vevent(client, event)
        assert str(component["STATUS"]) == "TENTATIVE"
        assert str(component["TRANSP"]) == "TRANSPARENT"
        assert str(component["SUMMARY"]).startswith("Postponed: ")
        assert "new date" in str(component["DESCRIPTION"])

    def test_a_new_date_moves_the_same_event_with_a_higher_sequence(self, client, index, frozen_now):
        event = EventPageFactory(parent=index, start=NOW + DAY, end=NOW + DAY + datetime.timedelta(hours=2))
        event.status = EventPage.Status.POSTPONED
        event.save_revision().publish()
        postponed = vevent(client, event)
        frozen_now.shift(datetime.timedelta(hours=3))
        event = EventPage.objects.get(pk=event.pk)
        event.status = EventPage.Status.SCHEDULED
        event.start, event.end = NOW + 8 * DAY, NOW + 8 * DAY + datetime.timedelta(hours=2)
        event.save_revision().publish()
        moved = vevent(client, event)
        assert moved["UID"] == postponed["UID"]
        assert moved["SEQUENCE"] > postponed["SEQUENCE"]
        assert str(moved["STATUS"]) == "CONFIRMED" and str(moved["TRANSP"]) == "OPAQUE"
        assert moved.decoded("DTSTART") == NOW + 8 * DAY
