"""Errors answer in the client's language: JSON for JSON clients (the API, the contribution form's
script), the designed HTML pages for browsers. The database outage is real: the default
connection is swapped for one to a database that is not there (a SQLite file in a folder that
does not exist, or a PostgreSQL port nobody listens on), so every query fails in the driver."""

import pytest
from django.db import connections

from tests.livewall.factories import WallFactory
from tests.support.ports import free_port

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def database_down(tmp_path):
    original = connections["default"]
    dead_settings = dict(original.settings_dict)
    if original.vendor == "sqlite":
        dead_settings["NAME"] = str(tmp_path / "no-such-folder" / "portal.sqlite3")
    else:
        dead_settings.update(HOST="127.0.0.1", PORT=str(free_port()), OPTIONS={"connect_timeout": 2})
    dead = original.__class__(dead_settings, alias="default")
    connections["default"] = dead
    yield
    dead.close()
    connections["default"] = original


@pytest.fixture
def browser_client(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def assert_json_error(response, status, error):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["ok"] is False and body["error"] == error
    assert body["message"]
    assert "<html" not in response.content.decode()


def test_the_api_answers_json_when_the_database_is_down(browser_client, database_down):
    # The API is JSON whatever the client accepts.
    response = browser_client.get("/api/walls/any-wall/posts/?after=0")
    assert_json_error(response, 500, "server_error")


def test_the_contribution_script_gets_json_when_the_database_is_down(browser_client, database_down):
    response = browser_client.post("/walls/any-wall/post/", {"text": "Hello"}, **JSON)
    assert_json_error(response, 500, "server_error")
    assert "try again" in response.json()["message"]


def test_a_browser_still_gets_the_designed_500_page(browser_client, database_down):
    response = browser_client.post("/walls/any-wall/post/", {"text": "Hello"}, **BROWSER)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Something went wrong</h1>" in response.content.decode()


def test_a_json_client_of_a_missing_page_gets_a_json_404(browser_client, home):
    assert_json_error(browser_client.get("/no-such-page/", **JSON), 404, "not_found")
    assert_json_error(browser_client.get("/api/no-such-endpoint/"), 404, "not_found")
    html = browser_client.get("/no-such-page/", **BROWSER)
    assert html.status_code == 404 and "<h1>Page not found</h1>" in html.content.decode()


def test_the_api_works_again_once_the_database_is_back(browser_client):
    wall = WallFactory()
    response = browser_client.get(f"/api/walls/{wall.slug}/posts/")
    assert response.status_code == 200 and response.json()["wall"] == wall.slug
