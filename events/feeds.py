"""RSS feed of upcoming events under an events index (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext

from home.models import PortalSettings

from . import timing
from .listing import listed_events

FEED_LIMIT = 50


def feed_title(request):
    """'Westshire Community Portal: upcoming events': a feed reader lists the feed under this."""
    site = PortalSettings.for_request_or_default(request).organisation_name
    return gettext("%(site)s: upcoming events") % {"site": site}


class UpcomingEventsFeed(Feed):
    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        return feed_title(self.request)

    # Full URLs on the portal's public address: the framework would otherwise prefix the request's host.
    def link(self, index):
        return index.get_full_url(self.request)

    def feed_url(self, index):
        return f"{index.get_full_url(self.request)}feed/"

    def description(self, index):
        site_name = PortalSettings.for_request_or_default(self.request).organisation_name
        return gettext("Upcoming events from %(site)s, soonest first. Times are %(zone)s.") % {
            "site": site_name,
            "zone": timing.site_time_zone_text(),
        }

    def items(self, index):
        """Upcoming one-off events, and each repeating event once, at its next occurrence."""
        seen, items = set(), []
        for event in listed_events(index.events(), timezone.now(), show_past=False, limit=FEED_LIMIT):
            if event.pk not in seen:
                seen.add(event.pk)
                items.append(event)
        return items[:FEED_LIMIT]

    def item_title(self, event):
        if event.status != event.Status.SCHEDULED:
            return gettext("%(status)s: %(title)s") % {"status": event.get_status_display(), "title": event.title}
        return event.title

    def item_description(self, event):
        return f"{timing.when_text(event)}. {event.summary}"

    def item_link(self, event):
        return event.get_full_url(self.request)

    def item_pubdate(self, event):
        return event.first_published_at

    def item_updateddate(self, event):
        return event.last_published_at
