"""The Bluesky connector (createSession + app.bsky.feed.searchPosts) against a loopback server."""

import pytest
from django.utils import timezone
from werkzeug import Response

from livewall.models import WallSource
from livewall.sources import base
from livewall.sources.bluesky import BlueskySource
from livewall.sources.bluesky_posts import apply_facets
from tests.livewall.factories import WallSourceFactory

from .conftest import payload

SESSION = "/xrpc/com.atproto.server.createSession"
SEARCH = "/xrpc/app.bsky.feed.searchPosts"
GET_POSTS = "/xrpc/app.bsky.feed.getPosts"
ACCESS = "Bearer eyJhbGciOiJIUzI1NiJ9.access-token-for-tests.sig"


@pytest.fixture
def app_password(settings):
    settings.LIVEWALL_BLUESKY_HANDLE = "fovwall.bsky.social"
    settings.LIVEWALL_BLUESKY_APP_PASSWORD = "abcd-efgh-ijkl-mnop"


def bluesky_source(wall, server):
    return WallSourceFactory(wall=wall, kind=WallSource.Kind.BLUESKY, base_url=server.url_for("").rstrip("/"))


def fetch(config, cursor=None):
    return BlueskySource(config).run(cursor or {})


def test_logs_in_with_the_app_password_and_searches_the_tag(wall, httpserver, app_password):
    httpserver.expect_ordered_request(
        SESSION, method="POST", json={"identifier": "fovwall.bsky.social", "password": "abcd-efgh-ijkl-mnop"}
    ).respond_with_data(payload("bluesky_create_session.json"), content_type="application/json")
    httpserver.expect_ordered_request(
        SEARCH,
        headers={"Authorization": ACCESS},
        query_string={"q": "#findingourvoice", "tag": "findingourvoice", "sort": "latest", "limit": "20"},
    ).respond_with_data(payload("bluesky_search_posts_page1.json"), content_type="application/json")
    result = fetch(bluesky_source(wall, httpserver))
    httpserver.check_assertions()

    posts = {post.external_id: post for post in result.posts}
    assert len(posts) == 3
    jess = posts["at://did:plc:jess123/app.bsky.feed.post/3lbfov0003"]
    # The link facet's shortened text is replaced by the full address (UTF-8 byte offsets, emoji before it).
    assert jess.text == (
        "Three new contacts 🤝 and a Welsh cake. Diolch! Recording: https://www.youtube.com/watch?v=Yt4mB9cLq2E "
        "#FindingOurVoice @fovwall.bsky.social"
    )
    assert jess.links == ["https://www.youtube.com/watch?v=Yt4mB9cLq2E"]
    assert jess.video.id == "Yt4mB9cLq2E"
    assert jess.tags == ["findingourvoice"]
    assert jess.mentions == ["fovwall.bsky.social"]
    assert jess.author_handle == "@jessllew.bsky.social" and jess.author_name == "Jess Llewellyn"
    assert jess.permalink == "https://bsky.app/profile/jessllew.bsky.social/post/3lbfov0003"
    library = posts["at://did:plc:lib456/app.bsky.feed.post/3lbfov0002"]
    assert library.image_url.endswith("feed_fullsize/plain/did:plc:lib456/bafkreiimg@jpeg")
    assert library.image_alt == "Poster for the drop-in sessions"
    assert jess.image_url == "" and jess.image_alt == ""
    labelled = posts["at://did:plc:cw789/app.bsky.feed.post/3lbfov0001"]
    assert labelled.content_warning == "graphic-media"
    state = result.new_cursor["searches"]["#findingourvoice"]
    assert state == {
        "since": "2026-11-25T10:04:01.500Z",
        "at_since": ["at://did:plc:jess123/app.bsky.feed.post/3lbfov0003"],
    }


def test_the_session_is_reused_between_polls(wall, httpserver, app_password):
    httpserver.expect_oneshot_request(SESSION, method="POST").respond_with_data(payload("bluesky_create_session.json"))
    httpserver.expect_request(SEARCH).respond_with_data(payload("bluesky_search_posts_empty.json"))
    config = bluesky_source(wall, httpserver)
    fetch(config)
    fetch(config)
    assert [request.path for request, _ in httpserver.log].count(SESSION) == 1


