"""Event times in the zone of settings.TIME_ZONE: each time labelled with its own zone name, the
zone named from the setting (never a hard-coded "UK time")."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from events import timing

from .factories import EventPageFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


def visible(html):
    """The text a reader sees, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def clocks_go_back(index):
    """00:30 BST to 03:00 GMT on the night the clocks go back, seen a month before."""
    with time_machine.travel(datetime.datetime(2026, 9, 25, 12, 0, tzinfo=datetime.UTC), tick=False):
        yield EventPageFactory(
            parent=index,
            title="Overnight helpline shift",
            slug="overnight-shift",
            start=datetime.datetime(2026, 10, 25, 0, 30, tzinfo=LONDON),
            end=datetime.datetime(2026, 10, 25, 3, 0, tzinfo=LONDON),
        )


@pytest.mark.django_db
class TestAcrossTheClockChange:
    def test_the_event_page_labels_each_time_with_its_own_zone(self, client, clocks_go_back):
        html = client.get(clocks_go_back.url).content.decode()
        when = html[html.index("<dt>When</dt>") : html.index("<dt>Format</dt>")]
        assert "Sunday 25 October 2026, 00:30 BST to 03:00 GMT" in visible(when)
        assert '<abbr title="Europe/London, UTC+01:00">BST</abbr>' in when
        assert '<abbr title="Europe/London, UTC+00:00">GMT</abbr>' in when

    def test_the_card_labels_each_time_with_its_own_zone(self, client, clocks_go_back):
        html = client.get("/events/").content.decode()
        card = html[html.index("Overnight helpline shift") :]
        card = card[: card.index("</li>")]
        assert "Sun 25 October 2026, 00:30 BST to 03:00 GMT" in visible(card)

    def test_one_label_when_both_times_share_a_zone(self, client, index):
        event = EventPageFactory(
            parent=index,
            start=timezone.make_aware(datetime.datetime(2027, 6, 1, 9, 30)),
            end=timezone.make_aware(datetime.datetime(2027, 6, 1, 11, 0)),
        )
        html = client.get(event.url).content.decode()
        when = html[html.index("<dt>When</dt>") : html.index("<dt>Format</dt>")]
        assert "Tuesday 1 June 2027, 09:30 to 11:00 BST" in visible(when)

    def test_the_one_line_text_names_both_zones(self, clocks_go_back):
        assert timing.when_text(clocks_go_back) == "Sun 25 October 2026, 00:30 BST to 03:00 GMT"


@pytest.mark.django_db
class TestTheZoneComesFromTheSetting:
    @pytest.fixture
    def new_york(self, settings):
        settings.TIME_ZONE = "America/New_York"

    def test_the_listing_names_the_configured_zone(self, client, index, new_york):
        html = client.get("/events/").content.decode()
        assert "UK time" not in html
        assert "Times are New York time (America/New_York)." in visible(html)

    def test_the_event_page_names_the_configured_zone(self, client, index, new_york):
        event = EventPageFactory(
            parent=index,
            start=datetime.datetime(2027, 1, 14, 15, 0, tzinfo=datetime.UTC),
            end=datetime.datetime(2027, 1, 14, 17, 0, tzinfo=datetime.UTC),
        )
        html = client.get(event.url).content.decode()
        assert "UK time" not in html
        when = visible(html[html.index("<dt>When</dt>") : html.index("<dt>Format</dt>")])
        assert "Thursday 14 January 2027, 10:00 to 12:00 EST" in when
        assert "New York time (America/New_York)" in when

    def test_a_zone_without_letters_is_labelled_by_its_offset(self, settings):
        settings.TIME_ZONE = "America/Sao_Paulo"
        moment = datetime.datetime(2027, 1, 14, 15, 0, tzinfo=datetime.UTC)
        assert timing.zone_abbreviation(moment) == "UTC-03:00"
        assert timing.zone_title(moment) == "America/Sao_Paulo, UTC-03:00"
        assert timing.site_time_zone_text() == "Sao Paulo time (America/Sao_Paulo)"

    def test_utc_is_named_as_itself(self, settings):
        settings.TIME_ZONE = "UTC"
        assert timing.site_time_zone_text() == "UTC"
