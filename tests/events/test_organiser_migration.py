"""Migration 0003: the old comma-separated organisers become one row each, in order; back again
on reversal."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .factories import EventIndexPageFactory, EventPageFactory

BEFORE = [("events", "0002_image_block")]
AFTER = [("events", "0003_organisers_with_websites_and_price")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Transactional: migrations run outside a test transaction. The flush afterwards empties the Site and
# page tree; later transactional tests rebuild them through the `home` fixture.
@pytest.mark.django_db(transaction=True)
def test_names_are_split_into_rows_and_joined_back(home):
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index, slug="forum")
    try:
        old = migrate(BEFORE)
        old.get_model("events", "EventPage").objects.filter(pk=event.pk).update(
            organisers="Westshire Council,  Age UK Westshire ,"
        )
        new = migrate(AFTER)
        rows = new.get_model("events", "EventOrganiser").objects.filter(page_id=event.pk).order_by("sort_order")
        assert [(row.name, row.url) for row in rows] == [("Westshire Council", ""), ("Age UK Westshire", "")]
        old = migrate(BEFORE)
        page = old.get_model("events", "EventPage").objects.get(pk=event.pk)
        assert page.organisers == "Westshire Council, Age UK Westshire"
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
