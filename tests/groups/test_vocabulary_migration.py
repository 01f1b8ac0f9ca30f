"""Migration groups 0002: the shared topic list starts from the tags resources and events already use
and the topics discussions name, and each page gets the matching shared topics; languages are seeded."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ..events.factories import EventIndexPageFactory, EventPageFactory
from ..hub.factories import DiscussionPageFactory, HubIndexPageFactory
from ..resources.factories import ResourceIndexPageFactory, ResourcePageFactory

BEFORE = [("groups", "0001_initial")]
AFTER = [("groups", "0002_shared_vocabularies")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_tags_become_shared_topics(home):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home), slug="forum")
    resource = ResourcePageFactory(parent=ResourceIndexPageFactory(parent=home), slug="toolkit")
    discussion = DiscussionPageFactory(parent=HubIndexPageFactory(parent=home), topics="Transport, warm spaces,")
    for page in (event, resource):
        page.tags.add("warm spaces")
        page.save()
    try:
        migrate(BEFORE)
        new = migrate(AFTER)
        Topic = new.get_model("groups", "Topic")
        warm = Topic.objects.get(slug="warm-spaces")
        assert warm.name == "Warm spaces"
        assert Topic.objects.filter(slug="housing").exists()  # the starting list
        assert list(new.get_model("events", "EventPage").objects.get(pk=event.pk).shared_topics.all()) == [warm]
        assert list(new.get_model("resources", "ResourcePage").objects.get(pk=resource.pk).shared_topics.all()) == [
            warm
        ]
        discussion_topics = new.get_model("hub", "DiscussionPage").objects.get(pk=discussion.pk).shared_topics
        assert sorted(discussion_topics.values_list("slug", flat=True)) == ["transport", "warm-spaces"]
        assert new.get_model("groups", "Language").objects.filter(code="cy", native_name="Cymraeg").exists()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
