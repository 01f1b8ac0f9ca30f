"""iCalendar (RFC 5545) output for one event or a subscription feed, built with `icalendar`.

Times are written in the site's time zone with a VTIMEZONE component, so a calendar shows
10:00 BST as 10:00 BST whatever its own zone. UIDs are the page's own random key
(Page.translation_key, a UUID made when the page is created): neither an edit nor a new host name
changes them, so a subscribed calendar updates the event instead of duplicating it.
"""

import zoneinfo
from datetime import timedelta

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from .choices import EventStatus

PRODID = "-//Community Portal//Events//EN"
RECENT_DAYS = 90
FEED_LIMIT = 500
ICS_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.MOVED_ONLINE: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def event_uid(event):
    return f"{event.translation_key}"


def subscription_events(index, now=None):
    """Upcoming events and those that finished in the last RECENT_DAYS days."""
    now = now or timezone.now()
    events = index.events().filter(end__gt=now - timedelta(days=RECENT_DAYS)).order_by("start", "pk")
    return list(events.prefetch_related("tags")[:FEED_LIMIT])


def location_text(event):
    if event.has_venue:
        parts = [event.venue_name, event.venue_address.replace("\n", ", ").strip(), event.venue_postcode]
        return ", ".join(part for part in parts if part)
    return "Online"


def description_text(event, url):
    lines = [event.summary]
    if event.status != EventStatus.SCHEDULED:
        lines.insert(0, f"{event.get_status_display()}.")
    if event.is_online:
        if event.joining_link:
            lines.append(f"Join online: {event.joining_link}")
        elif event.joining_link_later:
            lines.append("The joining link will be sent to registered participants.")
    lines.append(f"Details: {url}")
    return "\n\n".join(lines)


def build_event(event, request, zone):
    url = event.get_full_url(request)
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    modified = event.last_published_at or event.latest_revision_created_at or timezone.now()
    # Without a METHOD, DTSTAMP is when the information was last revised (RFC 5545, 3.8.7.2).
    vevent.add("dtstamp", modified.astimezone(zoneinfo.ZoneInfo("UTC")))
    vevent.add("last-modified", modified.astimezone(zoneinfo.ZoneInfo("UTC")))
    if event.first_published_at:
        vevent.add("created", event.first_published_at.astimezone(zoneinfo.ZoneInfo("UTC")))
    vevent.add("dtstart", event.start.astimezone(zone))
    vevent.add("dtend", event.end.astimezone(zone))
    summary = event.title
    if event.status in (EventStatus.CANCELLED, EventStatus.POSTPONED):
        summary = f"{event.get_status_display()}: {event.title}"
    vevent.add("summary", summary)
    vevent.add("description", description_text(event, url))
    vevent.add("location", location_text(event))
    vevent.add("url", url)
    vevent.add("status", ICS_STATUS[event.status])
    tags = [tag.name for tag in event.tags.all()]
    if tags:
        vevent.add("categories", tags)
    return vevent


def build_calendar(events, request, name):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for event in events:
        calendar.add_component(build_event(event, request, zone))
    if events:
        first = min(event.start for event in events).astimezone(zone).date() - timedelta(days=366)
        last = max(event.end for event in events).astimezone(zone).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def calendar_response(request, events, filename, name, attachment):
    response = HttpResponse(build_calendar(list(events), request, name), content_type="text/calendar; charset=utf-8")
    # Handles a non-ASCII slug too (RFC 6266 filename*).
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    return response
