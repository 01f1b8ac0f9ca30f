import pytest
from wagtail.embeds.finders import get_finders

from livewall.intake.video_links import (
    DEFAULT_OEMBED_TIMEOUT,
    find_video,
    oembed_thumbnail,
    parse_video_link,
    resolve_thumbnail,
)
from livewall.stream.embeds import Video, embed_url, thumbnail_url
from portal.public_input.text import clean_text, extract_links


class TestCleanText:
    def test_strips_control_and_bidi_override_characters(self):
        assert clean_text("a\x00b\x07c\u202ed\u2066e\ufefff\x85g") == "abcdefg"

    def test_normalises_to_nfc(self):
        assert clean_text("Cafe\u0301") == "Caf\u00e9"

    def test_collapses_blank_lines_and_trims(self):
        assert clean_text("  one  \r\n\r\n\r\n\ntwo\t\n  ") == "one\n\ntwo"

    def test_keeps_html_as_text(self):
        assert clean_text("<script>alert(1)</script>") == "<script>alert(1)</script>"

    def test_cuts_to_max_length_with_an_ellipsis(self):
        assert clean_text("abcdefghij", max_length=5) == "abcd…"
        assert clean_text("abcde", max_length=5) == "abcde"

    def test_none_is_empty(self):
        assert clean_text(None) == ""


def test_extract_links_trims_punctuation_and_dedupes():
    text = "See https://example.org/a, (https://example.org/b) and https://example.org/a. Also http://x.org/p?(q)!"
    assert extract_links(text) == ["https://example.org/a", "https://example.org/b", "http://x.org/p?(q)"]


def test_extract_links_ignores_other_schemes():
    assert extract_links("javascript:alert(1) ftp://x.org data:text/html,hi") == []


@pytest.mark.parametrize(
    "url,provider,video_id",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42", "youtube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtube.com/shorts/dQw4w9WgXcQ?si=abc", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=1", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871?h=abc", "vimeo", "76979871"),
    ],
)
def test_parse_video_link(url, provider, video_id):
    assert parse_video_link(url) == Video(provider=provider, id=video_id)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UCabcdefghijk",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript://youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/about",
        "not a url",
        "",
    ],
)
def test_parse_video_link_rejects(url):
    assert parse_video_link(url) is None


def test_find_video_takes_the_first_video_link():
    links = ["https://example.org/", "https://vimeo.com/1234", "https://youtu.be/dQw4w9WgXcQ"]
    assert find_video(links) == Video(provider="vimeo", id="1234")
    assert find_video(["https://example.org/"]) is None


def test_embed_and_thumbnail_urls_from_the_id():
    youtube = Video(provider="youtube", id="dQw4w9WgXcQ")
    assert embed_url(youtube) == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert thumbnail_url(youtube) == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    vimeo = Video(provider="vimeo", id="1234")
    assert embed_url(vimeo) == "https://player.vimeo.com/video/1234"
    assert thumbnail_url(vimeo) == ""


@pytest.fixture
def oembed_provider(httpserver, settings):
    """Wagtail's oEmbed finder pointed at a real HTTP server on loopback, looked up with the
    production timeout (the test settings turn lookups off for the rest of the suite)."""
    settings.LIVEWALL_OEMBED_TIMEOUT = DEFAULT_OEMBED_TIMEOUT
    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": [
                {"endpoint": httpserver.url_for("/oembed"), "urls": [r"^https://www\.youtube\.com/watch.+$"]},
                {"endpoint": httpserver.url_for("/vimeo-oembed"), "urls": [r"^https://vimeo\.com/.+$"]},
            ],
        }
    ]
    get_finders.cache_clear()
    yield httpserver
    get_finders.cache_clear()


def test_oembed_thumbnail_when_the_provider_answers(oembed_provider):
    oembed_provider.expect_request(
        "/vimeo-oembed", query_string={"url": "https://vimeo.com/1234", "format": "json"}
    ).respond_with_json({"type": "video", "thumbnail_url": "https://i.vimeocdn.com/video/1.jpg"})
    video = Video(provider="vimeo", id="1234")
    assert resolve_thumbnail(video) == "https://i.vimeocdn.com/video/1.jpg"
    assert video.thumbnail == "https://i.vimeocdn.com/video/1.jpg"


def test_slow_oembed_falls_back_to_the_parsed_id(oembed_provider, settings):
    import time

    settings.LIVEWALL_OEMBED_TIMEOUT = 0.2
    oembed_provider.expect_request("/oembed").respond_with_handler(
        lambda request: time.sleep(1) or __import__("werkzeug").Response("{}")
    )
    video = Video(provider="youtube", id="dQw4w9WgXcQ")
    started = time.monotonic()
    assert resolve_thumbnail(video) == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    assert time.monotonic() - started < 0.9


def test_unreachable_oembed_gives_nothing(oembed_provider):
    oembed_provider.expect_request("/oembed").respond_with_data("down", status=503)
    assert oembed_thumbnail(Video(provider="youtube", id="dQw4w9WgXcQ")) == ""


@pytest.mark.django_db
def test_the_oembed_title_is_kept_for_the_text_view(oembed_provider):
    from livewall.intake import services
    from livewall.stream.serializers import post_payload

    from ..factories import WallFactory, incoming_post

    oembed_provider.expect_request("/vimeo-oembed").respond_with_json(
        {"type": "video", "title": "  A talk <about> buses  ", "thumbnail_url": "https://i.vimeocdn.com/video/2.jpg"}
    )
    post = services.accept(WallFactory(), incoming_post(text="https://vimeo.com/4321"))
    assert post.video_title == "A talk <about> buses"
    video = post_payload(post)["video"]
    assert (video["title"], video["watch_url"]) == ("A talk <about> buses", "https://vimeo.com/4321")
