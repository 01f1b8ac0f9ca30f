"""Every public route states the methods it accepts, and answers any other with 405 and an Allow
header: a site with one page of every type and a wall, its routes discovered (the URLconf, every
live page and every routable page's sub-routes), so a new view or page type is covered as it is
added. HEAD answers wherever GET does, with the same status; no public route takes PUT, PATCH,
DELETE or TRACE."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.home.factories import StandardPageFactory
from tests.hub.factories import DiscussionPageFactory, HubIndexPageFactory
from tests.livewall.factories import WallFactory
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
NEVER_PUBLIC = {"PUT", "PATCH", "DELETE", "TRACE"}
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


@pytest.fixture
def public_paths(home):
    library = ResourceIndexPageFactory(parent=home)
    ResourcePageFactory(parent=library)
    events = EventIndexPageFactory(parent=home)
    EventPageFactory(parent=events)
    hub = HubIndexPageFactory(parent=home)
    DiscussionPageFactory(parent=hub)
    StandardPageFactory(parent=home)
    wall = WallFactory()
    return sorted(site_routes(wall.slug) | page_routes() | {"/search/?query=community"})


def allowed(response):
    return {method.strip() for method in response.get("Allow", "").split(",") if method.strip()}


def test_every_public_route_answers_only_the_methods_it_states(client, public_paths):
    client.raise_request_exception = False
    problems = []
    for path in public_paths:
        trace = client.generic("TRACE", path)
        if trace.status_code == 404:
            continue  # nothing here, whatever the method
        if trace.status_code != 405 or not allowed(trace):
            problems.append(f"TRACE {path}: {trace.status_code}, Allow={trace.get('Allow')!r}")
            continue
        stated = allowed(trace)
        if stated & NEVER_PUBLIC:
            problems.append(f"{path} states {sorted(stated & NEVER_PUBLIC)}")
        if "GET" in stated and "HEAD" not in stated:
            problems.append(f"{path} takes GET but not HEAD")
        get_status = client.get(path).status_code if "GET" in stated else None
        for method in METHODS:
            response = client.generic(method, path)
            if method not in stated and response.status_code != 405:
                problems.append(f"{method} {path}: {response.status_code} (states {sorted(stated)})")
            if method == "HEAD" and "GET" in stated and response.status_code != get_status:
                problems.append(f"HEAD {path}: {response.status_code}, GET: {get_status}")
    assert len(public_paths) > 20
    assert not problems, "\n".join(problems)
