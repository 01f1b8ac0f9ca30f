from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail.models import Site

from events import timing
from events.feeds import feed_title
from events.listing import listed_events
from events.models import EventIndexPage, EventPage
from events.structured_data import script_json
from home.languages import originals
from home.models import PortalSettings

register = template.Library()

HOME_UPCOMING_COUNT = 3


@register.simple_tag
def live_events():
    """The events running now, for the home page's "live now" slot."""
    return list(timing.for_cards(timing.running(originals(EventPage.objects.live().public())))[:3])


@register.simple_tag
def featured_upcoming_events(count=HOME_UPCOMING_COUNT):
    """The next few events that have not started yet (running ones have their own slot)."""
    now = timezone.now()
    events = originals(EventPage.objects.live().public()).exclude(status=EventPage.Status.CANCELLED)
    # Repeating events count at each occurrence (a cancelled date is skipped like a cancelled event).
    upcoming = listed_events(events, now, show_past=False)
    return [event for event in upcoming if event.start > now and event.status != EventPage.Status.CANCELLED][:count]


@register.filter
def event_when(event):
    return timing.when_text(event)


@register.simple_tag(takes_context=True)
def event_is_live(context, event):
    """Is the event running at the context's `now` (set by the page), or else at this moment?"""
    return event.is_live(context.get("now"))


@register.inclusion_tag("events/includes/event_times.html")
def event_times(event, day_format="EVENT_SHORT_DAY_FORMAT", end_day_format="EVENT_SHORT_DAY_NO_YEAR_FORMAT"):
    """Start and end, each labelled with its own zone when a clock change falls between them; the
    formats are names in portal/formats/<language>/formats.py, so each language writes its own."""
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    same_day = start.date() == end.date()
    end_time = timing.time_text(end)
    return {
        "start_text": timing.day_time_text(formats.date_format(start, day_format), timing.time_text(start)),
        "end_text": end_time if same_day else timing.day_time_text(formats.date_format(end, end_day_format), end_time),
        "start": start,
        "end": end,
        "start_zone": timing.zone_abbreviation(start),
        "end_zone": timing.zone_abbreviation(end),
        "start_title": timing.zone_title(start),
        "end_title": timing.zone_title(end),
    }


@register.simple_tag
def site_time_zone():
    """'London time (Europe/London)': the zone of settings.TIME_ZONE, for readers (translated)."""
    return timing.site_time_zone_text()


@register.simple_tag
def json_ld(data):
    """A schema.org JSON-LD script element; the JSON is escaped so user text cannot end the element."""
    return format_html('<script type="application/ld+json">{}</script>', script_json(data))


@register.inclusion_tag("events/includes/feed_links.html", takes_context=True)
def events_feed_links(context):
    """Feed autodiscovery for every page's <head>: the site's events RSS feed and calendar."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {}
    index = EventIndexPage.objects.live().public().descendant_of(site.root_page, inclusive=True).first()
    if index is None:
        return {}
    return {
        "feed_title": feed_title(request),
        "feed_url": f"{index.get_full_url(request)}feed/",
        "calendar_title": gettext("%(site)s: events (iCalendar)")
        % {"site": PortalSettings.for_request_or_default(request).organisation_name},
        "calendar_url": index.calendar_url(request),
    }
