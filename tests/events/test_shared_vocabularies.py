"""Events and the portal's shared vocabularies: the listing filters by shared topics (not the old
tags), old tag links are sent on to the matching topic, an event's shared areas are on its page and
lead to the groups listed there, and editors choose both in the page editor."""

import datetime
import re

import pytest
from django.utils import timezone
from taggit.models import Tag

from ..groups.factories import area, topic
from .factories import EventPageFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(r'class="event-card-title"><a href="[^"]*">([^<]+)</a>', response.content.decode())


def soon(days):
    return timezone.now() + datetime.timedelta(days=days)


def test_the_topic_filter_uses_shared_topics_only(client, index):
    EventPageFactory(parent=index, title="Tagged only", start=soon(1), end=soon(1.1), tags=["funding"])
    EventPageFactory(parent=index, title="Shared topic", start=soon(2), end=soon(2.1), topics=["funding"])

    response = client.get("/events/?topic=funding")

    assert titles(response) == ["Shared topic"]
    html = response.content.decode()
    assert '<option value="funding" selected>Funding</option>' in html
    assert "Topics: Funding" in html  # the card shows the shared topic


def test_an_old_tag_link_is_redirected_to_the_matching_shared_topic(client, index):
    Tag.objects.create(name="Warm spaces", slug="warm-spaces-2")
    topic("Warm spaces")

    response = client.get("/events/?when=past&topic=warm-spaces-2")

    assert response.status_code == 301
    assert response["Location"] == "/events/?when=past&topic=warm-spaces"


def test_a_tag_parameter_is_redirected_to_the_topic_filter(client, index):
    topic("Funding")
    response = client.get("/events/?tag=funding")
    assert response.status_code == 301
    assert response["Location"] == "/events/?topic=funding"


def test_the_event_page_shows_its_shared_areas_with_a_link_to_the_groups_there(client, index):
    event = EventPageFactory(parent=index, title="Splott meeting", areas=["Splott", "CF24"], topics=["Housing"])

    html = client.get(event.url).content.decode()

    assert '<h2 id="areas-heading">Areas</h2>' in html
    assert 'href="/groups/?area=splott">community groups listed in Splott</a>' in html
    assert 'href="/groups/?area=cf24">community groups listed in CF24</a>' in html
    assert 'href="/events/?topic=housing">Housing</a>' in html


def test_an_event_without_areas_has_no_areas_section(client, index):
    event = EventPageFactory(parent=index, title="Online chat")
    assert 'id="areas-heading"' not in client.get(event.url).content.decode()


def test_editors_choose_shared_topics_and_areas_in_the_page_editor(client, index, django_user_model):
    event = EventPageFactory(parent=index, title="Splott meeting", areas=["Splott"])
    area("Grangetown")
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))

    html = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()

    assert 'type="checkbox" name="shared_topics"' in html
    assert 'type="checkbox" name="shared_areas"' in html
    assert "Grangetown" in html
    assert "topic filter uses these" in html


@pytest.mark.parametrize("value", ["'a\x00b'", "a\x00b", '"', "x" * 10_000, "ab cd", "ﺏ‮"])
def test_any_text_as_a_topic_or_tag_answers_without_an_error(client, index, value):
    """Whatever a link carries as ?topic= or ?tag=, the listing answers (PostgreSQL refuses a NUL)."""
    for name in ("topic", "tag"):
        response = client.get(index.url, {name: value})
        assert response.status_code in (200, 301), (name, value, response.status_code)
