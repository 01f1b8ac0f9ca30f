"""The event page: details, accessibility, links, "live now" at its edges and the live wall hook."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from events.models import EventPage
from livewall.models import Wall

from .factories import EventPageFactory, hybrid, online

START = timezone.make_aware(datetime.datetime(2026, 11, 20, 18, 0))
END = START + datetime.timedelta(hours=2)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def evening(index):
    return hybrid(
        parent=index,
        title="Open board meeting",
        start=START,
        end=END,
        venue_name="Westbury Town Hall",
        venue_address="High Street\nWestbury",
        venue_postcode="WS1 1AA",
        hashtag="#OpenBoard",
        step_free_access=True,
        hearing_loop=True,
        accessibility_notes="Lift at the side entrance.",
        capacity=80,
        registration_link="https://tickets.example.org/board",
        organisers=["Westshire Council", "Westshire Voluntary Action"],
        topics=["governance"],
    )


@pytest.mark.django_db
class TestLiveAtTheEdges:
    @pytest.mark.parametrize(
        "moment, live",
        [(START - SECOND, False), (START, True), (END - SECOND, True), (END, False), (END + SECOND, False)],
    )
    def test_live_from_the_start_instant_until_just_before_the_end(self, evening, moment, live):
        assert evening.is_live(moment) is live

    @pytest.mark.parametrize("status", [EventPage.Status.CANCELLED, EventPage.Status.POSTPONED])
    def test_cancelled_and_postponed_events_are_never_live(self, index, status):
        event = EventPageFactory(parent=index, start=START, end=END, status=status)
        assert event.is_live(START) is False

    def test_an_event_moved_online_is_live(self, index):
        event = EventPageFactory(parent=index, start=START, end=END, status=EventPage.Status.MOVED_ONLINE)
        assert event.is_live(START) is True

    @pytest.mark.parametrize(
        "moment, shown", [(START, True), (END - SECOND, True), (END, False), (START - SECOND, False)]
    )
    def test_the_page_shows_the_live_wall_only_while_live(self, client, evening, moment, shown):
        Wall.objects.create(title="Open board wall", slug="open-board", event=evening)
        with time_machine.travel(moment, tick=False):
            html = client.get(evening.url).content.decode()
        assert ('href="/walls/open-board/"' in html and "Happening now" in html) is shown
        assert ('<span class="badge live">Live now</span>' in html) is shown
        if shown:
            assert 'href="/walls/open-board/screen/"' in html


@pytest.mark.django_db
class TestLiveWallHook:
    def test_live_wall_is_the_related_wall(self, evening):
        wall = Wall.objects.create(title="Board wall", slug="board", event=evening)
        assert EventPage.objects.get(pk=evening.pk).live_wall == wall

    def test_live_wall_is_none_without_a_wall(self, evening):
        assert EventPage.objects.get(pk=evening.pk).live_wall is None

    def test_no_wall_link_while_live_without_a_wall(self, client, evening):
        with time_machine.travel(START, tick=False):
            html = client.get(evening.url).content.decode()
        assert "Live now" in html and "/walls/" not in html


@pytest.mark.django_db
class TestDetails:
    def test_all_details_are_shown(self, client, evening):
        html = client.get(evening.url).content.decode()
        assert "<h1>Open board meeting</h1>" in html
        assert "Friday 20 November 2026, 18:00" in html and "20:00" in html
        assert '<abbr title="Europe/London, UTC+00:00">GMT</abbr>' in html and "London time (Europe/London)" in html
        assert "Westbury Town Hall" in html and "High Street<br>Westbury" in html and "WS1 1AA" in html
        assert "80 places" in html and 'href="https://tickets.example.org/board"' in html
        assert "Westshire Council, Westshire Voluntary Action" in html
        assert "#openboard" in html
        assert 'href="/events/?topic=governance"' in html

    def test_summer_times_are_named_bst(self, client, index):
        event = EventPageFactory(
            parent=index,
            start=timezone.make_aware(datetime.datetime(2027, 6, 1, 9, 30)),
            end=timezone.make_aware(datetime.datetime(2027, 6, 1, 11, 0)),
        )
        html = client.get(event.url).content.decode()
        assert "Tuesday 1 June 2027, 09:30" in html and '<abbr title="Europe/London, UTC+01:00">BST</abbr>' in html

    def test_accessibility_information_lists_only_what_was_answered(self, client, evening):
        html = client.get(evening.url).content.decode()
        assert "Step-free access: <strong>yes</strong>" in html
        assert "Hearing loop: <strong>yes</strong>" in html
        assert "BSL interpretation" not in html and "Parking" not in html  # not known: not published
        assert "not available" not in html
        assert "Lift at the side entrance." in html

    def test_openstreetmap_link_is_a_plain_search_link(self, client, evening):
        html = client.get(evening.url).content.decode()
        assert (
            'href="https://www.openstreetmap.org/search?query=Westbury+Town+Hall%2C+High+Street+Westbury%2C+WS1+1AA"'
            in html
        )
        assert "<iframe" not in html

    def test_join_online_for_hybrid_and_online_only(self, client, index, evening):
        join = 'class="button event-join" href="https://meet.example.org/room"'
        assert join in client.get(evening.url).content.decode()
        remote = online(parent=index, title="Webinar")
        assert "Join online" in client.get(remote.url).content.decode()
        in_person = EventPageFactory(parent=index, title="Coffee morning", joining_link="https://meet.example.org/x")
        assert "Join online" not in client.get(in_person.url).content.decode()

    def test_joining_link_sent_later(self, client, index):
        event = online(parent=index, joining_link="", joining_link_later=True)
        assert "The joining link will be sent to registered participants." in client.get(event.url).content.decode()

    def test_add_to_calendar_link(self, client, evening):
        html = client.get(evening.url).content.decode()
        assert 'href="/events/open-board-meeting/calendar.ics"' in html

    def test_cancelled_event_says_so_and_hides_join_and_register(self, client, evening):
        evening.status = EventPage.Status.CANCELLED
        evening.save_revision().publish()
        html = client.get(evening.url).content.decode()
        assert "This event has been cancelled." in html
        assert "Join online" not in html and "Register for this event" not in html
