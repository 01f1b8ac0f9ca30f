"""The X API v2 recent-search connector against a loopback server serving documented payloads."""

import pytest

from livewall.models import WallSource
from livewall.sources import base
from livewall.sources.x import XSource, build_query
from tests.livewall.factories import WallSourceFactory

from .conftest import payload

SEARCH = "/2/tweets/search/recent"
TOKEN = "AAAAAAAAAAAAAAAAAAAAAtest-bearer"


@pytest.fixture
def bearer(settings):
    settings.LIVEWALL_X_BEARER_TOKEN = TOKEN


def x_source(wall, server):
    return WallSourceFactory(wall=wall, kind=WallSource.Kind.X, base_url=server.url_for("").rstrip("/"))


def fetch(config, cursor=None):
    return XSource(config).run(cursor or {})


def test_query_from_the_wall_hashtags():
    assert build_query(["findingourvoice"], include_retweets=False) == "#findingourvoice -is:retweet"
    assert build_query(["a", "b"], include_retweets=True) == "(#a OR #b)"


def test_first_poll_sends_the_documented_parameters_and_normalises_tweets(wall, httpserver, bearer):
    httpserver.expect_request(
        SEARCH,
        headers={"Authorization": f"Bearer {TOKEN}"},
        query_string={
            "query": "#findingourvoice -is:retweet",
            "max_results": "20",
            "tweet.fields": "created_at,author_id,entities,attachments,referenced_tweets,lang",
            "expansions": "author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id",
            "user.fields": "name,username,profile_image_url",
            "media.fields": "url,preview_image_url,type",
        },
    ).respond_with_data(payload("x_search_recent_page1.json"), content_type="application/json")
    result = fetch(x_source(wall, httpserver))

    posts = {post.external_id: post for post in result.posts}
    slides = posts["1861000000000000002"]
    # t.co links expanded, the media link dropped from the text, the photo kept as the image.
    assert slides.text == (
        "Slides are brilliant – alt text, captions, contrast 👏 Ünïcödé ok. Watch https://youtu.be/Kp3nR8tXz1Q "
        "#FindingOurVoice"
    )
    assert slides.links == ["https://youtu.be/Kp3nR8tXz1Q"]
    assert slides.video.provider == "youtube" and slides.video.id == "Kp3nR8tXz1Q"
    assert slides.image_url == "https://pbs.twimg.com/media/slides.jpg"
    assert slides.author_name == "Daniel Cho" and slides.author_handle == "@dan_cho"
    assert slides.permalink == "https://x.com/dan_cho/status/1861000000000000002"
    assert slides.tags == ["findingourvoice"]
    # The retweet is the original tweet, once.
    original = posts["1861000000000000001"]
    assert original.author_handle == "@WestshireCVS"
    assert original.text.startswith("Thank you all for coming!")
    assert original.links == ["https://westshirecvs.example/recordings"]
    assert "1861000000000000003" not in posts
    # The first poll takes one page only; the cursor is the newest id.
    assert result.new_cursor == {"since_id": "1861000000000000003"}
    assert [request.path for request, _ in httpserver.log] == [SEARCH]


def test_later_polls_page_with_next_token_from_since_id(wall, httpserver, bearer):
    config = x_source(wall, httpserver)
    httpserver.expect_ordered_request(SEARCH).respond_with_data(payload("x_search_recent_page1.json"))
    httpserver.expect_ordered_request(SEARCH).respond_with_data(payload("x_search_recent_page2.json"))
    result = fetch(config, {"since_id": "1860000000000000000"})

    first, second = (request for request, _response in httpserver.log)
    assert first.args["since_id"] == "1860000000000000000" and first.args["max_results"] == "100"
    assert "next_token" not in first.args
    assert second.args["next_token"] == "b26v89c19zqg8o3fpds7jurmi0w6hw2t1h5ye3h4xntvx"
    assert [post.external_id for post in result.posts] == [
        "1861000000000000001",
        "1861000000000000002",
        "1860999999999999990",
        "1860999999999999980",
    ]
    assert result.new_cursor == {"since_id": "1861000000000000003"}


def test_retweets_kept_when_the_wall_includes_them(wall, httpserver, bearer):
    wall.include_retweets = True
    wall.save()
    httpserver.expect_request(SEARCH).respond_with_data(payload("x_search_recent_empty.json"))
    fetch(x_source(wall, httpserver))
    request = httpserver.log[0][0]
    assert request.args["query"] == "#findingourvoice"


def test_empty_result_keeps_the_cursor(wall, httpserver, bearer):
    httpserver.expect_request(SEARCH).respond_with_data(payload("x_search_recent_empty.json"))
    result = fetch(x_source(wall, httpserver), {"since_id": "42"})
    assert result.posts == []
    assert result.new_cursor == {"since_id": "42"}


def test_no_token_is_an_auth_error_without_a_request(wall, httpserver):
    with pytest.raises(base.AuthError, match="LIVEWALL_X_BEARER_TOKEN"):
        fetch(x_source(wall, httpserver))
    assert httpserver.log == []


def test_401(wall, httpserver, bearer):
    httpserver.expect_request(SEARCH).respond_with_data(payload("x_error_unauthorized.json"), status=401)
    with pytest.raises(base.AuthError, match="HTTP 401 Unauthorized"):
        fetch(x_source(wall, httpserver))


def test_429_with_x_rate_limit_reset(wall, httpserver, bearer):
    httpserver.expect_request(SEARCH).respond_with_data(
        payload("x_error_too_many_requests.json"),
        status=429,
        headers={"x-rate-limit-limit": "450", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1795600000"},
    )
    with pytest.raises(base.RateLimited) as caught:
        fetch(x_source(wall, httpserver))
    assert int(caught.value.reset_at.timestamp()) == 1795600000


def test_503_and_malformed_json(wall, httpserver, bearer):
    config = x_source(wall, httpserver)
    httpserver.expect_oneshot_request(SEARCH).respond_with_data(payload("x_error_service_unavailable.json"), status=503)
    with pytest.raises(base.SourceError, match="HTTP 503 Service Unavailable"):
        fetch(config)
    httpserver.expect_oneshot_request(SEARCH).respond_with_data(b'{"data": [{"id": "1", "text": "trunc')
    with pytest.raises(base.SourceError, match="malformed JSON"):
        fetch(config)
