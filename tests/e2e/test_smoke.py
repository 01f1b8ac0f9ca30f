import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def test_portal_serves_pages_and_its_own_static_files(open_page, portal):
    page = open_page("/")
    assert page.title()
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    response = page.request.get(stylesheet)
    assert response.ok, f"{stylesheet}: {response.status}"
    assert "text/css" in response.headers["content-type"]
