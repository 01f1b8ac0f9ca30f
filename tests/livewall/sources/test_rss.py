"""RSS / Atom / YouTube channel feeds from a loopback server."""

import json
import time

import pytest
from werkzeug import Response

from livewall.models import WallSource
from livewall.sources import base
from livewall.sources.rss import RssSource
from tests.livewall.factories import WallSourceFactory

from .conftest import payload


def feed_source(wall, server, path="/feed.xml", **fields):
    return WallSourceFactory(wall=wall, kind=WallSource.Kind.RSS, base_url=server.url_for(path), **fields)


def fetch(config, cursor=None):
    return RssSource(config).run(cursor or {})


def test_rss_items_become_plain_text_posts_with_links(wall, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(
        payload("rss_blog.xml"), content_type="application/rss+xml; charset=utf-8", headers={"ETag": '"v1"'}
    )
    result = fetch(feed_source(wall, httpserver))
    assert [post.external_id for post in result.posts] == [
        "podcast-one-2026",
        "https://youthvoice.westshire.example/blog/finding-our-voice",
    ]
    blog = result.posts[1]
    assert blog.text == (
        "What our reporters learned at Finding Our Voice\n\n"
        "Being listened to — that was the highlight. Café chat & 🎤 our podcast (https://youthvoice.westshire.example/podcast)."
    )
    assert "alert" not in blog.text
    assert blog.links == [
        "https://youthvoice.westshire.example/blog/finding-our-voice",
        "https://youthvoice.westshire.example/podcast",
    ]
    assert blog.author_name == "Youth reporters"
    assert blog.author_handle == "youthvoice.westshire.example"
    assert blog.tags == ["findingourvoice"]
    assert blog.created_at.isoformat() == "2026-11-25T11:00:00+00:00"
    assert result.new_cursor["etag"] == '"v1"'
    # A video link written in a plain-text description is a link too, and detected as a video.
    podcast = result.posts[0]
    assert podcast.links == ["https://youthvoice.westshire.example/blog/podcast-one", "https://vimeo.com/76979871"]
    assert podcast.video.provider == "vimeo" and podcast.video.id == "76979871"


def test_a_youtube_channel_feed_gives_videos(wall, httpserver):
    httpserver.expect_request("/feeds/videos.xml").respond_with_data(
        payload("youtube_channel_feed.xml"), content_type="application/atom+xml"
    )
    result = fetch(feed_source(wall, httpserver, path="/feeds/videos.xml"))
    newest = result.posts[-1]
    assert newest.external_id == "yt:video:Kp3nR8tXz1Q"
    assert newest.video.provider == "youtube" and newest.video.id == "Kp3nR8tXz1Q"
    assert newest.image_url == ""  # its media:thumbnail is the video's: shown as the video's, by the portal
    assert newest.text.startswith("Finding Our Voice – coffee-break interviews")
    assert newest.permalink == "https://www.youtube.com/watch?v=Kp3nR8tXz1Q"
    assert newest.author_name == "Westshire Community Radio"


def test_atom_feed_and_only_new_entries_on_the_next_poll(wall, httpserver):
    atom = payload("atom_blog.xml")
    httpserver.expect_request("/atom.xml").respond_with_data(atom, content_type="application/atom+xml")
    config = feed_source(wall, httpserver, path="/atom.xml")
    first = fetch(config)
    assert [post.text.split("\n")[0] for post in first.posts] == ["Five things to put on your group's page this week"]
    assert "#FindingOurVoice" in first.posts[0].text
    second = fetch(config, first.new_cursor)
    assert second.posts == []


def test_the_first_poll_takes_only_the_newest_items(wall, httpserver):
    httpserver.expect_request("/feeds/videos.xml").respond_with_data(payload("youtube_channel_feed.xml"))
    result = fetch(feed_source(wall, httpserver, path="/feeds/videos.xml", options={"initial_items": 1}))
    assert [post.external_id for post in result.posts] == ["yt:video:Kp3nR8tXz1Q"]
    assert len(result.new_cursor["seen"]) == 2  # the older one is remembered, never shown


def test_conditional_get_304_means_nothing_new(wall, httpserver):
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": '"v1"'}).respond_with_data(b"", status=304)
    cursor = {"seen": ["x"], "started": True, "etag": '"v1"'}
    result = fetch(feed_source(wall, httpserver), cursor)
    assert result.posts == [] and result.new_cursor == cursor


def test_an_html_page_is_not_a_feed(wall, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(payload("not_a_feed.html"), content_type="text/html")
    with pytest.raises(base.SourceError, match="not a readable RSS/Atom feed"):
        fetch(feed_source(wall, httpserver))


def test_errors(wall, httpserver):
    config = feed_source(wall, httpserver)
    httpserver.expect_oneshot_request("/feed.xml").respond_with_data("gone", status=500)
    with pytest.raises(base.SourceError, match="HTTP 500"):
        fetch(config)
    httpserver.expect_oneshot_request("/feed.xml").respond_with_data("no", status=401)
    with pytest.raises(base.AuthError):
        fetch(config)


def test_a_slow_feed_times_out(wall, second_server, settings):
    settings.LIVEWALL_HTTP_TIMEOUT = 0.3

    def slow(_request):
        time.sleep(1)
        return Response(json.dumps({}), content_type="application/json")

    second_server.expect_request("/feed.xml").respond_with_handler(slow)
    with pytest.raises(base.SourceError, match="no answer within"):
        fetch(feed_source(wall, second_server))


def test_a_source_without_url_is_a_clear_error(wall):
    config = WallSourceFactory(wall=wall, kind=WallSource.Kind.RSS, base_url="")
    with pytest.raises(base.SourceError, match="no feed URL"):
        fetch(config)


def texts(result):
    return {post.external_id: post.text for post in result.posts}


def test_rss_plain_text_descriptions_are_not_read_as_html(wall, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(
        payload("rss_text_and_html.xml"), content_type="application/rss+xml"
    )
    result = fetch(feed_source(wall, httpserver, options={"initial_items": 10}))
    by_id = texts(result)
    # No markup at all: the text as its author wrote it, line breaks kept.
    assert by_id["puzzle-12"] == "Puzzle of the week\n\nif a<b then b>a\nBring a pencil."
    assert by_id["thanks-2026"] == "Thank you\n\nWe <3 volunteers & their biscuits"
    # iTunes summaries are plain text by definition; Media RSS says so with type="plain".
    assert by_id["podcast-4"] == "Episode 4\n\nWhy x<y>z is not a tag, and other stories"
    assert by_id["photo-7"] == "Photo of the week\n\nOur <3 for geometry: a <hexagon> made of cake"


def test_rss_html_descriptions_are_read_as_html(wall, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(
        payload("rss_text_and_html.xml"), content_type="application/rss+xml"
    )
    result = fetch(feed_source(wall, httpserver, options={"initial_items": 10}))
    results = next(post for post in result.posts if post.external_id == "results-2026")
    assert results.text == (
        "Results\n\nFinal score: Team A < Team B, see the table (https://maths.westshire.example/table).\n\n"
        f"Well done & thanks! Last year ({httpserver.url_for('/archive/2025')})"
    )
    # A relative link is resolved against the feed's own address.
    assert results.links[1:] == [
        "https://maths.westshire.example/table",
        httpserver.url_for("/archive/2025"),
    ]


def test_atom_follows_each_elements_declared_type(wall, httpserver):
    httpserver.expect_request("/atom.xml").respond_with_data(payload("atom_text_types.xml"))
    result = fetch(feed_source(wall, httpserver, path="/atom.xml", options={"initial_items": 10}))
    by_id = texts(result)
    assert by_id["tag:maths.westshire.example,2026:1"] == "Is a < b?\n\nif a<b then b>a\nand We <3 volunteers"
    assert by_id["tag:maths.westshire.example,2026:2"] == "Results & prizes\n\nTeam A < Team B this year"
    # Atom's default type is text.
    assert by_id["tag:maths.westshire.example,2026:3"] == "Untyped means text\n\nx<y means y>x"
    assert by_id["tag:maths.westshire.example,2026:4"] == (
        "XHTML\n\nProof that a<b: read it (https://maths.westshire.example/proof)"
    )


def test_a_youtube_feed_video_shows_no_picture_from_youtube(wall, httpserver, client):
    """The feed's media:thumbnail is the video's own thumbnail: the wall shows the video (its
    thumbnail served by the portal once fetched), never YouTube's image address as the post's photo."""
    from django.urls import reverse

    from livewall.models import Post
    from livewall.sources import poller
    from tests.livewall.third_party import third_party_resources

    httpserver.expect_request("/feeds/videos.xml").respond_with_data(
        payload("youtube_channel_feed.xml"), content_type="application/atom+xml"
    )
    assert poller.poll_source(feed_source(wall, httpserver, path="/feeds/videos.xml")).accepted >= 1
    shown = Post.objects.filter(wall=wall, status=Post.Status.APPROVED, video_provider="youtube")
    assert shown.exists() and not shown.exclude(image_url="").exists()
    html = client.get(reverse("livewall:participant", args=[wall.slug])).content.decode()
    assert 'class="wall-video"' in html
    assert third_party_resources(html) == []


def test_an_atom_entry_has_its_own_xml_lang_else_the_feeds(wall, httpserver):
    httpserver.expect_request("/atom.xml").respond_with_data(
        payload("atom_languages.xml"), content_type="application/atom+xml"
    )
    posts = fetch(feed_source(wall, httpserver, path="/atom.xml")).posts
    languages = {post.permalink.rsplit("/", 1)[-1]: post.language for post in posts}
    # An entry marked with something that is no language is of no known language, not the feed's.
    assert languages == {"dysgu": "cy", "learned": "en-GB", "bogus": ""}


def test_an_rss_item_has_its_channels_language(wall, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(
        payload("rss_languages.xml"), content_type="application/rss+xml"
    )
    (post,) = fetch(feed_source(wall, httpserver)).posts
    assert post.language == "cy-GB"  # <language>CY-gb</language>, written the standard way
    httpserver.clear()
    blog = payload("rss_blog.xml")  # <language>en-gb</language>
    httpserver.expect_request("/feed.xml").respond_with_data(blog, content_type="application/rss+xml")
    assert {post.language for post in fetch(feed_source(wall, httpserver)).posts} == {"en-GB"}
