"""The library filters by the portal's shared topics (groups.Topic), not by the old tags; old links
naming a tag are sent on to the matching shared topic; editors choose shared topics in the editor."""

import pytest
from taggit.models import Tag

from ..groups.factories import topic
from .factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [resource.title for resource in response.context["resources"]]


def test_the_filter_uses_shared_topics_only(client, library):
    ResourcePageFactory(parent=library, title="Tagged only", tags=["funding"])
    ResourcePageFactory(parent=library, title="Shared topic", topics=["funding"])

    response = client.get(library.url, {"topic": "funding"})

    assert titles(response) == ["Shared topic"]
    choices = [value for value, _label in response.context["filter_form"].fields["topic"].choices]
    assert choices == ["", "funding"]


def test_cards_link_shared_topics_not_tags(client, library):
    ResourcePageFactory(parent=library, title="Guide", tags=["old-tag"], topics=["Cost of living"])

    html = client.get(library.url).content.decode()

    assert '<a href="?topic=cost-of-living">Cost of living</a>' in html
    assert "old-tag" not in html


def test_an_old_tag_link_is_redirected_to_the_matching_shared_topic(client, library):
    Tag.objects.create(name="Funding", slug="funding-1")  # a tag whose slug differs from the topic's
    topic("Funding")

    response = client.get(library.url, {"topic": "funding-1", "audience": "public-sector", "page": "2"})

    assert response.status_code == 301
    assert response["Location"] == "/resources/?topic=funding&audience=public-sector"


def test_a_tag_parameter_is_redirected_to_the_topic_filter(client, library):
    Tag.objects.create(name="Funding", slug="funding")
    topic("Funding")

    response = client.get(library.url, {"tag": "funding"})

    assert response.status_code == 301
    assert response["Location"] == "/resources/?topic=funding"


def test_a_tag_parameter_naming_nothing_is_dropped(client, library):
    response = client.get(library.url, {"tag": "nothing-like-this", "q": "guide"})
    assert response.status_code == 301
    assert response["Location"] == "/resources/?q=guide"


def test_a_current_topic_link_is_not_redirected(client, library):
    ResourcePageFactory(parent=library, title="Shared topic", topics=["funding"])
    assert client.get(library.url, {"topic": "funding"}).status_code == 200


def test_editors_choose_shared_topics_in_the_page_editor(client, library, django_user_model):
    resource = ResourcePageFactory(parent=library, title="Guide", topics=["Funding"])
    topic("Housing")
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))

    html = client.get(f"/admin/pages/{resource.pk}/edit/").content.decode()

    assert 'type="checkbox" name="shared_topics"' in html
    assert "Housing" in html
    assert "topic filter uses these" in html
