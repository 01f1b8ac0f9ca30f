"""The home page's "live now" and "upcoming events" slots show real events."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from events.models import EventPage
from livewall.models import Wall

from .factories import EventPageFactory, hybrid

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 12, 0))
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def live_slot(html):
    start = html.find('class="live-now home-live-slot"')
    return "" if start < 0 else html[start : html.index("</section>", start)]


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_now")
class TestHomeSlots:
    def test_the_running_event_and_its_wall_are_in_the_live_slot(self, client, index):
        running = hybrid(
            parent=index, title="Finding Our Voice", slug="finding-our-voice", start=NOW - HOUR, end=NOW + HOUR
        )
        Wall.objects.create(title="Finding Our Voice", slug="findingourvoice", event=running)
        EventPageFactory(parent=index, title="Tomorrow's surgery", start=NOW + 24 * HOUR, end=NOW + 26 * HOUR)
        slot = live_slot(client.get("/").content.decode())
        assert '<span class="badge live">Live now</span>' in slot
        assert 'href="/events/finding-our-voice/">Finding Our Voice</a>' in slot
        assert 'href="/walls/findingourvoice/"' in slot
        assert "Tomorrow's surgery" not in slot

    def test_no_live_slot_when_nothing_is_running(self, client, index):
        EventPageFactory(parent=index, title="Ended", start=NOW - 2 * HOUR, end=NOW)
        EventPageFactory(parent=index, title="Called off", start=NOW - HOUR, end=NOW + HOUR, status="cancelled")
        assert live_slot(client.get("/").content.decode()) == ""

    def test_upcoming_slot_shows_the_next_few_events_soonest_first(self, client, index):
        for days in (5, 1, 3, 9):
            EventPageFactory(
                parent=index, title=f"In {days} days", start=NOW + days * 24 * HOUR, end=NOW + days * 24 * HOUR + HOUR
            )
        EventPageFactory(parent=index, title="Cancelled one", start=NOW + 2 * 24 * HOUR, status="cancelled")
        EventPageFactory(parent=index, title="Already running", start=NOW - HOUR, end=NOW + HOUR)
        html = client.get("/").content.decode()
        upcoming = html[html.index('class="cards event-cards home-upcoming-list"') :]
        positions = [upcoming.find(f"In {days} days") for days in (1, 3, 5)]
        assert -1 not in positions and positions == sorted(positions)
        assert "In 9 days" not in upcoming
        assert "Cancelled one" not in upcoming and "Already running" not in upcoming.split("</ul>")[0]
        assert EventPage.objects.count() == 6

    def test_upcoming_slot_without_events(self, client, index):
        assert "No upcoming events yet." in client.get("/").content.decode()
