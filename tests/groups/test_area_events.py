"""A group's page lists the upcoming published events in its areas (the events' shared areas), in a
fixed number of queries whatever the number of events."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ..events.factories import EventIndexPageFactory, EventPageFactory
from .factories import ListingFactory

pytestmark = pytest.mark.django_db


def soon(days):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


def test_a_group_page_lists_upcoming_events_in_its_areas_only(client, index):
    listing = ListingFactory(areas=["Splott", "CF24"])
    EventPageFactory(parent=index, title="Splott litter pick", start=soon(2), end=soon(2.1), areas=["Splott"])
    EventPageFactory(
        parent=index, title="CF24 and Riverside fair", start=soon(1), end=soon(1.1), areas=["CF24", "Riverside"]
    )
    EventPageFactory(parent=index, title="Riverside only", start=soon(1), end=soon(1.1), areas=["Riverside"])
    EventPageFactory(parent=index, title="Splott last year", start=soon(-300), end=soon(-299.9), areas=["Splott"])
    EventPageFactory(
        parent=index, title="Splott draft", start=soon(3), end=soon(3.1), areas=["Splott"], live=False, publish=False
    )

    html = client.get(f"/groups/{listing.pk}/").content.decode()

    assert '<h2 id="area-events">Upcoming events in their area</h2>' in html
    section = html[html.index('id="area-events"') :]
    assert section.index("CF24 and Riverside fair") < section.index("Splott litter pick")  # soonest first
    assert "Riverside only" not in html
    assert "Splott last year" not in html
    assert "Splott draft" not in html


def test_no_section_when_no_event_is_in_its_areas(client, index):
    listing = ListingFactory(areas=["Splott"])
    EventPageFactory(parent=index, title="Riverside only", start=soon(1), end=soon(1.1), areas=["Riverside"])
    assert 'id="area-events"' not in client.get(f"/groups/{listing.pk}/").content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_area_events_cost_the_same_whatever_their_number(client, index):
    listing = ListingFactory(areas=["Splott", "CF24"])
    url = f"/groups/{listing.pk}/"
    EventPageFactory(parent=index, start=soon(1), end=soon(1.1), areas=["Splott"])
    client.get(url)  # warm the site and settings caches
    few = count_queries(client, url)
    for day in range(2, 8):
        EventPageFactory(parent=index, start=soon(day), end=soon(day + 0.1), areas=["Splott", "CF24"])
    assert count_queries(client, url) == few
