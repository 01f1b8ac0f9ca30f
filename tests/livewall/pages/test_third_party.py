"""A wall page makes no request to a third-party host: the participant page and the big screen load
every picture, script and stylesheet from the portal. Links in posts are <a> links, followed only
when someone clicks; the video player is framed only when someone presses play."""

import pytest
from django.urls import reverse

from livewall.models import Wall
from portal.public_input import images

from ..factories import WallFactory, approved_post
from ..pages_support import image_bytes, unique_rate_limits, upload  # noqa: F401 - fixture
from ..third_party import resource_addresses, third_party_resources

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]


@pytest.fixture
def busy_wall():
    """A wall with what participants post: text with links, YouTube and Vimeo links, a photo."""
    wall = WallFactory(moderation_mode=Wall.Moderation.POST)
    approved_post(wall, text="Slides at https://example.org/slides and notes at http://example.net/n")
    approved_post(wall, text="Watch https://youtu.be/aqz-KE-bpKQ")
    approved_post(wall, text="And https://vimeo.com/1084537")
    approved_post(
        wall, text="From the room", image=images.process_upload(upload(image_bytes())), image_alt="The hall, full"
    )
    return wall


@pytest.mark.parametrize("page", ["livewall:participant", "livewall:screen"])
def test_wall_pages_load_nothing_from_another_host(client, busy_wall, page):
    html = client.get(reverse(page, args=[busy_wall.slug])).content.decode()
    assert len(resource_addresses(html)) >= 3  # the scan sees the page's own assets and photo
    assert third_party_resources(html) == []
    assert "<iframe" not in html  # the player is made by the click, not by the page
    if page == "livewall:participant":
        assert 'href="https://example.org/slides"' in html  # a link, shown and not loaded


def test_the_pages_policy_lets_images_come_from_the_portal_only(client, busy_wall):
    response = client.get(reverse("livewall:participant", args=[busy_wall.slug]))
    policy = dict(
        (directive.split()[0], directive.split()[1:]) for directive in response["Content-Security-Policy"].split("; ")
    )
    assert set(policy["img-src"]) == {"'self'", "data:"}
    # The players' hosts may be framed, which happens only when a viewer presses play.
    assert set(policy["frame-src"]) == {"https://www.youtube-nocookie.com", "https://player.vimeo.com"}