def test_an_expired_token_logs_in_again_once(wall, httpserver, app_password):
    httpserver.expect_request(SESSION, method="POST").respond_with_data(payload("bluesky_create_session.json"))
    answers = [
        Response(payload("bluesky_error_expired_token.json"), status=400, content_type="application/json"),
        Response(payload("bluesky_search_posts_empty.json"), content_type="application/json"),
    ]
    httpserver.expect_request(SEARCH).respond_with_handler(lambda _request: answers.pop(0))
    result = fetch(bluesky_source(wall, httpserver))
    assert result.posts == []
    assert [request.path for request, _ in httpserver.log] == [SESSION, SEARCH, SESSION, SEARCH]


def test_later_polls_use_since_and_follow_the_cursor_skipping_what_was_seen(wall, httpserver, app_password):
    httpserver.expect_request(SESSION, method="POST").respond_with_data(payload("bluesky_create_session.json"))
    pages = [payload("bluesky_search_posts_page1.json"), payload("bluesky_search_posts_page2.json")]
    httpserver.expect_request(SEARCH).respond_with_handler(lambda _request: Response(pages.pop(0)))
    cursor = {
        "tags": {
            "findingourvoice": {
                "since": "2026-11-25T10:00:00.000Z",
                "at_since": ["at://did:plc:cw789/app.bsky.feed.post/3lbfov0001"],
            }
        }
    }
    result = fetch(bluesky_source(wall, httpserver), cursor)
    searches = [request for request, _ in httpserver.log if request.path == SEARCH]
    assert searches[0].args["since"] == "2026-11-25T10:00:00.000Z" and searches[0].args["limit"] == "100"
    assert searches[1].args["cursor"] == "2"
    uris = [post.external_id for post in result.posts]
    assert "at://did:plc:cw789/app.bsky.feed.post/3lbfov0001" not in uris  # already seen at `since`
    marek = next(post for post in result.posts if post.author_handle == "@mareknowak.bsky.social")
    # An external embed's URL (a Vimeo video) joins the links and is detected as a video.
    assert marek.links == ["https://vimeo.com/76979871"] and marek.video.provider == "vimeo"
    assert len(uris) == 3


def test_anonymous_search_refused_with_403_says_what_to_configure(wall, httpserver):
    httpserver.expect_request(SEARCH).respond_with_data(payload("bluesky_error_forbidden.json"), status=403)
    with pytest.raises(base.AuthError) as caught:
        fetch(bluesky_source(wall, httpserver))
    message = str(caught.value)
    assert "HTTP 403" in message and "LIVEWALL_BLUESKY_APP_PASSWORD" in message
    assert "Authorization" not in httpserver.log[0][0].headers


def test_a_wrong_app_password_is_an_auth_error(wall, httpserver, app_password):
    httpserver.expect_request(SESSION, method="POST").respond_with_data(
        payload("bluesky_error_bad_password.json"), status=401
    )
    with pytest.raises(base.AuthError, match="createSession.*Invalid identifier or password"):
        fetch(bluesky_source(wall, httpserver))


def test_429_with_ratelimit_reset(wall, httpserver, app_password):
    httpserver.expect_request(SESSION, method="POST").respond_with_data(payload("bluesky_create_session.json"))
    httpserver.expect_request(SEARCH).respond_with_data(
        payload("bluesky_error_rate_limited.json"),
        status=429,
        headers={"ratelimit-limit": "3000", "ratelimit-remaining": "0", "ratelimit-reset": "1795600300"},
    )
    with pytest.raises(base.RateLimited) as caught:
        fetch(bluesky_source(wall, httpserver))
    assert int(caught.value.reset_at.timestamp()) == 1795600300


def test_500_and_malformed_json(wall, httpserver, app_password):
    httpserver.expect_request(SESSION, method="POST").respond_with_data(payload("bluesky_create_session.json"))
    config = bluesky_source(wall, httpserver)
    httpserver.expect_oneshot_request(SEARCH).respond_with_data("Internal Server Error", status=500)
    with pytest.raises(base.SourceError, match="HTTP 500"):
        fetch(config)
    httpserver.expect_oneshot_request(SEARCH).respond_with_data('{"posts": [')
    with pytest.raises(base.SourceError, match="malformed JSON"):
        fetch(config)


