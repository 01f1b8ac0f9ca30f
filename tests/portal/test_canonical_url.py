"""One canonical base URL (settings.PORTAL_BASE_URL) for every absolute link the portal writes:
sitemap, robots.txt, RSS, calendar files and JSON-LD agree with each other, never say the Site
record's `localhost`, and calendar UIDs do not change with the host. `check --deploy` reports a
missing or unusable base URL."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest
import wagtail_factories
from django.core import checks

from tests.events.factories import EventIndexPageFactory, EventPageFactory, online

BASE_DIR = Path(__file__).resolve().parents[2]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PUBLIC = "https://portal.example.org"


def sitemap_locations(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return [url.find(f"{SITEMAP}loc").text for url in root.iter(f"{SITEMAP}url")]


def robots_sitemap(client):
    (line,) = [line for line in client.get("/robots.txt").content.decode().splitlines() if line.startswith("Sitemap:")]
    return line.split(" ", 1)[1]


def json_ld(client, url):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', client.get(url).content.decode(), re.S)
    return json.loads(block)


def calendar_event(client, url):
    (event,) = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
    return event


@pytest.fixture
def event(home):
    index = EventIndexPageFactory(parent=home)
    return online(parent=index, slug="town-forum", image=wagtail_factories.ImageFactory())


@pytest.mark.django_db
class TestWithTheSetting:
    @pytest.fixture(autouse=True)
    def public_base(self, settings):
        settings.PORTAL_BASE_URL = PUBLIC

    def test_every_link_uses_the_base_url_whatever_the_request_host(self, client, event):
        locations = sitemap_locations(client)
        assert f"{PUBLIC}/" in locations and f"{PUBLIC}/events/town-forum/" in locations
        assert all(location.startswith(f"{PUBLIC}/") for location in locations)
        assert robots_sitemap(client) == f"{PUBLIC}/sitemap.xml"

        feed = feedparser.parse(client.get("/events/feed/").content)
        assert feed.feed.link == f"{PUBLIC}/events/"
        assert [entry.link for entry in feed.entries] == [f"{PUBLIC}/events/town-forum/"]
        assert all(link.href.startswith(f"{PUBLIC}/") for link in feed.feed.links)

        vevent = calendar_event(client, "/events/town-forum/calendar.ics")
        assert f"Details: {PUBLIC}/events/town-forum/" in str(vevent["DESCRIPTION"])

        data = json_ld(client, "/events/town-forum/")
        assert data["url"] == f"{PUBLIC}/events/town-forum/"
        assert data["image"][0].startswith(f"{PUBLIC}/media/images/")
        assert data["organizer"][0]["url"] == f"{PUBLIC}/"

    def test_a_trailing_slash_in_the_setting_is_not_doubled(self, client, event, settings):
        settings.PORTAL_BASE_URL = f"{PUBLIC}/"
        assert robots_sitemap(client) == f"{PUBLIC}/sitemap.xml"
        assert f"{PUBLIC}/events/town-forum/" in sitemap_locations(client)


@pytest.mark.django_db
class TestWithoutTheSetting:
    """Development: links follow the address the request came to, the same one everywhere."""

    def test_links_agree_with_the_request_host_not_the_site_record(self, client, event, settings):
        settings.PORTAL_BASE_URL = ""
        assert "localhost" not in " ".join(sitemap_locations(client))
        assert "http://testserver/events/town-forum/" in sitemap_locations(client)
        assert robots_sitemap(client) == "http://testserver/sitemap.xml"
        assert json_ld(client, "/events/town-forum/")["url"] == "http://testserver/events/town-forum/"


@pytest.mark.django_db
def test_calendar_uids_do_not_change_with_the_host(client, event, settings):
    settings.PORTAL_BASE_URL = "https://old.example.org"
    before = str(calendar_event(client, "/events/town-forum/calendar.ics")["UID"])
    settings.PORTAL_BASE_URL = PUBLIC
    after = str(calendar_event(client, "/events/town-forum/calendar.ics")["UID"])
    settings.PORTAL_BASE_URL = ""
    on_request_host = str(calendar_event(client, "/events/town-forum/calendar.ics")["UID"])
    assert before == after == on_request_host
    for host in ("localhost", "testserver", "example.org"):
        assert host not in before
    other = EventPageFactory(parent=event.get_parent(), slug="another")
    assert str(calendar_event(client, f"{other.url}calendar.ics")["UID"]) != before


class TestDeployCheck:
    def portal_messages(self):
        return {
            message.id: message
            for message in checks.run_checks(include_deployment_checks=True)
            if message.id.startswith("portal.")
        }

    def test_a_missing_base_url_is_reported(self, settings):
        settings.PORTAL_BASE_URL = ""
        messages = self.portal_messages()
        assert set(messages) == {"portal.W001"}
        assert "PORTAL_BASE_URL" in messages["portal.W001"].msg

    @pytest.mark.parametrize(
        "value, expected",
        [
            ("portal.example.org", "portal.E002"),
            ("https://portal.example.org/portal/", "portal.E002"),
            ("https://portal.example.org/?x=1", "portal.E002"),
            ("http://portal.example.org", "portal.W003"),
            ("https://localhost", "portal.W004"),
            ("https://127.0.0.1:8000", "portal.W004"),
            ("https://elsewhere.example.org", "portal.E005"),
        ],
    )
    def test_an_unusable_base_url_is_reported(self, settings, value, expected):
        settings.ALLOWED_HOSTS = ["portal.example.org", "localhost", "127.0.0.1"]
        settings.PORTAL_BASE_URL = value
        assert set(self.portal_messages()) == {expected}

    def test_a_public_https_address_among_the_allowed_hosts_passes(self, settings):
        settings.ALLOWED_HOSTS = [".example.org"]
        settings.PORTAL_BASE_URL = PUBLIC
        assert self.portal_messages() == {}

    def test_not_a_development_check(self, settings):
        settings.PORTAL_BASE_URL = ""
        assert not [message for message in checks.run_checks() if message.id.startswith("portal.")]


def test_the_admin_base_url_follows_the_base_url():
    env = {key: value for key, value in os.environ.items() if key != "WAGTAILADMIN_BASE_URL"}
    env.update(PORTAL_BASE_URL=PUBLIC, DJANGO_SETTINGS_MODULE="portal.settings.dev")
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == PUBLIC, result.stderr
