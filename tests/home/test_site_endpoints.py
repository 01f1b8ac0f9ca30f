"""404 and 500 pages, robots.txt, sitemap.xml and the site-wide search."""

import pytest
from django.test import RequestFactory

from home.views import server_error
from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_unknown_url_gives_the_designed_404(client, home, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/at-all/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert '<a class="skip-link" href="#main">' in html  # the site's own layout, not Django's
    assert 'action="/search/"' in html


def test_unknown_url_under_a_real_page_gives_the_designed_404(client, home, settings):
    settings.DEBUG = False
    StandardPageFactory(parent=home, slug="about")
    response = client.get("/about/missing/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_500_page_stands_alone(home):
    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert "/static/css/portal.css" in html


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_live_pages(client, home):
    library = ResourceIndexPageFactory(parent=home)
    ResourcePageFactory(parent=library, slug="toolkit")
    draft = StandardPageFactory(parent=home, slug="draft-page")
    draft.unpublish()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    body = response.content.decode()
    assert "<urlset" in body
    assert "/resources/toolkit/</loc>" in body
    assert "draft-page" not in body


def test_site_search_finds_a_resource(client, home):
    library = ResourceIndexPageFactory(parent=home)
    ResourcePageFactory(parent=library, title="Volunteer expenses policy", summary="Paying volunteers back fairly.")
    ResourcePageFactory(parent=library, title="Unrelated", summary="Something else entirely.")

    response = client.get("/search/", {"query": "expenses"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 result for" in html
    assert "Volunteer expenses policy" in html
    assert "Paying volunteers back fairly." in html
    assert "Unrelated" not in html


def test_empty_search_shows_the_form_only(client, home):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-query"' in html
    assert 'role="status"' not in html
