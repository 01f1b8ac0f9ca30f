"""The demo in Welsh (`manage.py load_demo`, docs/languages.md): the home page, one event, the open
discussion and the library translated with Wagtail's localisation; /cy/ routed from the Welsh home page
while every untranslated page still answers there (the English original with the notice); the switcher,
the main menu, hreflang alternates and the sitemap follow the translations; a second run adds nothing."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from events.models import EventPage
from home.models import HomePage
from hub.models import DiscussionPage
from resources.models import ResourceIndexPage
from tests.i18n.test_languages import WELSH_NOTICE, alternates, switcher

pytestmark = pytest.mark.django_db

WELSH_EVENT = "/cy/events/cymhorthfa-ariannu-grantiau-bach/"
ENGLISH_EVENT = "/events/funding-surgery-small-grants/"
UNTRANSLATED_EVENT = "/events/youth-voice-forum/"


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def demo(db):
    load_demo()


def html_of(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def main_menu(html):
    start = html.index('<nav class="main-nav"')
    return dict(
        (title, href)
        for href, title in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html[start : html.index("</nav>", start)])
    )


def test_the_four_pages_are_translations_of_the_english_ones(demo):
    for model, english_title, welsh_title in [
        (HomePage, "Home", "Hafan"),
        (
            EventPage,
            "Funding surgery: small grants for community groups",
            "Cymhorthfa ariannu: grantiau bach i grwpiau cymunedol",
        ),
        (DiscussionPage, "Working together online", "Cydweithio ar-lein"),
        (ResourceIndexPage, "Resources", "Adnoddau"),
    ]:
        english = model.objects.get(locale__language_code="en", title=english_title)
        welsh = english.get_translation(english.locale.__class__.objects.get(language_code="cy"))
        assert welsh.title == welsh_title and welsh.live and welsh.alias_of_id is None
        assert welsh.translation_key == english.translation_key


def test_welsh_home_page_and_interface(client, demo):
    html = html_of(client, "/cy/")
    assert '<html lang="cy" dir="ltr">' in html
    assert "Lle mae cynghorau a chymunedau’n cwrdd" in html and "Ydych chi’n rhedeg grŵp cymunedol?" in html
    assert "Yr adnoddau diweddaraf" in html and "Running a safe and welcoming event" in html  # the library's
    assert WELSH_NOTICE not in html
    assert main_menu(html)["Hafan"] == "/cy/" and main_menu(html)["Adnoddau"] == "/cy/adnoddau/"
    assert alternates(html) == {
        "en": "http://testserver/",
        "cy": "http://testserver/cy/",
        "x-default": "http://testserver/",
    }
    english = html_of(client, "/")
    assert main_menu(english)["Home"] == "/" and main_menu(english)["Resources"] == "/resources/"
    assert "Where councils and communities meet" in english and "Cymhorthfa" not in english


def test_switching_language_on_an_event_keeps_the_event(client, demo):
    english = html_of(client, ENGLISH_EVENT)
    assert switcher(english)["cy"] == (WELSH_EVENT, False)
    assert alternates(english)["cy"] == f"http://testserver{WELSH_EVENT}"

    welsh = html_of(client, WELSH_EVENT)
    assert "Cymhorthfa ariannu: grantiau bach i grwpiau cymunedol" in welsh and "Llyfrgell Northfield" in welsh
    assert WELSH_NOTICE not in welsh
    assert switcher(welsh) == {
        "en": (ENGLISH_EVENT, False),
        "cy": (WELSH_EVENT, True),
        "ar": (f"/ar{ENGLISH_EVENT}", False),
    }
    assert alternates(welsh) == {
        "en": f"http://testserver{ENGLISH_EVENT}",
        "cy": f"http://testserver{WELSH_EVENT}",
        "x-default": f"http://testserver{ENGLISH_EVENT}",
    }


def test_untranslated_pages_still_answer_under_cy_and_ar(client, demo):
    html = html_of(client, f"/cy{UNTRANSLATED_EVENT}")
    assert "Youth voice forum" in html and WELSH_NOTICE in html
    assert switcher(html)["cy"] == (f"/cy{UNTRANSLATED_EVENT}", True)
    assert alternates(html) == {}
    for address in (
        "/cy/events/",
        "/cy/about/",
        "/cy/hub/",
        "/cy/resources/westshire-compact/",
        "/ar/",
        f"/ar{ENGLISH_EVENT}",
    ):
        assert 'class="untranslated-notice"' in html_of(client, address), address
    assert "Where councils and communities meet" in html_of(client, "/ar/")
    assert client.get("/cy/no-such-page/").status_code == 404


def test_welsh_library_and_discussion_share_the_originals_content(client, demo):
    library = html_of(client, "/cy/adnoddau/")
    assert "Pecynnau cymorth, templedi a chanllawiau ar gyfer cydweithio" in library
    assert "The Westshire Compact" in library  # the English library's resources
    discussion = html_of(client, "/cy/hub/cydweithio-ar-lein/")
    english = html_of(client, "/hub/online-tools-working-together/")
    count = re.compile(r"\d+ conclusions? from \d+ groups?")
    assert count.findall(discussion) == count.findall(english) != ["0 conclusions from 0 groups"]
    assert "Sut gall y cyngor a grwpiau cymunedol ddefnyddio offer ar-lein i gydweithio?" in discussion


def test_sitemap_lists_the_welsh_translations_with_alternates(client, demo):
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "http://testserver/cy/" in locations and f"http://testserver{WELSH_EVENT}" in locations
    assert "http://testserver/cy/adnoddau/" in locations and "http://testserver/cy/hub/cydweithio-ar-lein/" in locations
    assert not [location for location in locations if "youth-voice-forum" in location and "/cy/" in location]
    assert len(locations) == len(set(locations))
    entry = re.search(rf"<url><loc>http://testserver{ENGLISH_EVENT}</loc>.*?</url>", xml, re.S).group(0)
    assert f'hreflang="cy" href="http://testserver{WELSH_EVENT}"' in entry


def test_a_second_run_adds_no_pages(demo):
    before = sorted(Page.objects.values_list("locale__language_code", "url_path", "latest_revision_id"))
    load_demo()
    assert sorted(Page.objects.values_list("locale__language_code", "url_path", "latest_revision_id")) == before
    assert EventPage.objects.filter(locale__language_code="cy").count() == 1
