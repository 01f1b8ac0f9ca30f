"""iCalendar (RFC 5545) output for one event or a subscription feed, built with `icalendar`.

Times are written in the site's time zone with a VTIMEZONE component, so a calendar shows
10:00 BST as 10:00 BST whatever its own zone. UIDs are the page's own random key
(Page.translation_key, a UUID made when the page is created): neither an edit nor a new host name
changes them, so a subscribed calendar updates the event instead of duplicating it.

An online event's joining link goes where calendar programs look (LOCATION when there is no
venue, URL, RFC 7986 CONFERENCE), never into a cancelled event. A postponed or cancelled event
keeps its old times but is TRANSPARENT, so the stale slot is not shown as busy; when it gets a
new date the same UID comes back CONFIRMED with a higher SEQUENCE, and calendars move it.

A repeating event is one VEVENT with its RRULE (events.recurrence), an EXDATE for each cancelled
date, and for each moved date an override VEVENT with the same UID and a RECURRENCE-ID naming the
planned start; the override's DESCRIPTION carries the editor's note.
"""

import zoneinfo
from datetime import UTC, datetime, timedelta

import icalendar
from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header, http_date

from home.models import PortalSettings

from . import recurrence
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
    cutoff = now - timedelta(days=RECENT_DAYS)
    running_series = ~Q(repeat="") & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=cutoff.date()))
    events = index.events().filter(Q(end__gt=cutoff) | running_series).order_by("start", "pk")
    return list(events.prefetch_related("shared_topics", "occurrence_changes")[:FEED_LIMIT])


# SEQUENCE counts seconds from here to the last publication: it only grows, so a calendar that
# holds an older copy of the event (an imported file) takes a moved or re-timed one as newer.
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
JOINING_LINK_LATER = "the joining link will be sent to registered participants"


def venue_text(event):
    parts = [event.venue_name, event.venue_address.replace("\n", ", ").strip(), event.venue_postcode]
    return ", ".join(part for part in parts if part)


def joining_link(event):
    """The link to join online, when there is one to give: never for a cancelled event."""
    if event.is_online and event.joining_link and event.status != EventStatus.CANCELLED:
        return event.joining_link
    return ""


def location_text(event):
    """Where calendar programs look for the place: the venue, else the joining link itself."""
    if event.has_venue:
        return venue_text(event)
    if joining_link(event):
        return joining_link(event)
    if event.joining_link_later and event.status != EventStatus.CANCELLED:
        return f"Online: {JOINING_LINK_LATER}"
    return "Online"


def description_text(event, url):
    lines = [event.summary]
    if getattr(event, "occurrence_note", ""):
        lines.insert(0, event.occurrence_note)
    if event.repeat and not getattr(event, "is_occurrence", False):
        lines.append(f"{recurrence.description(event)}.")
    if event.status == EventStatus.POSTPONED:
        lines.insert(0, "Postponed: a new date will be announced. The time shown is the original plan.")
    elif event.status != EventStatus.SCHEDULED:
        lines.insert(0, f"{event.get_status_display()}.")
    if joining_link(event):
        lines.append(f"Join online: {joining_link(event)}")
    elif event.is_online and event.joining_link_later and event.status != EventStatus.CANCELLED:
        lines.append(f"Online: {JOINING_LINK_LATER}.")
    if event.known_access_features:  # answered features only: not known is not "no"
        answers = "; ".join(f"{label}: {'yes' if answer else 'no'}" for label, answer in event.known_access_features)
        lines.append(f"Access: {answers}.")
    lines.append(f"Details: {url}")
    return "\n\n".join(lines)


