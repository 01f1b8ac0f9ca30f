"""JSON clients get JSON errors on every wall endpoint, whatever produced the error (a view's 404,
a URL with no route, the CSRF check, a refused method, a server error) and whether DEBUG is on
(`make dev`) or off: {"ok": false, "error", "message"}, never an HTML page."""

import pytest
from django.test import Client

from tests.livewall.factories import WallFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def assert_json_error(response, status):
    assert response.status_code == status, response.status_code
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    body = response.json()
    assert body["ok"] is False and body["error"] and body["message"]
    assert "Traceback" not in body["message"]


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def test_unknown_wall_answers_json_to_json_clients(client, debug):
    assert_json_error(client.post("/walls/no-such-wall/post/", {"text": "hi"}, **JSON), 404)
    assert_json_error(client.get("/walls/no-such-wall/post/", **JSON), 404)
    assert_json_error(client.get("/walls/no-such-wall/", **JSON), 404)
    assert_json_error(client.get("/api/walls/no-such-wall/posts/"), 404)
    assert_json_error(client.get("/api/walls/no/such/route/"), 404)


def test_refusals_before_the_view_answer_json_too(client, csrf_client, debug):
    wall = WallFactory()
    # The CSRF check refuses before the view runs; Django's own page is HTML.
    assert_json_error(csrf_client.post(f"/walls/{wall.slug}/post/", {"text": "hi"}, **JSON), 403)
    # (The CSRF check comes first: a refused method is seen with a client the check lets through.)
    refused = client.put(f"/walls/{wall.slug}/post/", **JSON)
    assert_json_error(refused, 405)
    assert "POST" in refused["Allow"]
    assert_json_error(client.delete(f"/api/walls/{wall.slug}/posts/"), 405)


def test_browsers_keep_the_designed_pages(client, settings):
    settings.DEBUG = False
    response = client.get("/walls/no-such-wall/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in response.content.decode()
