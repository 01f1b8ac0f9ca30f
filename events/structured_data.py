"""schema.org Event JSON-LD for an event page, as a plain dict (templates emit it safely escaped)."""

import json
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from home.models import PortalSettings

from . import recurrence
from .choices import EventFormat, EventStatus

SCHEMA = "https://schema.org/"
ATTENDANCE_MODE = {
    EventFormat.IN_PERSON: "OfflineEventAttendanceMode",
    EventFormat.ONLINE: "OnlineEventAttendanceMode",
    EventFormat.HYBRID: "MixedEventAttendanceMode",
}
EVENT_STATUS = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.CANCELLED: "EventCancelled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.MOVED_ONLINE: "EventMovedOnline",
}
IMAGE_FILTER = "fill-1200x675"
# Venues are in the UK (addressCountry GB below), so prices are in pounds.
PRICE_CURRENCY = "GBP"
# The characters that could end a <script> element or open a comment, as JSON unicode escapes.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def place(event):
    address = {"@type": "PostalAddress", "addressCountry": "GB"}
    if event.venue_address:
        address["streetAddress"] = ", ".join(line.strip() for line in event.venue_address.splitlines() if line.strip())
    if event.venue_postcode:
        address["postalCode"] = event.venue_postcode
    venue = {"@type": "Place", "name": event.venue_name, "address": address}
    # Only the features the editor answered (yes or no); one not known is left out, not published as "no".
    features = [
        {"@type": "LocationFeatureSpecification", "name": label, "value": answer}
        for label, answer in event.known_access_features
    ]
    if features:
        venue["amenityFeature"] = features
    return venue


def virtual_location(event, page_url):
    return {"@type": "VirtualLocation", "url": event.joining_link or page_url}


def organisers(event, request, page_url):
    entries = event.organiser_list
    if entries:
        return [
            {"@type": "Organization", "name": entry.name, **({"url": entry.url} if entry.url else {})}
            for entry in entries
        ]
    site_settings = PortalSettings.for_request_or_default(request)
    return [{"@type": "Organization", "name": site_settings.organisation_name, "url": urljoin(page_url, "/")}]


def offer(event):
    """Registration as a schema.org Offer: free unless the editor gave a price; none once cancelled."""
    data = {
        "@type": "Offer",
        "url": event.registration_link,
        "price": f"{event.price:.2f}" if event.price else "0",
        "priceCurrency": PRICE_CURRENCY,
        "availability": SCHEMA + "InStock",
    }
    if event.first_published_at:
        data["validFrom"] = timezone.localtime(event.first_published_at).isoformat()
    return data


REPEAT_FREQUENCY = {
    recurrence.Repeat.WEEKLY: "P1W",
    recurrence.Repeat.FORTNIGHTLY: "P2W",
    recurrence.Repeat.MONTHLY_WEEKDAY: "P1M",
    recurrence.Repeat.MONTHLY_DATE: "P1M",
}


def schedule(event):
    """schema.org Schedule for a repeating event (its wall-clock times in the site's zone)."""
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    data = {
        "@type": "Schedule",
        "repeatFrequency": REPEAT_FREQUENCY[event.repeat],
        "startDate": start.date().isoformat(),
        "startTime": start.strftime("%H:%M:%S"),
        "endTime": end.strftime("%H:%M:%S"),
        "scheduleTimezone": settings.TIME_ZONE,
        "byDay": SCHEMA + recurrence.DAY_NAMES[start.weekday()],
    }
    if event.repeat == recurrence.Repeat.MONTHLY_WEEKDAY:
        data["byMonthWeek"] = recurrence.week_of_month(start.day)
    if event.repeat == recurrence.Repeat.MONTHLY_DATE:
        del data["byDay"]
        data["byMonthDay"] = start.day
    if event.repeat_count:
        data["repeatCount"] = event.repeat_count
    elif event.repeat_until:
        data["endDate"] = event.repeat_until.isoformat()
    return data


def event_json_ld(event, request):
    """The event; a repeating one at its next occurrence (or its last, once over), with its schedule.
    The same whatever the page's language prefix: ISO dates and schema.org's own words."""
    with translation.override(settings.LANGUAGE_CODE):
        return _event_json_ld(event, request)


def _event_json_ld(event, request):
    series = event if event.repeat else None
    if series:
        upcoming = recurrence.next_occurrences(series, count=1)
        event = upcoming[0] if upcoming else event
    url = event.get_full_url(request)
    attendance = ATTENDANCE_MODE[event.format]
    if event.status == EventStatus.MOVED_ONLINE:
        attendance = ATTENDANCE_MODE[EventFormat.ONLINE]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        "eventAttendanceMode": SCHEMA + attendance,
        "eventStatus": SCHEMA + EVENT_STATUS[event.status],
        "organizer": organisers(event, request, url),
    }
    locations = []
    if event.has_venue:
        locations.append(place(event))
    if event.is_online:
        locations.append(virtual_location(event, url))
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.image:
        data["image"] = [urljoin(url, event.image.get_rendition(IMAGE_FILTER).url)]
    if event.registration_link and event.status != EventStatus.CANCELLED:
        data["offers"] = offer(event)
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
    if series:
        data["eventSchedule"] = schedule(series)
    return data


def script_json(data):
    """JSON safe to place inside a <script> element: '</script>' in a title cannot end it."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=2).translate(SCRIPT_ESCAPES))