def build_event(event, request, zone):
    url = event.get_full_url(request)
    link = joining_link(event)
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    modified = event.last_published_at or event.latest_revision_created_at or timezone.now()
    # Without a METHOD, DTSTAMP is when the information was last revised (RFC 5545, 3.8.7.2).
    vevent.add("dtstamp", modified.astimezone(UTC))
    vevent.add("last-modified", modified.astimezone(UTC))
    vevent.add("sequence", max(0, int((modified - SEQUENCE_EPOCH).total_seconds())))
    if event.first_published_at:
        vevent.add("created", event.first_published_at.astimezone(UTC))
    vevent.add("dtstart", event.start.astimezone(zone))
    vevent.add("dtend", event.end.astimezone(zone))
    summary = event.title
    if event.status in (EventStatus.CANCELLED, EventStatus.POSTPONED):
        summary = f"{event.get_status_display()}: {event.title}"
    vevent.add("summary", summary)
    vevent.add("description", description_text(event, url))
    vevent.add("location", location_text(event))
    # Calendar programs open URL from the event; for an online event that should join it.
    vevent.add("url", link or url)
    if link:
        vevent.add("conference", link, parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Join online"})
    vevent.add("status", ICS_STATUS[event.status])
    # A postponed or cancelled event keeps its old times (DTSTART is required), but must not
    # hold that slot as busy (RFC 5545, 3.8.2.7).
    vevent.add("transp", "OPAQUE" if ICS_STATUS[event.status] == "CONFIRMED" else "TRANSPARENT")
    topics = [topic.name for topic in event.shared_topics.all()]
    if topics:
        vevent.add("categories", topics)
    return vevent


def planned_start(event, change, zone):
    """The start the rule planned for a changed date: that date at the series' wall-clock time."""
    local = timezone.localtime(event.start).replace(tzinfo=None)
    return timezone.make_aware(datetime.combine(change.occurrence_date, local.time())).astimezone(zone)


def build_components(event, request, zone):
    """The event's VEVENT; for a series, with its RRULE and EXDATEs, then one override per moved date."""
    master = build_event(event, request, zone)
    if not event.repeat:
        return [master]
    master.add("rrule", recurrence.rule_parts(event))
    changes = list(event.occurrence_changes.all())
    cancelled = [planned_start(event, c, zone) for c in changes if c.cancelled]
    if cancelled:
        master.add("exdate", cancelled)
    components = [master]
    for change in changes:
        if change.cancelled:
            continue
        planned = timezone.localtime(planned_start(event, change, zone)).replace(tzinfo=None)
        override = build_event(recurrence.make_occurrence(event, planned, change), request, zone)
        override.add("recurrence-id", planned_start(event, change, zone))
        components.append(override)
    return components


def last_end(event):
    """The end of the event's last occurrence (or of a year of them, for a long series)."""
    if not event.repeat:
        return event.end
    starts = recurrence.planned_starts(event)
    return timezone.make_aware(starts[-1] + recurrence.wall_clock_duration(event)) if starts else event.end


def build_calendar(events, request, name):
    """The iCalendar file, the same under every language prefix (and in every e-mail): its few words
    (statuses, repeat rules, access answers) are in the site's default language, as one file is
    shared by every subscriber, and its dates are RFC 5545's."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build_calendar(events, request, name)


def _build_calendar(events, request, name):
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
        for component in build_components(event, request, zone):
            calendar.add_component(component)
    if events:
        first = min(event.start for event in events).astimezone(zone).date() - timedelta(days=366)
        last = max(last_end(event) for event in events).astimezone(zone).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def calendar_name(request, title):
    """'Westshire Community Portal: Events': a subscribed calendar is named after the site."""
    return f"{PortalSettings.for_request_or_default(request).organisation_name}: {title}"


def calendar_response(request, events, filename, title, attachment, last_modified):
    """The calendar file, with Last-Modified; ConditionalGetMiddleware adds the ETag and answers 304s."""
    body = build_calendar(list(events), request, calendar_name(request, title))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # Handles a non-ASCII slug too (RFC 6266 filename*).
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["Last-Modified"] = http_date(last_modified.timestamp())
    return response
