"""Video embeds work under the public Content-Security-Policy: YouTube players on youtube-nocookie.com
(the only YouTube host in frame-src) and no inline styles (style-src 'self').

The oEmbed provider is a real HTTP server on loopback answering as YouTube does; no internet."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from wagtail.embeds import oembed_providers
from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders import get_finders
from wagtail.embeds.models import Embed

from home.blocks import BaseStreamBlock
from home.embeds import NoCookieOEmbedFinder
from portal.security import VIDEO_PLAYER_HOSTS

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db

VIDEO_ID = "M7lc1UVf-VE"
VIDEO = f"https://www.youtube.com/watch?v={VIDEO_ID}"

# The shape of https://www.youtube.com/oembed?url=...&format=json (fields, types and the iframe as sent).
YOUTUBE_OEMBED = {
    "title": "YouTube Developers Live: Embedded Web Player Customization",
    "author_name": "Google for Developers",
    "author_url": "https://www.youtube.com/@GoogleDevelopers",
    "type": "video",
    "height": 113,
    "width": 200,
    "version": "1.0",
    "provider_name": "YouTube",
    "provider_url": "https://www.youtube.com/",
    "thumbnail_height": 360,
    "thumbnail_width": 480,
    "thumbnail_url": f"https://i.ytimg.com/vi/{VIDEO_ID}/hqdefault.jpg",
    "html": (
        f'<iframe width="200" height="113" src="https://www.youtube.com/embed/{VIDEO_ID}?feature=oembed" '
        'frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; '
        'picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen '
        'title="YouTube Developers Live: Embedded Web Player Customization"></iframe>'
    ),
}


@pytest.fixture
def youtube(httpserver, settings):
    """The project's finder, with Wagtail's YouTube provider answering from loopback."""
    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": settings.WAGTAILEMBEDS_FINDERS[0]["class"],
            "providers": [{**oembed_providers.youtube, "endpoint": httpserver.url_for("/oembed")}],
        }
    ]
    get_finders.cache_clear()
    yield httpserver
    get_finders.cache_clear()


def answers(server, status=200):
    request = server.expect_request("/oembed", query_string={"url": VIDEO, "format": "json"})
    if status == 200:
        request.respond_with_json(YOUTUBE_OEMBED)
    else:
        request.respond_with_data("Not Found", status=status, content_type="text/html")


def iframe_srcs(html):
    return re.findall(r'<iframe[^>]*\ssrc="([^"]+)"', html)


def assert_csp_friendly_player(html):
    srcs = iframe_srcs(html)
    assert srcs == [f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?feature=oembed"]
    parts = urlsplit(srcs[0])
    assert f"{parts.scheme}://{parts.netloc}" in VIDEO_PLAYER_HOSTS
    assert "www.youtube.com/embed" not in html
    assert "style=" not in html


def test_settings_use_the_finder_with_wagtails_default_providers():
    get_finders.cache_clear()
    try:
        (finder,) = get_finders()
        assert isinstance(finder, NoCookieOEmbedFinder)
        assert finder._get_endpoint(VIDEO) == "https://www.youtube.com/oembed"
        assert finder._get_endpoint("https://vimeo.com/76979871") == "https://www.vimeo.com/api/oembed.json"
        assert finder.accept("https://www.dailymotion.com/video/x7tgad0")  # the rest of Wagtail's list
    finally:
        get_finders.cache_clear()


def test_finder_moves_the_youtube_player_to_youtube_nocookie(youtube):
    answers(youtube)

    embed = get_embed(VIDEO)

    youtube.check_assertions()
    assert iframe_srcs(embed.html) == [f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?feature=oembed"]
    assert 'title="YouTube Developers Live: Embedded Web Player Customization"' in embed.html
    assert (embed.type, embed.provider_name, embed.width, embed.height) == ("video", "YouTube", 200, 113)
    assert embed.thumbnail_url == YOUTUBE_OEMBED["thumbnail_url"]
    # Stored rewritten, so the cached row served on later page views is already safe.
    assert Embed.objects.get(url=VIDEO).html == embed.html


@pytest.mark.parametrize(
    "player,expected",
    [
        ("https://youtube.com/embed/abc", "https://www.youtube-nocookie.com/embed/abc"),
        ("http://www.youtube.com/embed/abc", "https://www.youtube-nocookie.com/embed/abc"),
        ("//www.youtube.com/embed/abc", "https://www.youtube-nocookie.com/embed/abc"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://www.youtube.com.example/embed/abc", "https://www.youtube.com.example/embed/abc"),
    ],
)
def test_finder_rewrites_only_youtube_players(httpserver, player, expected):
    httpserver.expect_request("/oembed").respond_with_json({"type": "video", "html": f'<iframe src="{player}">'})
    finder = NoCookieOEmbedFinder(providers=[{"endpoint": httpserver.url_for("/oembed"), "urls": [r"^https://.+$"]}])
    assert finder.find_embed("https://example.org/v")["html"] == f'<iframe src="{expected}">'


def test_embed_block_renders_the_player_with_a_ratio_class_and_no_inline_style(client, home, youtube):
    answers(youtube)
    page = StandardPageFactory(parent=home, body=[{"type": "embed", "value": VIDEO}])

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    embed = re.search(r'<div class="embed">.*?</iframe>\s*</div>\s*</div>', html, re.S)
    assert embed, html
    assert '<div class="responsive-object embed-ratio-16x9">' in embed.group()
    assert_csp_friendly_player(html)
    csp = response.headers["Content-Security-Policy"]
    assert "style-src 'self';" in csp and "frame-src https://www.youtube-nocookie.com " in csp


def test_rich_text_embed_renders_through_the_project_template(client, home, youtube):
    answers(youtube)
    page = StandardPageFactory(
        parent=home,
        body=[{"type": "paragraph", "value": f'<p>Watch this:</p><embed embedtype="media" url="{VIDEO}"/>'}],
    )

    html = client.get(page.url).content.decode()

    assert "<p>Watch this:</p>" in html
    assert '<div class="responsive-object embed-ratio-16x9">' in html
    assert_csp_friendly_player(html)


def test_home_page_intro_embed_is_csp_friendly(client, home, youtube):
    answers(youtube)
    home.intro = f'<p>Our story.</p><embed embedtype="media" url="{VIDEO}"/>'
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert '<div class="responsive-object embed-ratio-16x9">' in html
    assert_csp_friendly_player(html)


def test_provider_404_leaves_the_embed_out_and_the_page_up(client, home, youtube):
    answers(youtube, status=404)
    page = StandardPageFactory(
        parent=home,
        introduction="Still here.",
        body=[
            {"type": "embed", "value": VIDEO},
            {"type": "paragraph", "value": f'<p>Rich text too.</p><embed embedtype="media" url="{VIDEO}"/>'},
        ],
    )

    response = client.get(page.url)

    # Wagtail's finder raises EmbedNotFoundException; the front end renders nothing in its place.
    assert response.status_code == 200
    html = response.content.decode()
    assert "Still here." in html and "<p>Rich text too.</p>" in html
    assert "<iframe" not in html and 'class="embed"' not in html and "responsive-object" not in html
    assert not Embed.objects.exists()
    with pytest.raises(EmbedNotFoundException):
        get_embed(VIDEO)
    # Editors are told when they save: the block refuses a URL with no embed.
    with pytest.raises(ValidationError, match="Cannot find an embed for this URL"):
        BaseStreamBlock().child_blocks["embed"].clean(EmbedValue(VIDEO))


@pytest.mark.parametrize(
    "width,height,expected",
    [(200, 113, "16x9"), (640, 480, "4x3"), (500, 500, "1x1"), (113, 200, "9x16"), (840, 360, "21x9")],
)
def test_ratio_class_is_the_nearest_shape(width, height, expected):
    from django.template import Context, Template

    embed = Embed(url=VIDEO, type="video", html="<iframe></iframe>", width=width, height=height)
    html = Template('{% include "wagtailembeds/embed_frontend.html" %}').render(Context({"embed": embed}))
    assert f'class="responsive-object embed-ratio-{expected}"' in html
    assert "style=" not in html


def test_embed_without_a_size_gets_no_ratio_box():
    from django.template import Context, Template

    embed = Embed(url=VIDEO, type="rich", html="<blockquote>A post</blockquote>")
    html = Template('{% include "wagtailembeds/embed_frontend.html" %}').render(Context({"embed": embed}))
    assert "<div>" in html and "responsive-object" not in html and "<blockquote>A post</blockquote>" in html


def test_the_migration_forgets_stored_youtube_players_only():
    """Embeds stored before the finder existed are fetched again through it."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("home.migrations.0004_refetch_youtube_embeds")
    old = '<iframe src="https://www.youtube.com/embed/abc?feature=oembed"></iframe>'
    kept = [
        '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>',
        '<iframe src="https://player.vimeo.com/video/76979871"></iframe>',
    ]
    for number, html in enumerate([old, *kept]):
        Embed.objects.create(url=f"https://example.org/{number}", max_width=None, hash=f"h{number}", html=html)
    migration.forget_youtube_embeds(apps, None)
    assert sorted(Embed.objects.values_list("html", flat=True)) == sorted(kept)
