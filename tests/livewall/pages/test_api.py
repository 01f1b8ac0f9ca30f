import pytest
from django.urls import reverse

from livewall.intake import services
from livewall.models import Wall
from livewall.moderation import actions

from ..factories import ModeratorFactory, WallFactory, incoming_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_oembed(settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0


def api(client, slug, **params):
    return client.get(reverse("livewall_api:api_posts", args=[slug]), params)


def test_lists_approved_posts_in_change_order(client):
    wall = WallFactory()
    first = services.accept(wall, incoming_post(text="first"))
    second = services.accept(wall, incoming_post(text="second"))
    response = api(client, wall.slug)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["wall"] == wall.slug
    assert body["seq"] == 2
    assert body["next"] is None
    assert [(p["id"], p["seq"], p["text"]) for p in body["posts"]] == [(first.pk, 1, "first"), (second.pk, 2, "second")]


def test_after_returns_only_changes_since_the_cursor_with_removals(client):
    wall = WallFactory()
    moderator = ModeratorFactory()
    kept = services.accept(wall, incoming_post(text="kept"))
    gone = services.accept(wall, incoming_post(text="gone"))
    actions.hide(gone, moderator)
    actions.pin(kept, moderator)
    body = api(client, wall.slug, after=2).json()
    assert body["posts"] == [
        {"id": gone.pk, "removed": True, "seq": 3},
        {**body["posts"][1], "id": kept.pk, "pinned": True, "seq": 4},
    ]
    assert api(client, wall.slug, after=4).json()["posts"] == []


def test_pending_and_rejected_posts_never_appear(client):
    wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
    pending = services.accept(wall, incoming_post(text="secret pending"))
    body = api(client, wall.slug).json()
    assert body["posts"] == []
    assert "secret pending" not in api(client, wall.slug).content.decode()
    actions.reject(pending, ModeratorFactory())
    assert api(client, wall.slug).json()["posts"] == []


def test_pages_follow_the_next_link(client):
    wall = WallFactory()
    posts = [services.accept(wall, incoming_post(text=f"post {n}")) for n in range(5)]
    seen, url, pages = [], reverse("livewall_api:api_posts", args=[wall.slug]) + "?limit=2", 0
    while url:
        body = client.get(url).json()
        seen += [p["id"] for p in body["posts"]]
        url, pages = body["next"], pages + 1
    assert seen == [p.pk for p in posts]
    assert pages == 3


def test_limit_is_capped(client):
    wall = WallFactory()
    assert api(client, wall.slug, limit=200).status_code == 200
    response = api(client, wall.slug, limit=201)
    assert response.status_code == 400
    assert "limit" in response.json()["message"]


@pytest.mark.parametrize("params", [{"after": "abc"}, {"after": "-1"}, {"after": "1.5"}, {"limit": "0"}])
def test_bad_cursor_is_a_400_with_a_message(client, params):
    wall = WallFactory()
    response = api(client, wall.slug, **params)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert response.json()["message"]


def test_unknown_wall_is_a_json_404(client):
    response = api(client, "no-such-wall")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_only_get(client):
    wall = WallFactory()
    assert client.post(reverse("livewall_api:api_posts", args=[wall.slug])).status_code == 405


def test_xss_travels_as_plain_text(client):
    wall = WallFactory()
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    services.accept(wall, incoming_post(text=payload, author_name="<b>Mallory</b>"))
    response = api(client, wall.slug)
    post = response.json()["posts"][0]
    assert (post["text"], post["author_name"]) == (payload, "<b>Mallory</b>")
    # JSON, not HTML: a browser will not sniff it into a page.
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_lang_lists_only_the_posts_in_that_language_and_the_next_page_keeps_it(client):
    wall = WallFactory()
    for text, language in [("bore da", "cy"), ("hello", "en"), ("shwmae", "cy-GB"), ("hiya", "en-GB"), ("?", "")]:
        services.accept(wall, incoming_post(text=text, language=language))
    texts = lambda body: [(post["text"], post["language"]) for post in body["posts"]]  # noqa: E731
    assert texts(api(client, wall.slug, lang="cy").json()) == [("bore da", "cy"), ("shwmae", "cy-GB")]
    assert texts(api(client, wall.slug, lang="en-gb").json()) == [("hiya", "en-GB")]
    assert len(api(client, wall.slug).json()["posts"]) == 5
    first = api(client, wall.slug, lang="CY", limit=1).json()
    assert texts(first) == [("bore da", "cy")]
    assert "lang=cy" in first["next"]
    second = client.get(first["next"]).json()
    assert texts(second) == [("shwmae", "cy-GB")] and second["next"] is None


@pytest.mark.parametrize("lang", ["\x00", "cy\x00", "'", '"cy"', "c" * 10_000, "und", "english", "cy;DROP"])
def test_a_lang_that_is_no_language_tag_is_a_400_with_the_reason(client, lang):
    wall = WallFactory()
    services.accept(wall, incoming_post(text="bore da", language="cy"))
    response = api(client, wall.slug, lang=lang)
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": "bad_request",
        "message": '"lang" must be a language tag, such as cy or en-GB.',
    }


def test_an_empty_lang_is_no_filter(client):
    wall = WallFactory()
    services.accept(wall, incoming_post(text="bore da", language="cy"))
    services.accept(wall, incoming_post(text="hello"))
    assert len(api(client, wall.slug, lang="").json()["posts"]) == 2
