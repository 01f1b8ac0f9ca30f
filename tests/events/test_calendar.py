"""The .ics feeds, parsed back with icalendar and checked field by field."""

import datetime
import zoneinfo

import icalendar
import pytest
import time_machine
from django.utils import timezone

from events.models import EventPage

from .factories import EventPageFactory, online

LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = datetime.UTC
NOW = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def only_event(calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


@pytest.fixture
def clocks_go_back(index, frozen_now):
    """00:30 BST to 03:00 GMT on the night the clocks go back: three and a half hours."""
    return EventPageFactory(
        parent=index,
        title="All-night helpline rehearsal",
        slug="helpline-rehearsal",
        summary="Volunteers rehearse the overnight shift.",
        start=datetime.datetime(2026, 10, 25, 0, 30, tzinfo=LONDON),
        end=datetime.datetime(2026, 10, 25, 3, 0, tzinfo=LONDON),
        venue_name="Westshire Community Hub",
        venue_address="12 Market Street\nWestbury",
        venue_postcode="WS1 2AB",
        topics=["volunteering"],
    )


@pytest.mark.django_db
class TestSingleEventCalendar:
    def test_served_as_a_calendar_file_with_a_filename(self, client, clocks_go_back):
        response = client.get("/events/helpline-rehearsal/calendar.ics")
        assert response["Content-Disposition"] == 'attachment; filename="helpline-rehearsal.ics"'
        calendar = parse(response)
        assert calendar["VERSION"] == "2.0"
        assert calendar["PRODID"] == "-//Community Portal//Events//EN"

    def test_fields(self, client, clocks_go_back):
        event = only_event(parse(client.get("/events/helpline-rehearsal/calendar.ics")))
        page = EventPage.objects.get(pk=clocks_go_back.pk)
        assert str(event["UID"]) == str(page.translation_key)
        assert str(event["SUMMARY"]) == "All-night helpline rehearsal"
        assert str(event["LOCATION"]) == "Westshire Community Hub, 12 Market Street, Westbury, WS1 2AB"
        assert str(event["URL"]) == "http://testserver/events/helpline-rehearsal/"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert "Volunteers rehearse the overnight shift." in str(event["DESCRIPTION"])
        assert event.categories == ["Volunteering"]  # the shared topic (seeded by groups/0002)
        assert event.decoded("DTSTAMP") == page.last_published_at == NOW
        assert event.decoded("LAST-MODIFIED") == page.last_published_at

    def test_times_cross_the_change_from_bst_to_gmt(self, client, clocks_go_back):
        calendar = parse(client.get("/events/helpline-rehearsal/calendar.ics"))
        event = only_event(calendar)
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event["DTEND"].params["TZID"] == "Europe/London"
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.astimezone(UTC) == datetime.datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
        assert end.astimezone(UTC) == datetime.datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
        assert end.astimezone(UTC) - start.astimezone(UTC) == datetime.timedelta(hours=3, minutes=30)
        # The calendar carries its own definition of the zone, with both sides of the change.
        (vtimezone,) = calendar.walk("VTIMEZONE")
        assert vtimezone["TZID"] == "Europe/London"
        names = {str(part["TZNAME"]) for part in vtimezone.subcomponents}
        assert {"GMT", "BST"} <= names
        assert vtimezone.to_tz().utcoffset(datetime.datetime(2026, 10, 25, 0, 30)) == datetime.timedelta(hours=1)
        assert vtimezone.to_tz().utcoffset(datetime.datetime(2026, 10, 25, 3, 0)) == datetime.timedelta(0)

    def test_uid_is_stable_across_edits_and_last_modified_moves(self, client, clocks_go_back, frozen_now):
        before = only_event(parse(client.get("/events/helpline-rehearsal/calendar.ics")))
        frozen_now.shift(datetime.timedelta(days=2))
        clocks_go_back.title = "Overnight helpline rehearsal"
        clocks_go_back.start += datetime.timedelta(hours=1)
        clocks_go_back.save_revision().publish()
        after = only_event(parse(client.get("/events/helpline-rehearsal/calendar.ics")))
        assert after["UID"] == before["UID"]
        assert str(after["SUMMARY"]) == "Overnight helpline rehearsal"
        assert after.decoded("LAST-MODIFIED") == NOW + datetime.timedelta(days=2)
        assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")

    def test_a_non_ascii_slug_gets_an_encoded_filename(self, client, index, frozen_now):
        event = EventPageFactory(parent=index, slug="café-morning")
        response = client.get(f"{event.url}calendar.ics")
        assert response["Content-Disposition"] == "attachment; filename*=utf-8''caf%C3%A9-morning.ics"
        assert str(only_event(parse(response))["UID"]) == str(event.translation_key)

    def test_cancelled_event_has_status_cancelled(self, client, index, frozen_now):
        event = EventPageFactory(parent=index, slug="called-off", status=EventPage.Status.CANCELLED)
        vevent = only_event(parse(client.get(f"{event.url}calendar.ics")))
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert str(vevent["SUMMARY"]).startswith("Cancelled: ")

    def test_online_event_location_and_joining_link(self, client, index, frozen_now):
        event = online(parent=index, slug="webinar", joining_link="https://meet.example.org/webinar")
        vevent = only_event(parse(client.get(f"{event.url}calendar.ics")))
        assert str(vevent["LOCATION"]) == "https://meet.example.org/webinar"
        assert "Join online: https://meet.example.org/webinar" in str(vevent["DESCRIPTION"])

    def test_an_unpublished_event_has_no_calendar(self, client, index, frozen_now):
        event = EventPageFactory(parent=index, slug="draft-event")
        event.unpublish()
        assert client.get("/events/draft-event/calendar.ics").status_code == 404

    def test_other_pages_have_no_calendar(self, client, index):
        assert client.get("/no-such-page/calendar.ics").status_code == 404


@pytest.mark.django_db
class TestSubscriptionCalendar:
    def test_upcoming_and_recent_events_with_the_same_uids(self, client, index, clocks_go_back, frozen_now):
        recent = EventPageFactory(parent=index, title="Last month", start=NOW - datetime.timedelta(days=30))
        EventPageFactory(parent=index, title="Last year", start=NOW - datetime.timedelta(days=365))
        response = client.get("/events/calendar.ics")
        assert response["Content-Disposition"] == 'inline; filename="events.ics"'
        calendar = parse(response)
        assert str(calendar["X-WR-CALNAME"]) == "Community Portal: Events"
        events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
        assert set(events) == {"All-night helpline rehearsal", "Last month"}
        assert str(events["Last month"]["UID"]) == str(recent.translation_key)
        single = only_event(parse(client.get("/events/helpline-rehearsal/calendar.ics")))
        assert events["All-night helpline rehearsal"]["UID"] == single["UID"]
        assert len(calendar.walk("VTIMEZONE")) == 1

    def test_the_listing_links_to_the_feeds(self, client, index):
        html = client.get("/events/").content.decode()
        link = (
            '<link rel="alternate" type="text/calendar" title="Community Portal: events (iCalendar)" '
            'href="http://testserver/events/calendar.ics">'
        )
        assert link in html
        assert 'href="webcal://testserver/events/calendar.ics">Subscribe in your calendar</a>' in html


def test_times_are_stored_in_utc_and_shown_in_london():
    aware = timezone.make_aware(datetime.datetime(2026, 7, 1, 10, 0))
    assert aware.utcoffset() == datetime.timedelta(hours=1)