def test_deleted_posts_are_found_with_get_posts(wall, httpserver, app_password):
    httpserver.expect_request(SESSION, method="POST").respond_with_data(payload("bluesky_create_session.json"))
    httpserver.expect_request(SEARCH).respond_with_data(payload("bluesky_search_posts_empty.json"))
    httpserver.expect_request(GET_POSTS).respond_with_data(payload("bluesky_get_posts.json"))
    seen = timezone.now().isoformat()
    kept = "at://did:plc:lib456/app.bsky.feed.post/3lbfov0002"
    gone = "at://did:plc:jess123/app.bsky.feed.post/3lbfov0003"
    cursor = {
        "tags": {"findingourvoice": {"since": "2026-11-25T10:00:00Z"}},
        "recent": [
            {"uri": gone, "seen": seen},
            {"uri": kept, "seen": seen},
        ],
    }
    result = fetch(bluesky_source(wall, httpserver), cursor)
    assert result.deleted_ids == [gone]
    get_posts = next(request for request, _ in httpserver.log if request.path == GET_POSTS)
    assert get_posts.args.getlist("uris") == [gone, kept]
    assert [entry["uri"] for entry in result.new_cursor["recent"]] == [kept]


def test_facet_offsets_are_utf8_bytes():
    text = "🎉 café link.example/x… #Tag"
    start = len("🎉 café ".encode())
    end = start + len("link.example/x…".encode())
    facets = [
        {
            "index": {"byteStart": start, "byteEnd": end},
            "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://link.example/x/long"}],
        }
    ]
    assert apply_facets(text, facets)[0] == "🎉 café https://link.example/x/long #Tag"


def search_posts(wall, httpserver, name, query="", cursor=None):
    httpserver.expect_request(SESSION, method="POST").respond_with_data(payload("bluesky_create_session.json"))
    httpserver.expect_request(SEARCH).respond_with_data(payload(name), content_type="application/json")
    config = bluesky_source(wall, httpserver)
    if query:
        config.query = query
        config.save(update_fields=["query"])
    return fetch(config, cursor)


def test_every_embed_kind_keeps_its_first_image_and_its_description(wall, httpserver, app_password):
    result = search_posts(wall, httpserver, "bluesky_search_posts_embeds.json")
    by_handle = {post.author_handle: post for post in result.posts}
    # app.bsky.embed.gallery#view: the first of its media, with that image's own alt text.
    gallery = by_handle["@greenwestshire.bsky.social"]
    assert gallery.image_url == "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:gallery01/bafkreigal1@jpeg"
    assert gallery.image_alt == 'Volunteers "planting" <trees> by the library'
    # recordWithMedia's media part: images without a description stay without one (never guessed).
    with_media = by_handle["@lena.bsky.social"]
    assert with_media.image_url == "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:rwm04/bafkreirwm1@jpeg"
    assert with_media.image_alt == ""
    # A video (here as recordWithMedia's media) shows its thumbnail, described by the video's alt.
    video = by_handle["@choir.bsky.social"]
    assert video.image_url == "https://video.bsky.app/watch/did:plc:video05/bafkreivid1/thumbnail.jpg"
    assert video.image_alt == "The choir singing on the library steps"
    # A kind this connector does not know (comboExternalImages) still gives its first image and link.
    combo = by_handle["@events.bsky.social"]
    assert combo.image_url == "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:combo06/bafkreimap@jpeg"
    assert combo.image_alt == "Map of the venue"
    assert "https://westshire.example/programme" in combo.links


