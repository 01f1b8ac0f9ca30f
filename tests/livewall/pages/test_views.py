"""Participant page, big screen, QR code and the contribution form (with and without JavaScript)."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from livewall.intake import ratelimit
from livewall.models import Post, Wall, WallEvent
from livewall.moderation import actions
from portal.public_input import images

from ..factories import ModeratorFactory, PostFactory, WallFactory, approved_post
from ..pages_support import image_bytes, unique_rate_limits, upload  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]

JSON = {"HTTP_ACCEPT": "application/json"}


def contribute_url(wall):
    return reverse("livewall:contribute", args=[wall.slug])


def post_to(client, wall, json=False, **data):
    data.setdefault("text", "Hello from the room")
    return client.post(contribute_url(wall), data, **(JSON if json else {}))


class TestParticipantPage:
    def test_shows_approved_posts_only_pinned_first(self, client):
        wall = WallFactory()
        older = approved_post(wall, text="An approved older post")
        approved_post(wall, text="An approved newer post")
        older.pinned = True
        older.save()
        for status in (Post.Status.PENDING, Post.Status.HIDDEN, Post.Status.REJECTED):
            PostFactory(wall=wall, status=status, text=f"secret {status} post")
        response = client.get(reverse("livewall:participant", args=[wall.slug]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "An approved newer post" in html
        assert html.index("An approved older post") < html.index("An approved newer post")
        for status in ("pending", "hidden", "rejected"):
            assert f"secret {status} post" not in html

    def test_page_carries_the_client_settings_and_form(self, client):
        wall = WallFactory()
        approved_post(wall)
        response = client.get(reverse("livewall:participant", args=[wall.slug]))
        html = response.content.decode()
        assert f'data-ws-path="/ws/walls/{wall.slug}/"' in html
        assert 'data-seq="1"' in html
        assert '<script type="module" src="/static/livewall/wall/main.js">' in html
        assert 'name="csrfmiddlewaretoken"' in html
        assert 'name="text"' in html and 'maxlength="500"' in html
        assert "I&#x27;m in the room" in html or "I'm in the room" in html
        assert ratelimit.PARTICIPANT_COOKIE not in response.cookies  # set on the first post, not on a view

    def test_counts_posts_from_the_room_and_remote(self, client):
        wall = WallFactory()
        approved_post(wall, attending=Post.Attending.IN_ROOM)
        approved_post(wall, attending=Post.Attending.IN_ROOM)
        approved_post(wall, attending=Post.Attending.REMOTE)
        html = client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
        assert 'data-count="in_room">2<' in html
        assert 'data-count="remote">1<' in html

    def test_the_posts_are_rendered_once_per_wall_change(self, client):
        wall = WallFactory(moderation_mode=Wall.Moderation.POST)
        url = reverse("livewall:participant", args=[wall.slug])
        client.get(url)  # the site's own first-request work (settings, menus) out of the way
        first = approved_post(wall, text="The first post", attending=Post.Attending.IN_ROOM)
        with CaptureQueriesContext(connection) as rendered:
            assert "The first post" in client.get(url).content.decode()
        with CaptureQueriesContext(connection) as remembered:
            html = client.get(url).content.decode()
        assert "The first post" in html and 'data-count="in_room">1<' in html
        assert len(remembered) <= len(rendered) - 3  # no snapshot (cursor, posts) and no counts

        approved_post(wall, text="Posted since", attending=Post.Attending.IN_ROOM)
        html = client.get(url).content.decode()
        assert "Posted since" in html and 'data-count="in_room">2<' in html
        actions.hide(first, ModeratorFactory())
        html = client.get(url).content.decode()
        assert "The first post" not in html and "Posted since" in html
        assert f'data-seq="{Wall.objects.get(pk=wall.pk).last_seq}"' in html

    def test_the_first_page_cache_can_be_turned_off(self, client, settings):
        settings.LIVEWALL_FIRST_PAGE_CACHE_SECONDS = 0
        wall = WallFactory(moderation_mode=Wall.Moderation.POST)
        approved_post(wall, text="Rendered every time")
        url = reverse("livewall:participant", args=[wall.slug])
        client.get(url)
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert "Rendered every time" in client.get(url).content.decode()
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_closed_wall_shows_no_form(self, client):
        wall = WallFactory(contributions_open=False)
        html = client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
        assert "not taking contributions" in html
        assert 'name="text"' not in html

    def test_unknown_wall_is_404(self, client):
        assert client.get("/walls/no-such-wall/").status_code == 404
        assert client.get("/walls/no-such-wall/screen/").status_code == 404


class TestScreen:
    def test_theme_layout_qr_and_short_url(self, client):
        wall = WallFactory(theme=Wall.Theme.CONTRAST, layout=Wall.Layout.CASCADE, show_qr_code=True)
        approved_post(wall, text="On the big screen")
        PostFactory(wall=wall, status=Post.Status.PENDING, text="waiting in the queue")
        response = client.get(reverse("livewall:screen", args=[wall.slug]))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="wall-screen theme-contrast layout-cascade"' in html
        assert "<svg" in html and 'class="segno"' in html
        assert f"testserver/walls/{wall.slug}" in html
        assert "On the big screen" in html
        assert "waiting in the queue" not in html
        assert 'data-max-posts="40"' in html
        assert "fonts.googleapis" not in html and "cdn" not in html.lower()

    def test_the_qr_code_and_short_url_use_the_public_address(self, client, settings):
        settings.PORTAL_BASE_URL = "https://portal.example.org"
        wall = WallFactory(show_qr_code=True)
        html = client.get(reverse("livewall:screen", args=[wall.slug]), HTTP_HOST="127.0.0.1").content.decode()
        assert f"portal.example.org/walls/{wall.slug}" in html
        assert f"127.0.0.1/walls/{wall.slug}" not in html

    def test_qr_code_can_be_switched_off(self, client):
        wall = WallFactory(show_qr_code=False)
        html = client.get(reverse("livewall:screen", args=[wall.slug])).content.decode()
        assert "<svg" not in html

    def test_video_posts_render_a_click_to_play_thumbnail(self, client):
        wall = WallFactory()
        approved_post(wall, text="Watch https://youtu.be/aqz-KE-bpKQ and https://example.org/more")
        html = client.get(reverse("livewall:screen", args=[wall.slug])).content.decode()
        assert 'data-embed="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"' in html
        assert "<iframe" not in html  # nothing from the provider loads before a click
        assert 'class="wall-video__play"' in html
        assert '<a href="https://example.org/more" rel="nofollow ugc noopener"' in html

    def test_qr_svg_endpoint(self, client):
        wall = WallFactory()
        response = client.get(reverse("livewall_api:qr", args=[wall.slug]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.startswith(b"<svg")


class TestContributeWithoutJavaScript:
    def test_post_redirects_back_with_a_message(self, client, django_capture_on_commit_callbacks):
        wall = WallFactory(moderation_mode=Wall.Moderation.POST)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_to(client, wall, author_name="Sam", attending="in_room")
        assert response.status_code == 303
        assert response["Location"] == reverse("livewall:participant", args=[wall.slug]) + "#contribute"
        post = Post.objects.get(wall=wall)
        assert (post.text, post.author_name, post.attending, post.status) == (
            "Hello from the room",
            "Sam",
            "in_room",
            "approved",
        )
        assert WallEvent.objects.filter(post=post, kind="published").exists()
        page = client.get(response["Location"]).content.decode()
        assert "your message is on the wall" in page
        assert "Hello from the room" in page

    def test_pre_moderated_wall_says_a_moderator_will_check(self, client):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        response = post_to(client, wall)
        assert Post.objects.get(wall=wall).status == Post.Status.PENDING
        page = client.get(response["Location"]).content.decode()
        assert "a moderator will check your message" in page
        assert "Hello from the room" not in page.split('id="posts-title"')[1]

    def test_errors_re_render_the_form_with_status_400(self, client):
        wall = WallFactory()
        response = post_to(client, wall, text="", author_name="Keep me")
        assert response.status_code == 400
        html = response.content.decode()
        assert "Please write a message before posting." in html
        assert 'value="Keep me"' in html
        assert not Post.objects.exists()

    def test_get_contribute_page(self, client):
        wall = WallFactory()
        response = client.get(contribute_url(wall))
        assert response.status_code == 200
        assert 'enctype="multipart/form-data"' in response.content.decode()


class TestContributeWithJavaScript:
    def test_json_answer(self, client):
        wall = WallFactory(moderation_mode=Wall.Moderation.POST)
        response = post_to(client, wall, json=True, text="By fetch")
        assert response.status_code == 201
        body = response.json()
        assert body["ok"] is True and body["status"] == "approved"
        assert body["post"]["text"] == "By fetch"
        assert "message" in body

    def test_json_errors(self, client):
        wall = WallFactory()
        response = post_to(client, wall, json=True, text="x" * 501)
        assert response.status_code == 400
        body = response.json()
        assert body["ok"] is False
        assert body["errors"]["text"][0]["message"].startswith("Please keep your message to 500")
        assert not Post.objects.exists()


class TestRefusals:
    @pytest.mark.parametrize(
        "fields",
        [
            {"contributions_open": False},
            {"opens_at": timezone.now() + timedelta(hours=1)},
            {"closes_at": timezone.now() - timedelta(minutes=1)},
        ],
    )
    def test_closed_wall_refuses_with_403_and_saves_nothing(self, client, fields):
        wall = WallFactory(**fields)
        response = post_to(client, wall)
        assert response.status_code == 403
        assert "not taking contributions" in response.content.decode()
        json_response = post_to(client, wall, json=True)
        assert json_response.status_code == 403
        assert json_response.json()["message"] == "This wall is not taking contributions right now."
        assert not Post.objects.exists()

    def test_honeypot_saves_nothing_but_looks_like_success(self, client):
        wall = WallFactory()
        response = post_to(client, wall, website="http://spam.example")
        assert response.status_code == 303
        assert not Post.objects.exists()
        json_response = post_to(client, wall, json=True, website="http://spam.example")
        assert json_response.status_code == 201 and json_response.json()["ok"] is True
        assert not Post.objects.exists()

    def test_csrf_is_enforced(self):
        wall = WallFactory()
        browser = Client(enforce_csrf_checks=True)
        assert post_to(browser, wall).status_code == 403
        assert not Post.objects.exists()
        browser.get(reverse("livewall:participant", args=[wall.slug]))
        token = browser.cookies["csrftoken"].value
        response = post_to(browser, wall, csrfmiddlewaretoken=token)
        assert response.status_code == 303
        assert Post.objects.count() == 1


class TestImages:
    def test_image_is_saved_re_encoded(self, client):
        wall = WallFactory()
        data = image_bytes("PNG", size=(2400, 1800), gps=False)
        response = post_to(client, wall, image=upload(data, "holiday.png", "image/png"))
        assert response.status_code == 303
        post = Post.objects.get(wall=wall)
        with post.image.open("rb") as stored:
            picture = Image.open(io.BytesIO(stored.read()))
        assert picture.format == "JPEG" and picture.size == (1600, 1200)
        assert post.image.name.endswith(".jpg") and "holiday" not in post.image.name
        page = client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
        assert post.image.url in page

    def test_bad_image_is_a_form_error_and_nothing_is_saved(self, client):
        wall = WallFactory()
        response = post_to(client, wall, image=upload(image_bytes("GIF"), "cat.jpg"))
        assert response.status_code == 400
        assert "Only JPEG, PNG and WebP images can be posted." in response.content.decode()
        assert not Post.objects.exists()

    def test_over_ten_megabytes_is_413(self, client):
        wall = WallFactory()
        data = image_bytes("PNG", size=(10, 10)) + b"\0" * images.MAX_BYTES
        response = post_to(client, wall, json=True, image=upload(data, "big.png", "image/png"))
        assert response.status_code == 413
        assert "10 MB" in response.json()["message"]
        assert not Post.objects.exists()

    def test_just_over_ten_megabytes_is_a_413_form_error(self, client):
        wall = WallFactory()
        data = b"\xff" * (images.MAX_BYTES + 100)  # under the request cap, over the image cap
        response = post_to(client, wall, image=upload(data, "big.jpg"))
        assert response.status_code == 413
        assert "larger than 10 MB" in response.content.decode()
        assert not Post.objects.exists()


class TestLanguageOfAContribution:
    def test_the_form_asks_for_it_with_the_pages_language_chosen(self, client):
        wall = WallFactory()
        html = client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
        assert '<label for="id_language">Language of your post:</label>' in html
        assert '<option value="en" selected lang="en">English</option>' in html
        assert '<option value="cy" lang="cy">Cymraeg</option>' in html

    def test_the_chosen_language_is_kept_and_shown(self, client):
        wall = WallFactory(moderation_mode=Wall.Moderation.POST)
        response = post_to(client, wall, json=True, text="Helo o'r ystafell", language="cy")
        assert response.status_code == 201
        assert response.json()["post"]["language"] == "cy"
        assert Post.objects.get().language == "cy"
        html = client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
        assert '<p class="wall-post__text" lang="cy" dir="ltr">Helo o&#x27;r ystafell</p>' in html

    def test_a_language_not_offered_is_refused_and_nothing_saved(self, client):
        wall = WallFactory()
        response = post_to(client, wall, json=True, language="xx")
        assert response.status_code == 400
        assert response.json()["errors"]["language"][0]["message"] == "Please choose one of the languages listed."
        assert post_to(client, wall, language="xx").status_code == 400
        assert not Post.objects.exists()
