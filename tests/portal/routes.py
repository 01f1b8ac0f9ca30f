"""The portal's public routes, discovered rather than listed, for tests that try every one: the
URLconf's routes (sample values for their parameters), every live page and each routable page's
sub-routes; and a site with one page of every type to discover them on."""

import re

from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.home.factories import StandardPageFactory
from tests.hub.factories import DiscussionPageFactory, HubIndexPageFactory
from tests.livewall.factories import WallFactory
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

# Editors' screens, and Wagtail's own sign-in views for private pages (class-based, stating their methods).
PRIVATE_PREFIXES = ("admin/", "django-admin/", "_util/")


def site_routes(wall_slug):
    """Non-page routes of the URLconf, with sample values for their parameters."""
    samples = {"slug": wall_slug, "path": "no-such-file.txt", "page_path": "events/", "document_id": "1"}
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith(PRIVATE_PREFIXES):
                    walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and not route.startswith(PRIVATE_PREFIXES):
                routes.append(route)

    walk(get_resolver().url_patterns, "")
    paths = set()
    for route in routes:
        if route.startswith("^") or "(?P" in route:  # a regular expression: the events calendar file
            if "calendar" in route:
                paths.add("/events/calendar.ics")
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: samples.get(m.group(1), "1"), route)
        if path.startswith("documents/"):
            path = "documents/1/no-such-file.pdf" if "<" not in route else path
        paths.add("/" + path)
    return paths


def page_routes():
    """Every live page, and each routable page's sub-routes (integer arguments as 1)."""
    paths = set()
    for page in Page.objects.live().specific():
        url = page.url
        if not url:
            continue
        paths.add(url)
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_resolver().url_patterns:
                sub = re.sub(r"<(?:\w+:)?(\w+)>", "1", str(pattern.pattern)).lstrip("^").rstrip("$")
                paths.add(url + sub.replace("\\.", "."))
    return paths


def one_of_everything(home):
    """One page of every type under `home` and a wall; the public paths of that site."""
    library = ResourceIndexPageFactory(parent=home)
    ResourcePageFactory(parent=library)
    events = EventIndexPageFactory(parent=home)
    EventPageFactory(parent=events)
    hub = HubIndexPageFactory(parent=home)
    DiscussionPageFactory(parent=hub)
    StandardPageFactory(parent=home)
    wall = WallFactory()
    return sorted(site_routes(wall.slug) | page_routes())
