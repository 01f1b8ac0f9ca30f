"""schema.org Event JSON-LD on event pages, parsed back with json."""

import datetime
import json
import re

import pytest
import wagtail_factories
from django.utils import timezone
from wagtail.models import Site

from events.models import EventPage
from home.models import PortalSettings

from .factories import EventPageFactory, hybrid, online

START = timezone.make_aware(datetime.datetime(2027, 5, 12, 14, 0))


def json_ld(response):
    html = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.django_db
class TestEventJsonLd:
    def test_hybrid_event(self, client, index):
        event = hybrid(
            parent=index,
            title="Finding Our Voice",
            slug="finding-our-voice",
            summary="Talks and workshops for small groups.",
            start=START,
            end=START + datetime.timedelta(hours=3),
            venue_name="Westshire Community Hub",
            venue_address="12 Market Street\nWestbury",
            venue_postcode="WS1 2AB",
            joining_link="https://meet.example.org/voice",
            organisers=["Westshire Voluntary Action", "Westshire Council"],
            image=wagtail_factories.ImageFactory(),
            capacity=120,
        )
        data = json_ld(client.get(event.url))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Event"
        assert data["name"] == "Finding Our Voice"
        assert data["description"] == "Talks and workshops for small groups."
        assert data["url"] == "http://testserver/events/finding-our-voice/"
        assert data["startDate"] == "2027-05-12T14:00:00+01:00"
        assert data["endDate"] == "2027-05-12T17:00:00+01:00"
        assert datetime.datetime.fromisoformat(data["startDate"]) == START
        assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
        assert data["eventStatus"] == "https://schema.org/EventScheduled"
        place, virtual = data["location"]
        assert place == {
            "@type": "Place",
            "name": "Westshire Community Hub",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "12 Market Street, Westbury",
                "postalCode": "WS1 2AB",
                "addressCountry": "GB",
            },
        }
        assert virtual == {"@type": "VirtualLocation", "url": "https://meet.example.org/voice"}
        assert data["organizer"] == [
            {"@type": "Organization", "name": "Westshire Voluntary Action"},
            {"@type": "Organization", "name": "Westshire Council"},
        ]
        (image,) = data["image"]
        assert re.fullmatch(r"http://testserver/media/images/.+\.fill-1200x675\.\w+", image)
        assert data["maximumAttendeeCapacity"] == 120

    def test_in_person_event_has_only_a_place(self, client, index):
        event = EventPageFactory(parent=index, start=START, end=START + datetime.timedelta(hours=1))
        data = json_ld(client.get(event.url))
        assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
        assert data["location"]["@type"] == "Place"
        assert "image" not in data

    def test_online_event_has_a_virtual_location_and_the_site_as_organiser(self, client, index, home):
        site_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.organisation_name = "Westshire Community Portal"
        site_settings.save()
        event = online(parent=index, joining_link="https://meet.example.org/call")
        data = json_ld(client.get(event.url))
        assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/call"}
        assert data["organizer"] == [
            {"@type": "Organization", "name": "Westshire Community Portal", "url": "http://testserver/"}
        ]

    @pytest.mark.parametrize(
        "status, expected",
        [
            (EventPage.Status.CANCELLED, "EventCancelled"),
            (EventPage.Status.POSTPONED, "EventPostponed"),
            (EventPage.Status.MOVED_ONLINE, "EventMovedOnline"),
        ],
    )
    def test_event_status(self, client, index, status, expected):
        event = hybrid(parent=index, status=status)
        data = json_ld(client.get(event.url))
        assert data["eventStatus"] == f"https://schema.org/{expected}"
        if status == EventPage.Status.MOVED_ONLINE:
            assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
            assert data["location"]["@type"] == "VirtualLocation"

    def test_a_title_cannot_break_out_of_the_script(self, client, index):
        title = '</script><script>alert("x")</script> & <!-- friends'
        event = EventPageFactory(parent=index, title=title, slug="hostile")
        response = client.get(event.url)
        html = response.content.decode()
        assert '<script>alert("x")</script>' not in html
        assert json_ld(response)["name"] == title
