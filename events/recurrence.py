"""Repeating events: the rule (RFC 5545 RRULE, computed with dateutil.rrule), its occurrences, and the
changes made to single occurrences (cancelled, or moved with a note) without touching the rest.

Occurrences are computed on the site's wall clock: a meeting at 19:00 stays at 19:00 when the
clocks change between GMT and BST (the rule runs over naive local times, each made aware in the
site's zone afterwards). An occurrence is a shallow copy of its EventPage with its own start, end
and status, so every template, tag and feed that takes an event takes an occurrence too. Nothing
here queries the database: the series and its `occurrence_changes` are fetched by the caller
(prefetched for a listing), so a listing costs the same queries however many occurrences it shows.
"""

import copy
from datetime import UTC, datetime, time, timedelta

from dateutil import rrule
from django.db import models
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .choices import EventStatus

# How far ahead (and back, for past listings) a series without an end is expanded.
HORIZON = timedelta(days=366)
MAX_COUNT = 520
WEEKDAYS = [rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU]
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ORDINALS = {
    1: pgettext_lazy("the first Tuesday of the month", "first"),
    2: pgettext_lazy("the second Tuesday of the month", "second"),
    3: pgettext_lazy("the third Tuesday of the month", "third"),
    4: pgettext_lazy("the fourth Tuesday of the month", "fourth"),
    5: pgettext_lazy("the fifth Tuesday of the month", "fifth"),
}
# schema.org's day names (structured data): machine words, never translated.
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class Repeat(models.TextChoices):
    NEVER = "", _("Does not repeat")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Every month on the same weekday (e.g. the second Tuesday)")
    MONTHLY_DATE = "monthly_date", _("Every month on the same date (e.g. the 14th)")


def week_of_month(day):
    """1 for the first seven days of the month, ... 5 for the 29th to the 31st."""
    return (day - 1) // 7 + 1


def rule_parts(event):
    """The rule as RRULE parts (lower-case keys, as icalendar's vRecur takes them), or None."""
    if not event.repeat:
        return None
    local = timezone.localtime(event.start)
    parts = {}
    if event.repeat in (Repeat.WEEKLY, Repeat.FORTNIGHTLY):
        parts["freq"] = "WEEKLY"
        if event.repeat == Repeat.FORTNIGHTLY:
            parts["interval"] = 2
    elif event.repeat == Repeat.MONTHLY_WEEKDAY:
        # "The fifth Monday" exists in some months only; RFC 5545 skips the months without one.
        parts["freq"] = "MONTHLY"
        parts["byday"] = f"{week_of_month(local.day)}{WEEKDAY_CODES[local.weekday()]}"
    else:
        # The 31st likewise: months without that date are skipped.
        parts["freq"] = "MONTHLY"
        parts["bymonthday"] = local.day
    if event.repeat_count:
        parts["count"] = event.repeat_count
    elif event.repeat_until:
        parts["until"] = until_instant(event)
    return parts


def until_instant(event):
    """The end of the last day, in UTC (RFC 5545 wants UNTIL in UTC when DTSTART has a zone)."""
    last = datetime.combine(event.repeat_until, time(23, 59, 59))
    return timezone.make_aware(last).astimezone(UTC)


def _dateutil_rule(event):
    local = timezone.localtime(event.start).replace(tzinfo=None)
    kwargs = {"dtstart": local}
    if event.repeat in (Repeat.WEEKLY, Repeat.FORTNIGHTLY):
        freq = rrule.WEEKLY
        kwargs["interval"] = 2 if event.repeat == Repeat.FORTNIGHTLY else 1
    elif event.repeat == Repeat.MONTHLY_WEEKDAY:
        freq = rrule.MONTHLY
        kwargs["byweekday"] = WEEKDAYS[local.weekday()](week_of_month(local.day))
    else:
        freq = rrule.MONTHLY
        kwargs["bymonthday"] = local.day
    if event.repeat_count:
        kwargs["count"] = min(event.repeat_count, MAX_COUNT)
    elif event.repeat_until:
        kwargs["until"] = datetime.combine(event.repeat_until, time(23, 59, 59))
    return rrule.rrule(freq, **kwargs)


