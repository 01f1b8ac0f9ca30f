"""The portal in English, Welsh and Arabic (docs/languages.md): the interface under /cy/ and /ar/,
English at its old addresses, the language switcher and hreflang alternates of a page (to its
translation, else to the original with a notice), what stays unprefixed, and the shipped catalogs."""

import re
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from wagtail.models import Locale

from tests.events.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
WELSH_SKIP_LINK = "Neidio i’r prif gynnwys"
ARABIC_SKIP_LINK = "انتقل إلى المحتوى الرئيسي"
WELSH_NOTICE = "Nid yw’r dudalen hon wedi’i chyfieithu eto i’r iaith hon (Cymraeg); dyma’r gwreiddiol Saesneg."


def switcher(html):
    start = html.index('<nav class="language-switcher"')
    block = html[start : html.index("</nav>", start)]
    return {
        code: (href, "aria-current" in attributes)
        for href, code, attributes in re.findall(r'<a href="([^"]*)" lang="(\w+)" hreflang="\w+"([^>]*)>', block)
    }


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


@pytest.fixture
def event(home):
    index = EventIndexPageFactory(parent=home, title="Events", slug="events", show_in_menus=True)
    return EventPageFactory(parent=index, title="Community meeting", slug="community-meeting")


def welsh_translation(page, title):
    """What wagtail-localize does when an editor translates: a copy in the Welsh locale, published."""
    welsh = Locale.objects.get(language_code="cy")
    copy = page.copy_for_translation(welsh, copy_parents=True)
    for ancestor in copy.get_ancestors().filter(locale=welsh, alias_of__isnull=True).specific():
        ancestor.save_revision().publish()
    copy = copy.specific
    copy.title = title
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def test_welsh_interface_under_cy(client, home):
    response = client.get("/cy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy" dir="ltr">' in html
    assert WELSH_SKIP_LINK in html
    assert "Skip to main content" not in html
    assert response["Content-Language"] == "cy"


def test_arabic_interface_right_to_left(client, home):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert ARABIC_SKIP_LINK in html


def test_english_keeps_its_addresses(client, home):
    html = client.get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Skip to main content" in html
    assert client.get("/search/").status_code == 200
    assert client.get("/privacy/").status_code == 200
    # No /en/ duplicate of every page.
    assert client.get("/en/").status_code == 404


def test_welsh_search_and_not_found_pages(client, home):
    assert "Chwilio’r wefan gyfan" in client.get("/cy/search/").content.decode()
    response = client.get("/cy/no-such-page/")
    assert response.status_code == 404
    assert "Heb ddod o hyd i’r dudalen" in response.content.decode()


def test_switcher_is_accessible_and_marks_the_current_language(client, home):
    html = client.get("/cy/").content.decode()
    assert '<nav class="language-switcher" aria-label="Iaith">' in html
    assert '<a href="/" lang="en" hreflang="en">English</a>' in html
    assert '<a href="/ar/" lang="ar" hreflang="ar">العربية</a>' in html
    assert '<a href="/cy/" lang="cy" hreflang="cy" aria-current="true">Cymraeg</a>' in html


def test_untranslated_event_links_to_the_original_with_a_notice(client, event):
    links = switcher(client.get("/events/community-meeting/").content.decode())
    assert links == {
        "en": ("/events/community-meeting/", True),
        "cy": ("/cy/events/community-meeting/", False),
        "ar": ("/ar/events/community-meeting/", False),
    }
    english = client.get("/events/community-meeting/").content.decode()
    assert "not yet translated" not in english

    response = client.get("/cy/events/community-meeting/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Community meeting" in html and WELSH_NOTICE in html
    # The English original is the only real language of this page: no hreflang for its duplicates.
    assert alternates(html) == {}
    assert '<link rel="canonical" href="http://testserver/events/community-meeting/">' in html


def test_translated_event_links_to_its_translation(client, event):
    welsh = welsh_translation(event, "Cyfarfod cymunedol")
    welsh_url = welsh.get_url()
    assert welsh_url.startswith("/cy/")

    english = client.get("/events/community-meeting/").content.decode()
    assert switcher(english)["cy"] == (welsh_url, False)
    assert alternates(english) == {
        "en": "http://testserver/events/community-meeting/",
        "cy": f"http://testserver{welsh_url}",
        "x-default": "http://testserver/events/community-meeting/",
    }

    response = client.get(welsh_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cyfarfod cymunedol" in html and "Iaith" in html
    assert WELSH_NOTICE not in html
    assert switcher(html)["en"] == ("/events/community-meeting/", False)
    assert switcher(html)["cy"] == (welsh_url, True)
    assert alternates(html)["en"] == "http://testserver/events/community-meeting/"


@pytest.mark.parametrize(
    "address",
    [
        "/cy/admin/",
        "/cy/django-admin/",
        "/cy/api/walls/any/posts/",
        "/cy/healthz/",
        "/cy/robots.txt",
        "/cy/sitemap.xml",
        "/ar/groups/feed/rss/",
        "/cy/walls/any/qr.svg",
        "/cy/documents/1/x.pdf",
    ],
)
def test_machine_addresses_are_not_prefixed(client, home, address):
    assert client.get(address).status_code == 404


def test_machine_addresses_answer_unprefixed(client, home):
    assert client.get("/healthz/").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/groups/feed/rss/").status_code == 200


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.parametrize("language", ["cy", "ar"])
def test_catalogs_compile_and_the_shipped_catalog_is_current(language, domain):
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], check=True)
    po = polib.pofile(str(po_path))
    assert po.percent_translated() == 100
    shipped = {translation(entry) for entry in polib.mofile(str(po_path.with_suffix(".mo"))) if entry.msgid}
    assert shipped == {translation(entry) for entry in po.translated_entries()}


def translation(entry):
    plurals = tuple(entry.msgstr_plural[form] for form in sorted(entry.msgstr_plural))
    return entry.msgid, entry.msgstr, plurals


def test_main_menu_keeps_the_visitor_in_their_language(client, event):
    html = client.get("/cy/events/community-meeting/").content.decode()
    menu = html[html.index('<nav class="main-nav"') : html.index("</nav>", html.index('<nav class="main-nav"'))]
    assert '<a href="/cy/">Hafan</a>' in menu
    assert '<a href="/cy/events/" class="in-section">Events</a>' in menu
    english = client.get("/events/community-meeting/").content.decode()
    assert '<a href="/">Home</a>' in english and '<a href="/events/" class="in-section">Events</a>' in english


def test_views_that_are_not_pages_have_every_language_as_alternate(client, home):
    html = client.get("/cy/search/?query=hall").content.decode()
    assert alternates(html) == {
        "en": "http://testserver/search/?query=hall",
        "cy": "http://testserver/cy/search/?query=hall",
        "ar": "http://testserver/ar/search/?query=hall",
        "x-default": "http://testserver/search/?query=hall",
    }
    assert switcher(html)["ar"] == ("/ar/search/?query=hall", False)
