"""Access features are yes / no / not known: only answered ones are published (page, JSON-LD,
.ics), a feature nobody entered is never "not available"; migration 0004 keeps ticked features as
yes and turns unticked ones into not known."""

import json
import re

import icalendar
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import EventPage

from .factories import EventIndexPageFactory, EventPageFactory, hybrid

BEFORE = [("events", "0003_organisers_with_websites_and_price")]
AFTER = [("events", "0004_access_features_yes_no_unknown")]


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(blocks[0])


def ics_description(client, event):
    calendar = icalendar.Calendar.from_ical(client.get(f"{event.url}calendar.ics").content)
    (vevent,) = [part for part in calendar.walk("VEVENT")]
    return str(vevent["DESCRIPTION"])


@pytest.mark.django_db
class TestPublishedAnswers:
    def test_only_step_free_ticked_publishes_nothing_else(self, client, index):
        event = hybrid(parent=index, title="Repair cafe", step_free_access=True)
        html = client.get(event.url).content.decode()
        assert "Step-free access: <strong>yes</strong>" in html
        assert "Hearing loop" not in html and "not available" not in html
        venue = [place for place in json_ld(html)["location"] if place["@type"] == "Place"][0]
        assert venue["amenityFeature"] == [
            {"@type": "LocationFeatureSpecification", "name": "Step-free access", "value": True}
        ]
        description = ics_description(client, event)
        assert "Access: Step-free access: yes." in description and "Hearing loop" not in description

    def test_a_no_is_published_as_no(self, client, index):
        event = hybrid(parent=index, title="Quiz night", step_free_access=True, hearing_loop=False)
        html = client.get(event.url).content.decode()
        assert "Hearing loop: <strong>no</strong>" in html
        venue = [place for place in json_ld(html)["location"] if place["@type"] == "Place"][0]
        assert {"@type": "LocationFeatureSpecification", "name": "Hearing loop", "value": False} in venue[
            "amenityFeature"
        ]
        assert "Hearing loop: no" in ics_description(client, event)

    def test_nothing_answered_says_ask_the_organisers(self, client, index):
        event = hybrid(parent=index, title="Coffee morning")
        html = client.get(event.url).content.decode()
        assert "The organisers have not told us about access yet: please ask them." in html
        assert 'class="access-list"' not in html
        venue = [place for place in json_ld(html)["location"] if place["@type"] == "Place"][0]
        assert "amenityFeature" not in venue
        assert "Access:" not in ics_description(client, event)

    def test_a_new_event_starts_with_every_feature_not_known(self, index):
        event = EventPageFactory(parent=index)
        assert all(answer is None for _, answer in EventPage.objects.get(pk=event.pk).accessibility_features)


@pytest.mark.django_db(transaction=True)
def test_ticked_stays_yes_and_unticked_becomes_not_known(home):
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index, slug="forum")
    try:
        old = migrate(BEFORE)
        old.get_model("events", "EventPage").objects.filter(pk=event.pk).update(
            step_free_access=True, hearing_loop=False, parking=False
        )
        new = migrate(AFTER)
        page = new.get_model("events", "EventPage").objects.get(pk=event.pk)
        assert (page.step_free_access, page.hearing_loop, page.parking, page.quiet_room) == (True, None, None, None)
        old = migrate(BEFORE)
        page = old.get_model("events", "EventPage").objects.get(pk=event.pk)
        assert (page.step_free_access, page.hearing_loop, page.parking) == (True, False, False)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
