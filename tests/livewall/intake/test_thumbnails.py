"""Video thumbnails are fetched once server-side, checked, re-encoded and served by the portal.

The provider is a real HTTP server on loopback (pytest-httpserver) serving a real JPEG, an HTML page
that calls itself a JPEG, a huge file and a 404; the wall's pages, API and frames must then show only
the portal's own copy, or no picture at all, never the provider's address.
"""

import io

import pytest
import requests
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from livewall.intake import services, thumbnails
from livewall.models import Post, VideoThumbnail, WallEvent
from livewall.stream import catchup
from livewall.stream.embeds import Video

from ..factories import WallFactory, incoming_post
from ..pages_support import image_bytes, png_bomb
from ..third_party import third_party_resources

pytestmark = pytest.mark.django_db

VIDEO_ID = "aqz-KE-bpKQ"
PATH = f"/vi/{VIDEO_ID}/hqdefault.jpg"


@pytest.fixture
def provider(httpserver, settings):
    """The provider's image host, on loopback, and the only origin thumbnails may come from."""
    settings.LIVEWALL_THUMBNAIL_ORIGINS = [httpserver.url_for("/").rstrip("/")]
    settings.LIVEWALL_OEMBED_TIMEOUT = 0
    return httpserver


def provider_jpeg():
    """A real 480x360 JPEG as YouTube serves it, with a camera's EXIF and bytes after the image."""
    exif = Image.Exif()
    exif[0x010F] = "ProviderCam"  # Make
    return image_bytes("JPEG", size=(480, 360), colour=(20, 120, 200), exif=exif.tobytes()) + b"TRAILING-PAYLOAD"


def other_name_of(server, path):
    """The same loopback server under a name that is not the allowed origin."""
    other = "127.0.0.1" if server.host == "localhost" else "localhost"
    return f"http://{other}:{server.port}{path}"


def video_post(wall, server, path=PATH, video_id=VIDEO_ID, text="Watch this"):
    video = Video(provider="youtube", id=video_id, thumbnail=server.url_for(path))
    return services.accept(wall, incoming_post(text=text, video=video))


def requests_for(server, path):
    return [request for request, _ in server.log if request.path == path]


def stored_thumbnails():
    folder = VideoThumbnail._meta.get_field("image").upload_to
    return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()


def page_html(client, wall, name="livewall:participant"):
    return client.get(reverse(name, args=[wall.slug])).content.decode()


def video_box(html):
    start = html.index('class="wall-video"')
    return html[start : html.index("</div>", start)]


def test_the_thumbnail_is_fetched_once_reencoded_and_served_by_the_portal(
    provider, client, django_capture_on_commit_callbacks
):
    served = provider_jpeg()
    provider.expect_request(PATH).respond_with_data(served, content_type="image/jpeg")
    walls = [WallFactory(), WallFactory()]
    posts = []
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            posts.append(video_post(walls[n % 2], provider, text=f"Watch this, {n}"))

    assert len(requests_for(provider, PATH)) == 1, "one fetch serves every post of the video"
    cached = VideoThumbnail.objects.get()
    assert cached.status == VideoThumbnail.Status.READY
    assert {post.cached_thumbnail_id for post in Post.objects.all()} == {cached.pk}

    with default_storage.open(cached.image.name) as stored:
        data = stored.read()
    assert data != served and b"TRAILING-PAYLOAD" not in data and b"ProviderCam" not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "JPEG" and picture.size == (480, 360)
        assert not picture.getexif()

    local = cached.image.url
    assert local.startswith("/media/")
    for wall in walls:
        for name in ("livewall:participant", "livewall:screen"):
            html = page_html(client, wall, name)
            assert f'<img src="{local}"' in html
            assert third_party_resources(html) == [], third_party_resources(html)
            assert provider.url_for("/") not in html
        api = client.get(reverse("livewall_api:api_posts", args=[wall.slug]) + "?html=1").json()
        assert {post["video"]["thumbnail"] for post in api["posts"]} == {local}
        frame = catchup.snapshot(wall.pk)
        assert {post["video"]["thumbnail"] for post in frame["posts"]} == {local}
        assert all(third_party_resources(html) == [] for html in frame["html"])


def test_viewers_see_the_thumbnail_arrive_as_an_update_of_the_post(
    provider, client, django_capture_on_commit_callbacks
):
    provider.expect_request(PATH).respond_with_data(provider_jpeg(), content_type="image/jpeg")
    wall = WallFactory()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        post = video_post(wall, provider)

    # Not fetched yet: a plain "Play video" button, nothing from the provider.
    html = page_html(client, wall)
    assert "<img" not in video_box(html) and "Play video" in video_box(html)
    assert third_party_resources(html) == []
    assert requests_for(provider, PATH) == []

    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    assert len(requests_for(provider, PATH)) == 1
    update = WallEvent.objects.filter(post=post).order_by("seq").last()
    assert update.kind == WallEvent.Kind.UPDATED
    frames, _ = catchup.catch_up(wall.pk, after=post.seq)
    assert [frame["kind"] for frame in frames] == ["updated"]
    assert f'<img src="{VideoThumbnail.objects.get().image.url}"' in frames[0]["html"]


