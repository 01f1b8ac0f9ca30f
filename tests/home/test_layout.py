"""The base template: landmarks, skip link, site settings and the editors' main menu (with its fallback)."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from home.models import MainMenu, MainMenuItem, PortalSettings, validate_menu_url

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def menu_html(html):
    start = html.index('<nav class="main-nav"')
    return html[start : html.index("</nav>", start)]


def test_landmarks_skip_link_and_search(client, home):
    html = client.get("/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
    assert 'role="search"' in html and '<label for="header-search-query"' in html


def test_site_settings_appear_in_title_and_footer(client, home):
    site = Site.objects.get(is_default_site=True)
    settings = PortalSettings.for_site(site)
    settings.organisation_name = "Westshire Community Portal"
    settings.contact_email = "hello@example.org"
    settings.contact_phone = "01632 960 123"
    settings.mastodon_url = "https://social.example/@portal"
    settings.save()

    html = client.get("/").content.decode()

    assert "| Westshire Community Portal</title>" in html
    assert 'href="mailto:hello@example.org"' in html
    assert 'href="tel:01632960123"' in html
    assert 'href="https://social.example/@portal" rel="me">Mastodon' in html
    assert "Facebook" not in html  # empty social links are left out


def test_empty_menu_falls_back_to_home_and_pages_shown_in_menus(client, home):
    StandardPageFactory(parent=home, title="About", slug="about", show_in_menus=True)
    StandardPageFactory(parent=home, title="Hidden", slug="hidden", show_in_menus=False)
    draft = StandardPageFactory(parent=home, title="Draft", slug="draft", show_in_menus=True)
    draft.unpublish()

    menu = menu_html(client.get("/about/").content.decode())

    assert '<a href="/">Home</a>' in menu
    assert '<a href="/about/" aria-current="page">About</a>' in menu
    assert "Hidden" not in menu and "Draft" not in menu


def test_editors_menu_in_order_with_current_page_and_section(client, home):
    about = StandardPageFactory(parent=home, title="About the portal", slug="about")
    team = StandardPageFactory(parent=about, title="Our team", slug="team")
    gone = StandardPageFactory(parent=home, title="Old page", slug="old")
    menu = MainMenu.for_site(Site.objects.get(is_default_site=True))
    MainMenuItem.objects.create(menu=menu, sort_order=0, page=home, label="Home")
    MainMenuItem.objects.create(menu=menu, sort_order=1, url="/events/", label="Events")
    MainMenuItem.objects.create(menu=menu, sort_order=2, page=about, label="About")
    MainMenuItem.objects.create(menu=menu, sort_order=3, page=gone)
    gone.unpublish()

    about_menu = menu_html(client.get("/about/").content.decode())
    team_menu = menu_html(client.get(team.url).content.decode())

    assert about_menu.index(">Home<") < about_menu.index(">Events<") < about_menu.index(">About<")
    assert '<a href="/about/" aria-current="page">About</a>' in about_menu
    assert '<a href="/events/">Events</a>' in about_menu
    assert "Old page" not in about_menu  # unpublished pages drop out of the menu
    assert '<a href="/about/" class="in-section">About</a>' in team_menu


def test_menu_item_label_defaults_to_page_title(client, home):
    about = StandardPageFactory(parent=home, title="About the portal", slug="about")
    menu = MainMenu.for_site(Site.objects.get(is_default_site=True))
    MainMenuItem.objects.create(menu=menu, page=about)
    assert ">About the portal</a>" in menu_html(client.get("/").content.decode())


@pytest.mark.parametrize("value", ["/events/", "/walls/demo/", "https://example.org/x", "http://example.org"])
def test_menu_url_accepts_site_paths_and_web_addresses(value):
    validate_menu_url(value)


@pytest.mark.parametrize("value", ["//evil.example/", "javascript:alert(1)", "events", "/with space/", "ftp://x.org"])
def test_menu_url_refuses_anything_else(value):
    with pytest.raises(ValidationError):
        validate_menu_url(value)


def test_menu_item_needs_a_page_or_a_url_with_label(home):
    menu = MainMenu.for_site(Site.objects.get(is_default_site=True))
    with pytest.raises(ValidationError):
        MainMenuItem(menu=menu).clean()
    with pytest.raises(ValidationError):
        MainMenuItem(menu=menu, url="/events/").clean()
    MainMenuItem(menu=menu, url="/events/", label="Events").clean()
