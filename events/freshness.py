"""When an events calendar or feed last changed: its Last-Modified, for conditional GETs.

A file changes when an editor changes something (any page or setting: an edit, a publish, an
unpublish, a move, all written to Wagtail's log) and, with no edit at all, when time moves an
event out of it. The latest of those moments is never earlier than the file's real last change,
so a client's If-Modified-Since never gets a wrong 304. ETags (ConditionalGetMiddleware, from
the content) cover the rest, e.g. a new PORTAL_BASE_URL.
"""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry


def last_edit():
    edits = [model.objects.aggregate(latest=Max("timestamp"))["latest"] for model in (PageLogEntry, ModelLogEntry)]
    return max((edit for edit in edits if edit), default=None)


def last_departure(events, kept_for, now):
    """When the latest event to leave a file left it: files keep events until `kept_for` after they end."""
    ended = events.filter(end__lte=now - kept_for).aggregate(latest=Max("end"))["latest"]
    return ended + kept_for if ended else None


def last_modified(events=None, kept_for=timedelta(0), now=None):
    now = now or timezone.now()
    moments = [last_edit()]
    if events is not None:
        moments.append(last_departure(events, kept_for, now))
    return min(max((moment for moment in moments if moment), default=now), now)
