"""Which events are upcoming, past or running, and how their times read in the site's time zone.

Times are stored in UTC and shown in settings.TIME_ZONE (Europe/London by default), with the
zone's abbreviation for that date (GMT in winter, BST in summer).
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from wagtail.images import get_image_model

from .choices import EventStatus

CARD_IMAGE_FILTER = "fill-640x360"


def upcoming(queryset, now=None):
    """Events that have not finished yet (including running ones), soonest first."""
    now = now or timezone.now()
    return queryset.filter(end__gt=now).order_by("start", "end", "pk")


def past(queryset, now=None):
    """Events that have finished, most recent first."""
    now = now or timezone.now()
    return queryset.filter(end__lte=now).order_by("-start", "-end", "-pk")


def running(queryset, now=None):
    """Events running at `now`: start <= now < end, and neither cancelled nor postponed."""
    now = now or timezone.now()
    return queryset.filter(
        start__lte=now, end__gt=now, status__in=[EventStatus.SCHEDULED, EventStatus.MOVED_ONLINE]
    ).order_by("start", "pk")


def for_cards(queryset):
    """Everything an event card shows, fetched in a fixed number of queries whatever the count."""
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_FILTER)
    return queryset.select_related("wall").prefetch_related("tags", Prefetch("image", queryset=images))


def site_time_zone_name():
    return settings.TIME_ZONE


def zone_abbreviation(value):
    """'GMT' or 'BST' (for Europe/London) for the instant `value`."""
    return timezone.localtime(value).tzname()


def when_text(event):
    """A one-line human date and time, e.g. 'Wed 25 November 2026, 10:00 to 13:00 GMT'."""
    start = timezone.localtime(event.start)
    end = timezone.localtime(event.end)
    if start.date() == end.date():
        if start.tzname() == end.tzname():
            return f"{day_text(start)}, {start:%H:%M} to {end:%H:%M} {end.tzname()}"
        return f"{day_text(start)}, {start:%H:%M} {start.tzname()} to {end:%H:%M} {end.tzname()}"
    return f"{day_text(start)}, {start:%H:%M} {start.tzname()} to {day_text(end)}, {end:%H:%M} {end.tzname()}"


def day_text(local):
    """'Wed 25 November 2026' (no leading zero, on any platform's strftime)."""
    return f"{local:%a} {local.day} {local:%B %Y}"