@pytest.mark.parametrize(
    "case",
    ["html_posing_as_jpeg", "huge_file", "pixel_bomb", "not_found", "redirect_elsewhere"],
)
def test_a_bad_answer_leaves_a_play_button_and_nothing_stored(
    case, provider, client, django_capture_on_commit_callbacks
):
    handler = provider.expect_request(PATH)
    if case == "html_posing_as_jpeg":
        handler.respond_with_data(b"<!doctype html><html><body>Not an image</body></html>", content_type="image/jpeg")
    elif case == "huge_file":
        handler.respond_with_data(provider_jpeg() + b"\0" * (thumbnails.MAX_BYTES + 1), content_type="image/jpeg")
    elif case == "pixel_bomb":
        handler.respond_with_data(png_bomb(60_000, 60_000), content_type="image/png")
    elif case == "not_found":
        handler.respond_with_data(b"Not Found", status=404)
    else:
        # Elsewhere is another name for the same loopback server: following would show in its log.
        elsewhere = other_name_of(provider, "/elsewhere.jpg")
        handler.respond_with_data(b"", status=302, headers={"Location": elsewhere})
        provider.expect_request("/elsewhere.jpg").respond_with_data(provider_jpeg(), content_type="image/jpeg")
    wall = WallFactory()
    before = stored_thumbnails()
    with django_capture_on_commit_callbacks(execute=True):
        video_post(wall, provider)

    assert len(requests_for(provider, PATH)) == 1
    assert requests_for(provider, "/elsewhere.jpg") == []
    cached = VideoThumbnail.objects.get()
    assert cached.status == VideoThumbnail.Status.FAILED and not cached.image
    assert cached.error
    html = page_html(client, wall)
    assert "<img" not in video_box(html) and "Play video" in video_box(html)
    assert third_party_resources(html) == []
    assert stored_thumbnails() == before


def test_a_thumbnail_from_an_origin_not_allowed_is_never_fetched(provider, client, django_capture_on_commit_callbacks):
    provider.expect_request(PATH).respond_with_data(provider_jpeg(), content_type="image/jpeg")
    wall = WallFactory()
    provider_origin = provider.url_for("/").rstrip("/")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.accept(
            wall,
            incoming_post(
                text="A card", video=Video(provider="youtube", id=VIDEO_ID, thumbnail=f"{provider_origin}{PATH}")
            ),
        )
    post.cached_thumbnail.refresh_from_db()
    assert post.cached_thumbnail.status == VideoThumbnail.Status.READY  # allowed: the fixture's origin

    other = WallFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(
            other,
            incoming_post(
                text="Another card",
                video=Video(provider="vimeo", id="1084537", thumbnail=other_name_of(provider, PATH)),
            ),
        )
    assert len(requests_for(provider, PATH)) == 1, "another name is not the allowed origin: no request"
    assert requests.get(other_name_of(provider, PATH), timeout=5).status_code == 200  # though it answers
    refused = VideoThumbnail.objects.get(provider="vimeo")
    assert refused.status == VideoThumbnail.Status.FAILED
    assert third_party_resources(page_html(client, other)) == []


def test_two_fetches_of_one_video_make_one_request(provider, django_capture_on_commit_callbacks):
    provider.expect_request(PATH).respond_with_data(provider_jpeg(), content_type="image/jpeg")
    wall = WallFactory()
    with django_capture_on_commit_callbacks(execute=False):
        post = video_post(wall, provider)
    thumbnails.fetch(post.cached_thumbnail_id)
    thumbnails.fetch(post.cached_thumbnail_id)
    assert len(requests_for(provider, PATH)) == 1


def test_posts_from_before_the_cache_get_their_thumbnail_from_the_command(provider, client):
    from django.core.management import call_command

    from ..factories import PostFactory

    provider.expect_request(PATH).respond_with_data(provider_jpeg(), content_type="image/jpeg")
    wall = WallFactory()
    older = [
        PostFactory(wall=wall, video_provider="youtube", video_id=VIDEO_ID, video_thumbnail=provider.url_for(PATH))
        for _ in range(2)
    ]
    assert "<img" not in video_box(page_html(client, wall))

    out = io.StringIO()
    call_command("livewall_fetch_thumbnails", stdout=out)
    assert "Linked 2 post(s)" in out.getvalue() and "stored 1 new" in out.getvalue()
    assert len(requests_for(provider, PATH)) == 1
    local = VideoThumbnail.objects.get().image.url
    assert {Post.objects.get(pk=post.pk).cached_thumbnail.url for post in older} == {local}
    assert f'<img src="{local}"' in page_html(client, wall)
    call_command("livewall_fetch_thumbnails", stdout=io.StringIO())
    assert len(requests_for(provider, PATH)) == 1
