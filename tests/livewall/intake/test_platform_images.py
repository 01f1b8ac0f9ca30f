"""Platform posts' pictures are fetched once server-side, checked, re-encoded and served by the
portal: a viewer's browser never loads a platform's picture (the pages' CSP would block it anyway).

The platform's media host is a real HTTP server on loopback (pytest-httpserver) serving a real JPEG
with a camera's EXIF and bytes appended, an HTML page that calls itself a JPEG, and a 404.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from livewall.intake import platform_images, services
from livewall.models import Post, WallEvent

from ..factories import WallFactory, incoming_post
from ..pages_support import image_bytes
from ..third_party import third_party_resources

pytestmark = pytest.mark.django_db

PATH = "/system/media_attachments/files/small/urn.jpg"


@pytest.fixture
def media_host(httpserver, settings):
    """A Mastodon instance's media host on loopback, let through the private-address refusal."""
    settings.LIVEWALL_PLATFORM_IMAGES = True
    settings.LIVEWALL_IMAGE_PRIVATE_ORIGINS = [httpserver.url_for("/").rstrip("/")]
    return httpserver


def platform_jpeg():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    return image_bytes("JPEG", size=(1600, 1200), exif=exif.tobytes()) + b"APPENDED-PAYLOAD"


def mastodon_post(wall, url, external_id="1"):
    return services.accept(
        wall,
        incoming_post(
            source=Post.Source.MASTODON,
            external_id=external_id,
            text="The new community garden",
            image_url=url,
            image_alt="Raised beds by the library",
        ),
    )


def test_the_picture_is_fetched_reencoded_and_served_by_the_portal(
    media_host, client, django_capture_on_commit_callbacks
):
    media_host.expect_request(PATH).respond_with_data(platform_jpeg(), content_type="image/jpeg")
    wall = WallFactory(moderation_mode="post")
    with django_capture_on_commit_callbacks(execute=True):
        post = mastodon_post(wall, media_host.url_for(PATH))

    post.refresh_from_db()
    assert post.image, "the picture was not stored"
    stored = post.image.read()
    assert b"APPENDED-PAYLOAD" not in stored and b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as picture:
        assert max(picture.size) <= platform_images.MAX_EDGE
    # The wall was told: an "updated" event after the "published" one.
    assert list(WallEvent.objects.filter(post=post).values_list("kind", flat=True)) == [
        WallEvent.Kind.PUBLISHED,
        WallEvent.Kind.UPDATED,
    ]
    for name in ("livewall:participant", "livewall:screen"):
        html = client.get(reverse(name, args=[wall.slug])).content.decode()
        assert f'src="{post.image.url}" alt="Raised beds by the library"' in html
        assert media_host.url_for(PATH) not in html
        assert third_party_resources(html) == []
    api = client.get(reverse("livewall_api:api_posts", args=[wall.slug])).json()
    assert media_host.url_for(PATH) not in str(api)

    # A second run of the task (a retry, a duplicate queue entry) asks the host nothing more.
    assert platform_images.fetch(post.pk) is False
    assert len(media_host.log) == 1


def test_until_the_picture_is_stored_viewers_get_its_description_as_text(client):
    wall = WallFactory(moderation_mode="post")
    post = mastodon_post(wall, "https://files.example.org/photo.jpg")  # not fetched: tests are offline
    html = client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
    assert not post.image
    assert "Picture: Raised beds by the library" in html
    assert "files.example.org" not in html


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"<html><script>alert(1)</script></html>", "image/jpeg", 200),
        (b"", "image/jpeg", 404),
    ],
    ids=["html-calling-itself-a-jpeg", "not-found"],
)
def test_a_bad_answer_stores_nothing_and_keeps_the_description(
    media_host, client, django_capture_on_commit_callbacks, body, content_type, status
):
    media_host.expect_request(PATH).respond_with_data(body, content_type=content_type, status=status)
    wall = WallFactory(moderation_mode="post")
    with django_capture_on_commit_callbacks(execute=True):
        post = mastodon_post(wall, media_host.url_for(PATH))
    post.refresh_from_db()
    assert not post.image
    assert (
        "Picture: Raised beds by the library"
        in client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
    )


def test_an_address_on_the_portals_own_network_is_never_fetched(
    httpserver, settings, django_capture_on_commit_callbacks
):
    # The same loopback server, but not listed as an exception: a post must not make the portal
    # fetch from its own network (cloud metadata, an admin port).
    settings.LIVEWALL_PLATFORM_IMAGES = True
    settings.LIVEWALL_IMAGE_PRIVATE_ORIGINS = []
    httpserver.expect_request(PATH).respond_with_data(platform_jpeg(), content_type="image/jpeg")
    wall = WallFactory(moderation_mode="post")
    with django_capture_on_commit_callbacks(execute=True):
        post = mastodon_post(wall, httpserver.url_for(PATH))
    post.refresh_from_db()
    assert not post.image
    assert httpserver.log == []
    for address in ("http://127.0.0.1/x.jpg", "http://10.0.0.5/x.jpg", "http://[::1]/x.jpg", "file:///etc/passwd"):
        assert not platform_images.public_address(address)
    assert platform_images.public_address("http://93.184.215.14/photo.jpg")  # a public literal: no lookup


def test_the_command_catches_up_on_approved_posts_without_their_picture(media_host, settings):
    media_host.expect_request(PATH).respond_with_data(platform_jpeg(), content_type="image/jpeg")
    wall = WallFactory(moderation_mode="post")
    settings.LIVEWALL_PLATFORM_IMAGES = False  # as if accepted before pictures were kept
    post = mastodon_post(wall, media_host.url_for(PATH))
    pending = Post.objects.create(
        wall=wall,
        source=Post.Source.MASTODON,
        external_id="held",
        status=Post.Status.PENDING,
        image_url=media_host.url_for(PATH),
        text="held back",
    )
    out = io.StringIO()
    call_command("livewall_fetch_thumbnails", stdout=out)
    assert "Stored 1 platform post picture(s)." in out.getvalue()
    post.refresh_from_db()
    pending.refresh_from_db()
    assert post.image and not pending.image
