"""`load_demo` lists about 15 varied groups, linked to the hub's demo conclusions, and is safe to run
again."""

import pytest
from django.core.management import call_command

from groups.choices import ListingKind
from groups.models import GroupListing, Language

pytestmark = pytest.mark.django_db


def test_demo_listings(home, client):
    call_command("load_demo", stdout=None)
    listed = GroupListing.objects.listed()
    assert 14 <= listed.count() <= 18
    assert listed.filter(kind=ListingKind.SUPPORTER).count() == 2
    assert listed.filter(kind=ListingKind.INFORMAL).count() >= 5
    assert listed.filter(show_name=False).exists()
    assert Language.objects.filter(listings__in=listed).distinct().count() >= 8
    lunch = listed.get(name="Riverside lunch club")
    assert lunch.submissions.count() >= 2 and lunch.supported_by.kind == ListingKind.SUPPORTER
    assert listed.filter(cosignatures__isnull=False).exists()
    page = client.get(f"/groups/{lunch.pk}/").content.decode()
    assert "Working together online" in page
    supporter = listed.filter(kind=ListingKind.SUPPORTER, resources__isnull=False).first()
    assert supporter is not None
    assert "Resources they publish" in client.get(f"/groups/{supporter.pk}/").content.decode()

    call_command("load_demo", stdout=None)
    assert GroupListing.objects.listed().count() == listed.count()


def test_demo_pages_have_shared_topics_and_areas_so_the_filters_find_them(home, client):
    from events.models import EventPage
    from resources.models import ResourcePage

    call_command("load_demo", stdout=None)
    assert not ResourcePage.objects.filter(shared_topics__isnull=True).exists()
    assert EventPage.objects.filter(shared_areas__name="Westbury").exists()
    library = client.get("/resources/", {"topic": "partnership"})
    assert library.status_code == 200 and len(library.context["resources"]) >= 2
    events = client.get("/events/", {"topic": "cost-of-living"}).content.decode()
    assert 'class="event-card-title"' in events
    # Published through a revision: the editor's form holds the shared topics too.
    resource = ResourcePage.objects.filter(shared_topics__slug="partnership").first()
    assert resource.get_latest_revision_as_object().shared_topics.filter(slug="partnership").exists()