def planned_starts(event, after=None, before=None):
    """The rule's local (naive) start times, from `after` to `before` (aware instants)."""
    if not event.repeat:
        return [timezone.localtime(event.start).replace(tzinfo=None)]
    first = timezone.localtime(event.start)
    after = after or event.start
    before = before or (max(after, event.start) + HORIZON)
    # Compare in naive local time, as the rule does; widen by a day so no edge case is lost.
    low = timezone.localtime(after).replace(tzinfo=None) - timedelta(days=1)
    high = timezone.localtime(before).replace(tzinfo=None) + timedelta(days=1)
    starts = _dateutil_rule(event).between(max(low, first.replace(tzinfo=None)), high, inc=True)
    return starts


def wall_clock_duration(event):
    """The event's length on the wall clock (19:00 to 21:00 is two hours, either side of a change)."""
    return timezone.localtime(event.end).replace(tzinfo=None) - timezone.localtime(event.start).replace(tzinfo=None)


def aware(naive):
    return timezone.make_aware(naive)


def changes_by_date(event):
    """{local date of the planned occurrence: EventOccurrenceChange}, from the prefetched rows."""
    return {change.occurrence_date: change for change in event.occurrence_changes.all()}


def make_occurrence(event, planned, change=None):
    """A shallow copy of the event for one occurrence (planned: naive local start)."""
    duration = wall_clock_duration(event)
    occurrence = copy.copy(event)
    occurrence.planned_start = aware(planned)
    occurrence.start = aware(planned)
    occurrence.end = aware(planned + duration)
    occurrence.occurrence_note = ""
    occurrence.occurrence_moved = False
    occurrence.is_occurrence = bool(event.repeat)
    if change is not None:
        occurrence.occurrence_note = change.note
        if change.cancelled:
            occurrence.status = EventStatus.CANCELLED
        elif change.new_start:
            occurrence.start = change.new_start
            occurrence.end = change.new_end or change.new_start + (occurrence.end - aware(planned))
            occurrence.occurrence_moved = True
    return occurrence


def occurrences(event, after=None, before=None):
    """The event's occurrences overlapping [after, before), in start order, changes applied.
    A one-off event is its own single occurrence."""
    if not event.repeat:
        return [event]
    changes = changes_by_date(event)
    result = []
    for planned in planned_starts(event, after, before):
        occurrence = make_occurrence(event, planned, changes.get(planned.date()))
        if (after is None or occurrence.end > after) and (before is None or occurrence.start < before):
            result.append(occurrence)
    return sorted(result, key=lambda o: (o.start, o.end))


def next_occurrences(event, now=None, count=6):
    now = now or timezone.now()
    return occurrences(event, after=now, before=now + HORIZON)[:count]


def description(event):
    """'Every week on Tuesday, until 30 June 2027' or 'Every month on the second Tuesday, 10 times',
    in the active language (day names from Django's catalogs, the date in the language's format)."""
    if not event.repeat:
        return ""
    local = timezone.localtime(event.start)
    day = WEEKDAY_NAMES[local.weekday()]
    text = {
        Repeat.WEEKLY: lambda: gettext("Every week on %(day)s") % {"day": day},
        Repeat.FORTNIGHTLY: lambda: gettext("Every two weeks on %(day)s") % {"day": day},
        Repeat.MONTHLY_WEEKDAY: lambda: (
            gettext("Every month on the %(ordinal)s %(day)s")
            % {"ordinal": ORDINALS[week_of_month(local.day)], "day": day}
        ),
        Repeat.MONTHLY_DATE: lambda: gettext("Every month on day %(day)d") % {"day": local.day},
    }[event.repeat]()
    if event.repeat_count:
        count = event.repeat_count
        return ngettext("%(rule)s, %(count)d time", "%(rule)s, %(count)d times", count) % {"rule": text, "count": count}
    if event.repeat_until:
        until = formats.date_format(event.repeat_until, "FULL_DATE_FORMAT")
        return gettext("%(rule)s, until %(date)s") % {"rule": text, "date": until}
    return text
