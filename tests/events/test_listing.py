"""The listing at the events index: upcoming/past around "now", month groups, filters, pages, queries."""

import datetime
import re

import pytest
import time_machine
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import EventIndexPage, EventPage
from livewall.models import Wall

from .factories import EventPageFactory, online

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 12, 0))


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def at(days, hours=0):
    return NOW + datetime.timedelta(days=days, hours=hours)


def titles(response):
    """Event card titles in page order."""
    return re.findall(r'class="event-card-title"><a href="[^"]*">([^<]+)</a>', response.content.decode())


@pytest.fixture
def timeline(index):
    """Events before, around and after NOW, created in a muddled order."""
    events = {
        "next month": EventPageFactory(parent=index, title="Next month", start=at(20), end=at(20, 2)),
        "long ago": EventPageFactory(parent=index, title="Long ago", start=at(-60), end=at(-60, 2)),
        "tomorrow": EventPageFactory(parent=index, title="Tomorrow", start=at(1), end=at(1, 2)),
        "running": EventPageFactory(parent=index, title="Running", start=at(0, -1), end=at(0, 1)),
        "yesterday": EventPageFactory(parent=index, title="Yesterday", start=at(-1), end=at(-1, 2)),
        "just ended": EventPageFactory(parent=index, title="Just ended", start=at(0, -2), end=NOW),
    }
    return events


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_now")
class TestUpcomingAndPast:
    def test_upcoming_is_the_default_soonest_first_including_the_running_event(self, client, timeline):
        response = client.get("/events/")
        assert titles(response) == ["Running", "Tomorrow", "Next month"]

    def test_past_is_most_recent_first_and_an_event_ending_now_is_past(self, client, timeline):
        response = client.get("/events/?when=past")
        assert titles(response) == ["Just ended", "Yesterday", "Long ago"]
        assert "<h1>Past events</h1>" in response.content.decode()

    def test_the_split_moves_with_time(self, client, timeline):
        with time_machine.travel(at(1, 1), tick=False):
            assert titles(client.get("/events/")) == ["Tomorrow", "Next month"]
            assert titles(client.get("/events/?when=past"))[:2] == ["Running", "Just ended"]

    def test_upcoming_events_are_grouped_by_month(self, client, timeline):
        html = client.get("/events/").content.decode()
        november, december = html.index('<h2 id="month-2026-11">November 2026</h2>'), html.index("December 2026")
        assert november < html.index("Tomorrow") < december < html.index("Next month")

    def test_the_running_event_has_a_live_now_badge_and_no_other_does(self, client, timeline):
        html = client.get("/events/").content.decode()
        cards = html.split('<li class="card event-card')[1:]
        live = [card for card in cards if "Live now" in card]
        assert len(live) == 1 and ">Running<" in live[0]

    def test_drafts_are_not_listed(self, client, index, timeline):
        EventPageFactory(parent=index, title="Draft", start=at(2), end=at(2, 1), live=False, publish=False)
        response = client.get("/events/")
        assert "Draft" not in titles(response)


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_now")
class TestFiltersAndCards:
    def test_filter_by_format(self, client, index):
        EventPageFactory(parent=index, title="In the hall", start=at(1), end=at(1, 1))
        online(parent=index, title="On the call", start=at(2), end=at(2, 1))
        assert titles(client.get("/events/?format=online")) == ["On the call"]
        assert titles(client.get("/events/?format=in_person")) == ["In the hall"]

    def test_filter_by_topic(self, client, index):
        EventPageFactory(parent=index, title="Grants", start=at(1), end=at(1, 1), topics=["funding"])
        EventPageFactory(parent=index, title="Buildings", start=at(2), end=at(2, 1), topics=["buildings", "funding"])
        EventPageFactory(parent=index, title="Training", start=at(3), end=at(3, 1), topics=["training"])
        response = client.get("/events/?topic=funding")
        assert titles(response) == ["Grants", "Buildings"]
        assert '<option value="training">training</option>' in response.content.decode()

    def test_an_unknown_filter_value_is_reported_and_ignored(self, client, index):
        EventPageFactory(parent=index, title="Grants", start=at(1), end=at(1, 1), topics=["funding"])
        EventPageFactory(parent=index, title="Training", start=at(3), end=at(3, 1), topics=["training"])
        response = client.get("/events/?format=%3Cb%3Ebogus&topic=funding")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Select a valid choice. &lt;b&gt;bogus is not one of the available choices." in html
        assert titles(response) == ["Grants"]

    def test_card_shows_date_time_zone_format_and_where(self, client, index):
        EventPageFactory(
            parent=index,
            title="Summer fair",
            start=timezone.make_aware(datetime.datetime(2027, 7, 3, 14, 0)),
            end=timezone.make_aware(datetime.datetime(2027, 7, 3, 17, 30)),
            venue_name="Westbury Park",
        )
        online(parent=index, title="Winter call", start=at(1), end=at(1, 1))
        html = client.get("/events/").content.decode()
        summer = html[html.index("Summer fair") :]
        assert "Sat 3 July 2027, 14:00</time> to" in summer and "17:30" in summer
        assert '<abbr title="Europe/London, UTC+01:00">BST</abbr>' in summer
        assert "Westbury Park" in summer and ">In person<" in summer
        winter = html[html.index("Winter call") : html.index("Summer fair")]
        assert '<abbr title="Europe/London, UTC+00:00">GMT</abbr>' in winter
        assert 'event-card-where">Online</p>' in winter
        assert "Times are London time (Europe/London)." in html

    def test_status_is_shown_on_the_card(self, client, index):
        EventPageFactory(parent=index, title="Called off", start=at(1), end=at(1, 1), status=EventPage.Status.CANCELLED)
        html = client.get("/events/").content.decode()
        assert '<span class="badge warning">Cancelled</span>' in html

    def test_pagination(self, client, index, monkeypatch):
        monkeypatch.setattr(EventIndexPage, "events_per_page", 2)
        for day in range(1, 6):
            EventPageFactory(parent=index, title=f"Day {day}", start=at(day), end=at(day, 1), topics=["x"])
        assert titles(client.get("/events/?topic=x")) == ["Day 1", "Day 2"]
        third = client.get("/events/?topic=x&page=3")
        assert titles(third) == ["Day 5"]
        assert "Page 3 of 3" in third.content.decode()
        second = client.get("/events/?topic=x&page=2").content.decode()
        assert 'href="?topic=x&amp;page=3"' in second and 'href="?topic=x&amp;page=1"' in second

    def test_a_title_is_escaped(self, client, index):
        EventPageFactory(parent=index, title="<script>alert(1)</script>", start=at(1), end=at(1, 1))
        html = client.get("/events/").content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def listing_queries(client):
    client.get("/events/")  # warm-up: creates the image renditions once
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/events/")
    assert response.status_code == 200
    html = response.content.decode()
    return len(queries), len(titles(response)), html.count('class="event-card-wall"'), html.count("Topics: ")