def test_an_embed_without_a_usable_image_is_skipped_with_a_logged_reason(wall, httpserver, app_password, caplog):
    caplog.set_level("WARNING", logger="livewall.sources.bluesky")
    result = search_posts(wall, httpserver, "bluesky_search_posts_embeds.json")
    poll_uri = "at://did:plc:poll07/app.bsky.feed.post/3lbemb0006"
    assert poll_uri not in [post.external_id for post in result.posts]
    reasons = [record.getMessage() for record in caplog.records if poll_uri in record.getMessage()]
    assert len(reasons) == 1 and "app.bsky.embed.poll#view" in reasons[0]
    # Skipped, yet remembered: the next poll does not fetch it again as if it were new.
    assert result.new_cursor["searches"]["#findingourvoice"]["since"] == "2026-11-25T11:07:01.000Z"
    assert len(result.posts) == 6


def test_a_quoted_post_becomes_a_quote_with_its_author_and_text(wall, httpserver, app_password):
    result = search_posts(wall, httpserver, "bluesky_search_posts_embeds.json")
    by_handle = {post.author_handle: post for post in result.posts}
    expected = {
        "author_name": "Amira <Speaker>",
        "author_handle": "@amira.bsky.social",
        # The quoted post's link facet is spelled out, as in the post's own text.
        "text": "Slides from my talk: https://westshire.example/slides/finding-our-voice <b>bring questions</b>",
        "permalink": "https://bsky.app/profile/amira.bsky.social/post/3lbquoted01",
    }
    assert by_handle["@owen.bsky.social"].quote == expected
    assert by_handle["@owen.bsky.social"].image_url == ""
    # recordWithMedia: the quote and the media, both.
    assert by_handle["@lena.bsky.social"].quote == expected
    # A quote of a deleted or blocked post: the post is shown on its own, no empty quote block.
    assert by_handle["@choir.bsky.social"].quote == {}
    assert by_handle["@sam.bsky.social"].quote == {}
    assert by_handle["@greenwestshire.bsky.social"].quote == {}


def searched(httpserver):
    return [request.args for request, _ in httpserver.log if request.path == SEARCH]


def test_the_sources_query_is_sent_verbatim_in_bluesky_syntax(wall, httpserver, app_password):
    query = '"finding our voice" from:westshirelibraries.bsky.social #FOV2026 -spoiler'
    result = search_posts(wall, httpserver, "bluesky_search_posts_empty.json", query=query)
    (args,) = searched(httpserver)
    assert args["q"] == query
    assert "tag" not in args  # a real query is not narrowed to one hashtag
    assert list(result.new_cursor["searches"]) == [query]


def test_or_runs_one_search_per_branch_because_bluesky_search_has_no_or(wall, httpserver, app_password):
    query = '#FindingOurVoice OR "sink OR swim" from:jessllew.bsky.social OR westshire'
    result = search_posts(wall, httpserver, "bluesky_search_posts_page1.json", query=query)
    assert [args["q"] for args in searched(httpserver)] == [
        "#FindingOurVoice",
        '"sink OR swim" from:jessllew.bsky.social',  # OR inside a quoted phrase is a word, not an operator
        "westshire",
    ]
    assert len(result.posts) == 3  # the same posts found by several branches are kept once
    assert set(result.new_cursor["searches"]) == {
        "#FindingOurVoice",
        '"sink OR swim" from:jessllew.bsky.social',
        "westshire",
    }


def test_without_a_query_each_of_the_walls_hashtags_is_searched(db, httpserver, app_password):
    from tests.livewall.factories import WallFactory

    wall = WallFactory(hashtags="#FindingOurVoice #FOV2026")
    search_posts(wall, httpserver, "bluesky_search_posts_empty.json")
    assert [(args["q"], args["tag"]) for args in searched(httpserver)] == [
        ("#findingourvoice", "findingourvoice"),
        ("#fov2026", "fov2026"),
    ]


def test_each_post_keeps_the_first_usable_of_its_langs(wall, httpserver, app_password):
    result = search_posts(wall, httpserver, "bluesky_search_posts_languages.json")
    languages = {post.text.split()[1]: post.language for post in result.posts}
    assert languages == {
        "welsh": "cy",  # ["cy", "en"]: the first, the most likely
        "regional": "pt-BR",
        "undetermined": "ar-EG",  # ["und", "ar-EG"]: "und" says nothing, the next does
        "bogus": "",
        "overlong": "",
        "missing": "",
        "empty": "",
    }
