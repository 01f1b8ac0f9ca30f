"""Repeating events against known calendars: the wall clock kept across the change between BST and
GMT, a "fifth Monday" that some months lack, the 31st, an end date and a count; single dates
cancelled or moved; the listing (a query count that does not grow), the event page, JSON-LD, and
the calendar feed read back through `icalendar` and `dateutil`."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil import rrule
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import EventOccurrenceChange, EventPage
from events.recurrence import occurrences

from .factories import EventPageFactory

# Changing settings.TIME_ZONE runs receivers that may read the database.
pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def london(settings):
    settings.TIME_ZONE = "Europe/London"


def at(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


def series(start, hours=2, **rule):
    return EventPage(title="Repair café", start=start, end=start + datetime.timedelta(hours=hours), **rule)


def local_starts(event, **window):
    return [timezone.localtime(o.start).strftime("%a %d %b %Y %H:%M %Z") for o in occurrences(event, **window)]


def test_weekly_keeps_the_local_time_across_the_end_of_summer_time():
    event = series(at(2027, 10, 26, 19, 0), repeat="weekly", repeat_count=3)
    found = occurrences(event)
    assert local_starts(event) == [
        "Tue 26 Oct 2027 19:00 BST",
        "Tue 02 Nov 2027 19:00 GMT",
        "Tue 09 Nov 2027 19:00 GMT",
    ]
    # The same wall clock is a different instant: 18:00 UTC in summer time, 19:00 UTC after.
    assert [o.start.astimezone(UTC).hour for o in found] == [18, 19, 19]
    assert all(timezone.localtime(o.end).hour == 21 for o in found)


def test_a_fifth_monday_skips_the_months_without_one_and_crosses_both_clock_changes():
    event = series(at(2027, 3, 29, 19, 0), repeat="monthly_weekday", repeat_count=4)
    assert local_starts(event) == [
        "Mon 29 Mar 2027 19:00 BST",
        "Mon 31 May 2027 19:00 BST",
        "Mon 30 Aug 2027 19:00 BST",
        "Mon 29 Nov 2027 19:00 GMT",
    ]


def test_the_second_tuesday_of_each_month():
    event = series(at(2027, 1, 12, 18, 30), repeat="monthly_weekday", repeat_count=4)
    assert [o.start.date().isoformat() for o in occurrences(event)] == [
        "2027-01-12",
        "2027-02-09",
        "2027-03-09",
        "2027-04-13",
    ]


def test_monthly_by_date_skips_months_without_that_date():
    event = series(at(2027, 1, 31, 10, 0), repeat="monthly_date", repeat_count=4)
    assert [o.start.date().isoformat() for o in occurrences(event)] == [
        "2027-01-31",
        "2027-03-31",
        "2027-05-31",
        "2027-07-31",
    ]


def test_fortnightly_until_an_end_date_includes_that_day():
    event = series(at(2027, 1, 6, 10, 0), repeat="fortnightly", repeat_until=datetime.date(2027, 2, 3))
    assert [o.start.date().isoformat() for o in occurrences(event)] == ["2027-01-06", "2027-01-20", "2027-02-03"]


def test_a_window_returns_only_the_occurrences_inside_it():
    event = series(at(2027, 1, 6, 10, 0), repeat="weekly", repeat_count=10)
    found = occurrences(event, after=at(2027, 1, 20, 11, 0), before=at(2027, 2, 4, 0, 0))
    # 20 Jan is still running at 11:00 (it ends at 12:00), so it is in; 3 Feb is the last.
    assert [o.start.date().isoformat() for o in found] == ["2027-01-20", "2027-01-27", "2027-02-03"]


def test_single_dates_are_cancelled_or_moved_without_touching_the_rest(index):
    event = EventPageFactory(parent=index, start=at(2027, 1, 12, 18, 30), repeat="monthly_weekday", repeat_count=4)
    event.occurrence_changes = [
        EventOccurrenceChange(occurrence_date=datetime.date(2027, 2, 9), cancelled=True, note="The hall is closed."),
        EventOccurrenceChange(
            occurrence_date=datetime.date(2027, 3, 9),
            new_start=at(2027, 3, 10, 19, 0),
            new_end=at(2027, 3, 10, 21, 0),
            note="One day later this month.",
        ),
    ]
    event.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    found = {o.planned_start.date().isoformat(): o for o in occurrences(event)}
    assert found["2027-02-09"].status == "cancelled"
    assert found["2027-02-09"].occurrence_note == "The hall is closed."
    moved = found["2027-03-09"]
    assert moved.occurrence_moved and timezone.localtime(moved.start) == at(2027, 3, 10, 19, 0)
    assert [found[d].status for d in ("2027-01-12", "2027-04-13")] == ["scheduled", "scheduled"]
    assert timezone.localtime(found["2027-04-13"].start).hour == 18


def test_a_repeating_event_needs_an_end_date_or_a_count_and_takes_no_sign_ups(index):
    event = EventPageFactory.build(start=at(2027, 1, 12, 18, 30), end=at(2027, 1, 12, 20, 0), repeat="weekly")
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "repeat_until" in error.value.message_dict
    event.repeat_count, event.takes_signups, event.capacity = 5, True, 10
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "takes_signups" in error.value.message_dict
    change = EventOccurrenceChange(occurrence_date=datetime.date(2027, 1, 19))
    with pytest.raises(ValidationError):
        change.clean()


def upcoming_series(index, count, **kwargs):
    """A weekly series that started last week, so its first date is past and the rest upcoming."""
    start = (timezone.localtime() - datetime.timedelta(days=6)).replace(hour=19, minute=0, second=0, microsecond=0)
    defaults = {"start": start, "end": start + datetime.timedelta(hours=2), "repeat": "weekly"}
    return EventPageFactory(parent=index, repeat_count=count, **defaults | kwargs)


def test_the_listing_shows_each_occurrence_at_its_own_date(client, index):
    event = upcoming_series(index, 4, title="Weekly repair café")
    html = client.get(index.url).content.decode()
    assert html.count("Weekly repair café") == 3  # the first date is past
    for occurrence in occurrences(event, after=timezone.now()):
        assert timezone.localtime(occurrence.start).isoformat() in html
    past = client.get(index.url + "?when=past").content.decode()
    assert past.count("Weekly repair café") == 1


def test_the_listing_query_count_does_not_grow_with_occurrences(client, index):
    upcoming_series(index, 2)
    EventPageFactory(parent=index)
    client.get(index.url)  # warm caches (site, settings)
    with CaptureQueriesContext(connection) as few:
        client.get(index.url)
    upcoming_series(index, 40, title="Another series")
    EventPageFactory(parent=index)
    with CaptureQueriesContext(connection) as many:
        response = client.get(index.url)
    assert response.context["events_page"].paginator.count > 12
    assert len(many) == len(few)


def test_the_event_page_lists_the_next_dates_with_changes_and_json_ld_names_the_schedule(client, index):
    event = upcoming_series(index, 6)
    next_dates = occurrences(event, after=timezone.now())
    cancelled = timezone.localtime(next_dates[1].start).date()
    event.occurrence_changes = [EventOccurrenceChange(occurrence_date=cancelled, cancelled=True, note="Half term.")]
    event.save_revision().publish()
    html = client.get(event.url).content.decode()
    assert "Next dates" in html and "Every week on" in html and "6 times" in html
    assert "Cancelled:" in html and "Half term." in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["startDate"] == timezone.localtime(next_dates[0].start).isoformat()
    assert data["eventSchedule"]["repeatFrequency"] == "P1W" and data["eventSchedule"]["repeatCount"] == 6


def test_the_calendar_feed_round_trips_the_rule_and_its_changes(client, index):
    event = EventPageFactory(parent=index, start=at(2027, 10, 19, 19, 0), end=at(2027, 10, 19, 21, 0))
    event.repeat, event.repeat_count = "weekly", 5
    event.occurrence_changes = [
        EventOccurrenceChange(occurrence_date=datetime.date(2027, 10, 26), cancelled=True),
        EventOccurrenceChange(
            occurrence_date=datetime.date(2027, 11, 2),
            new_start=at(2027, 11, 3, 19, 0),
            new_end=at(2027, 11, 3, 21, 0),
            note="Wednesday this week.",
        ),
    ]
    event.save_revision().publish()
    for url in (event.url + "calendar.ics", index.url + "calendar.ics"):
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
        vevents = [v for v in calendar.walk("VEVENT") if str(v["uid"]) == str(event.translation_key)]
        master = next(v for v in vevents if "RECURRENCE-ID" not in v)
        assert master["RRULE"]["FREQ"] == ["WEEKLY"] and master["RRULE"]["COUNT"] == [5]
        dtstart = master.decoded("DTSTART")
        assert str(dtstart.tzinfo) == "Europe/London"
        # Expanded by dateutil from what the calendar says: the same local times as ours.
        rule = rrule.rrulestr(master["RRULE"].to_ical().decode(), dtstart=dtstart)
        exdates = {d.dt for exdate in [master["EXDATE"]] for d in exdate.dts}
        expanded = [d for d in rule if d not in exdates]
        assert [d.strftime("%d %b %H:%M %Z") for d in expanded] == [
            "19 Oct 19:00 BST",
            "02 Nov 19:00 GMT",
            "09 Nov 19:00 GMT",
            "16 Nov 19:00 GMT",
        ]
        (override,) = [v for v in vevents if "RECURRENCE-ID" in v]
        assert override.decoded("RECURRENCE-ID") == at(2027, 11, 2, 19, 0)
        assert override.decoded("DTSTART") == at(2027, 11, 3, 19, 0)
        assert "Wednesday this week." in str(override["DESCRIPTION"])


def test_the_rss_feed_and_home_slot_show_a_series_at_its_next_date(client, index):
    event = upcoming_series(index, 5, title="Weekly repair café")
    next_date = occurrences(event, after=timezone.now())[0]
    feed = client.get(index.url + "feed/").content.decode()
    assert feed.count("<title>Weekly repair café</title>") == 1
    from events import timing

    assert timing.when_text(next_date) in feed
    home = client.get("/").content.decode()
    assert home.count("Weekly repair café") >= 1
