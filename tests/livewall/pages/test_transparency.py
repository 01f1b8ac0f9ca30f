"""Transparency for contributors: the private status link to one's own post, the wall's published
rules, and the public count of posts held back (never the posts)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from livewall.intake import status_links
from livewall.models import Post, Wall
from livewall.moderation import actions

from ..factories import ModeratorFactory, PostFactory, WallFactory, approved_post
from ..pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]

JSON = {"HTTP_ACCEPT": "application/json"}


def contribute(client, wall, text, json=True):
    return client.post(reverse("livewall:contribute", args=[wall.slug]), {"text": text}, **(JSON if json else {}))


def status_of(client, url):
    html = client.get(url).content.decode()
    return re.search(r'data-post-status="([a-z-]+)"', html).group(1), html


class TestPrivateStatusLink:
    def test_the_contributor_follows_their_post_from_waiting_to_shown_or_not(self, client):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        response = contribute(client, wall, "Mine, waiting <b>bold</b>")
        url = response.json()["status_url"]
        assert url.startswith(f"/walls/{wall.slug}/mine/")
        post = Post.objects.get(wall=wall)
        # Someone else's link, from another browser: the link is the key, no cookie needed.
        reader = Client()
        status, html = status_of(reader, url)
        assert status == "waiting"
        assert "Mine, waiting &lt;b&gt;bold&lt;/b&gt;" in html
        assert reader.get(url)["Cache-Control"].startswith("max-age=0")
        actions.approve(post, ModeratorFactory())
        assert status_of(reader, url)[0] == "shown"
        actions.hide(post, ModeratorFactory())
        assert status_of(reader, url)[0] == "not-shown"

    def test_it_shows_nothing_of_other_peoples_posts(self, client):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        PostFactory(wall=wall, status=Post.Status.PENDING, text="Someone else's pending post")
        approved_post(WallFactory(), text="Someone else's shown post")
        url = contribute(client, wall, "My own post").json()["status_url"]
        html = client.get(url).content.decode()
        assert "My own post" in html
        assert "Someone else" not in html

    def test_tampered_foreign_or_other_wall_links_lead_nowhere(self, client):
        wall, other = WallFactory(), WallFactory()
        post = approved_post(wall)
        token = status_links.make_token(post)
        assert client.get(reverse("livewall:post_status", args=[wall.slug, token])).status_code == 200
        assert client.get(reverse("livewall:post_status", args=[other.slug, token])).status_code == 404
        assert client.get(reverse("livewall:post_status", args=[wall.slug, token[:-2] + "xx"])).status_code == 404
        forged = status_links.signing.dumps({"wall": wall.pk, "post": post.pk}, salt="another.salt", compress=True)
        assert client.get(reverse("livewall:post_status", args=[wall.slug, forged])).status_code == 404

    def test_without_javascript_the_link_comes_with_the_thank_you(self, client):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        response = contribute(client, wall, "No script here", json=False)
        assert response.status_code == 303
        page = client.get(response["Location"]).content.decode()
        post = Post.objects.get(wall=wall)
        token = re.search(rf'href="/walls/{wall.slug}/mine/([^"/]+)/" data-status-link', page).group(1)
        assert status_links.read_token(token) == (wall.pk, post.pk)
        # The link is only for the one who posted: the next visitor's page has none.
        assert "Follow your post" not in Client().get(response["Location"]).content.decode()

    def test_a_bot_gets_no_link(self, client):
        wall = WallFactory()
        response = client.post(
            reverse("livewall:contribute", args=[wall.slug]), {"text": "spam", "website": "x"}, **JSON
        )
        assert response.status_code == 201
        assert "status_url" not in response.json()
        assert not Post.objects.exists()


class TestRulesAndHeldBack:
    def test_rules_are_published_and_only_the_count_of_held_back_posts(self, client):
        wall = WallFactory(rules="Be kind.\nNo <script>adverts</script>.")
        approved_post(wall, text="Visible post")
        rejected = PostFactory(wall=wall, status=Post.Status.PENDING, text="Rejected secret")
        hidden = approved_post(wall, text="Hidden secret")
        deleted = approved_post(wall, text="Deleted by author")
        PostFactory(wall=wall, status=Post.Status.PENDING, text="Pending secret")
        moderator = ModeratorFactory()
        actions.reject(rejected, moderator)
        actions.hide(hidden, moderator)
        actions.remove_at_source(deleted)
        for name in ("participant", "text"):
            html = client.get(reverse(f"livewall:{name}", args=[wall.slug])).content.decode()
            assert "<li>Be kind.</li>" in html
            assert "No &lt;script&gt;adverts&lt;/script&gt;." in html
            held = re.search(
                r"data-held-back>\s*Posts not shown by the moderators so far: <strong data-held-back-count>(\d+)<", html
            )
            assert held.group(1) == "2"  # rejected and hidden; not the author's own deletion
            for secret in ("Rejected secret", "Hidden secret", "Pending secret", "Deleted by author"):
                assert secret not in html


def test_the_status_page_shows_the_post_in_its_language(client):
    wall = WallFactory()
    response = client.post(
        reverse("livewall:contribute", args=[wall.slug]), {"text": "مرحبا من القاعة", "language": "ar"}, **JSON
    )
    html = client.get(response.json()["status_url"]).content.decode()
    assert '<p lang="ar" dir="rtl">مرحبا من القاعة</p>' in html