@pytest.mark.django_db
@pytest.mark.timeout(300)
@pytest.mark.usefixtures("frozen_now")
def test_listing_queries_do_not_grow_with_the_number_of_events(client, index, monkeypatch):
    """Every card shows an image, topics, format, status and (when live) its wall: 5 and 50 cost the same."""
    monkeypatch.setattr(EventIndexPage, "events_per_page", 100)
    image = wagtail_factories.ImageFactory()

    def add_events(count, first_day):
        for n in range(count):
            event = EventPageFactory(
                parent=index,
                # Every third event is running now (and shows its wall link); the rest are upcoming.
                start=at(0, -1) if n % 3 == 0 else at(first_day + n, 1),
                end=at(0, 1 + n) if n % 3 == 0 else at(first_day + n, 2),
                image=image if n % 2 else None,
                topics=[f"topic {n % 3}", "all"],
                status=EventPage.Status.POSTPONED if n % 5 == 4 else EventPage.Status.SCHEDULED,
                publish=False,  # live pages without revisions: quicker to make, the same to list
            )
            if n % 4 == 0:
                Wall.objects.create(title=event.title, slug=f"wall-{event.pk}", event=event)

    add_events(5, 0)
    five = listing_queries(client)
    add_events(45, 5)
    fifty = listing_queries(client)
    # Cards, wall links (live events with a wall) and topic lines were all rendered.
    assert five[1:] == (5, 1, 5)
    assert fifty[1:] == (50, 4, 50)
    assert five[0] == fifty[0]
