"""Which events are upcoming, past or running, and how their times read in the site's time zone.

Times are stored in UTC and shown in settings.TIME_ZONE (Europe/London by default). Each time
carries the zone's abbreviation for its own instant (an event can start in BST and end in GMT),
and the zone is named from the setting ("London time (Europe/London)").
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext
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
    return queryset.select_related("wall", "locale").prefetch_related(
        "shared_topics", Prefetch("image", queryset=images)
    )


def site_time_zone_name():
    return settings.TIME_ZONE


def site_time_zone_text():
    """The configured zone for readers: 'London time (Europe/London)', 'New York time (...)', 'UTC'."""
    name = settings.TIME_ZONE
    if "/" not in name:
        return name
    place = name.rsplit("/", 1)[-1].replace("_", " ")
    return gettext("%(place)s time (%(zone)s)") % {"place": place, "zone": name}


def utc_offset_text(local):
    """'UTC+01:00' for a local time one hour ahead of UTC."""
    minutes = int(local.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_abbreviation(value):
    """'GMT' or 'BST' (for Europe/London) for the instant `value`; the offset where the zone has no
    letters for it (tz data names São Paulo's time '-03')."""
    local = timezone.localtime(value)
    name = local.tzname()
    if not name or name[0] in "+-" or name[0].isdigit():
        return utc_offset_text(local)
    return name


def zone_title(value):
    """'Europe/London, UTC+01:00': the zone and offset of the instant, for an <abbr> title."""
    return f"{settings.TIME_ZONE}, {utc_offset_text(timezone.localtime(value))}"


def when_text(event):
    """A one-line human date and time in the active language, e.g. 'Wed 25 November 2026, 10:00 to
    13:00 GMT' ('Mer 25 Tachwedd 2026, 10:00 tan 13:00 GMT' in Welsh), each time with its own zone
    when a clock change falls between them. Formats: portal/formats/<language>/formats.py."""
    start = timezone.localtime(event.start)
    end = timezone.localtime(event.end)
    start_zone, end_zone = zone_abbreviation(start), zone_abbreviation(end)
    start_time = time_text(start) if start_zone == end_zone else f"{time_text(start)} {start_zone}"
    end_text = f"{time_text(end)} {end_zone}"
    if start.date() != end.date():
        end_text = day_time_text(day_text(end), end_text)
    return pgettext("from one time to another", "%(start)s to %(end)s") % {
        "start": day_time_text(day_text(start), start_time),
        "end": end_text,
    }


def day_time_text(day, time):
    """'Wed 25 November 2026, 10:00'."""
    return pgettext("a day and a time", "%(day)s, %(time)s") % {"day": day, "time": time}


def day_text(local):
    """'Wed 25 November 2026' in the active language (no leading zero)."""
    return formats.date_format(local, "EVENT_SHORT_DAY_FORMAT")


def time_text(local):
    """'19:30': the 24-hour clock of the events pages."""
    return formats.time_format(local, "EVENT_TIME_FORMAT")
