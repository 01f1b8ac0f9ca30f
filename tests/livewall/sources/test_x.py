"""The X API v2 recent-search connector against a loopback server serving documented payloads."""

import json
import logging
import time

import pytest
from werkzeug import Response

from livewall.models import Post, WallSource
from livewall.sources import base, poller
from livewall.sources.x import XSource, build_query
from tests.livewall.factories import WallSourceFactory

from .conftest import payload, payload_json

SEARCH = "/2/tweets/search/recent"
TOKEN = "AAAAAAAAAAAAAAAAAAAAAtest-bearer"


@pytest.fixture
def bearer(settings):
    settings.LIVEWALL_X_BEARER_TOKEN = TOKEN


def x_source(wall, server, **fields):
    return WallSourceFactory(wall=wall, kind=WallSource.Kind.X, base_url=server.url_for("").rstrip("/"), **fields)


def fetch(config, cursor=None):
    return XSource(config).run(cursor or {})


def test_first_poll_sends_the_documented_parameters_and_normalises_tweets(wall, httpserver, bearer):
    httpserver.expect_request(
        SEARCH,
        headers={"Authorization": f"Bearer {TOKEN}"},
        query_string={
            "query": "#findingourvoice -is:retweet",
            "max_results": "20",
            "tweet.fields": "created_at,author_id,entities,attachments,referenced_tweets,lang,note_tweet,withheld",
            "expansions": "author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id",
            "user.fields": "name,username,profile_image_url,withheld",
            "media.fields": "url,preview_image_url,type,alt_text",
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


# --- long posts and image descriptions ----------------------------------------------------------


def test_a_long_post_is_read_whole_and_its_photo_keeps_its_description(wall, httpserver, bearer):
    httpserver.expect_request(SEARCH).respond_with_data(payload("x_search_recent_long_post_and_alt_text.json"))
    posts = {post.external_id: post for post in fetch(x_source(wall, httpserver)).posts}

    long_post = posts["1861000000000000022"]
    # The whole note, not the 280-character cut, with its own entities: the YouTube link written
    # only in the long part is expanded and becomes the post's video.
    assert "Ask the council for the room, not the microphone – then share the microphone." in long_post.text
    assert long_post.text.endswith(
        "recorded here: https://www.youtube.com/watch?v=Qw3rTy12345 #FindingOurVoice thanks @WestshireCVS"
    )
    assert "…" not in long_post.text and "t.co" not in long_post.text
    assert long_post.video.provider == "youtube" and long_post.video.id == "Qw3rTy12345"
    assert long_post.tags == ["findingourvoice"] and long_post.mentions == ["westshirecvs"]
    assert long_post.image_url == "https://pbs.twimg.com/media/panel.jpg"
    assert long_post.image_alt == (
        'Four panellists on a stage under a banner reading "Finding Our Voice"; one signs in BSL.'
    )
    # A photo without a description has an empty one (the wall shows it as decorative).
    undescribed = posts["1861000000000000021"]
    assert undescribed.image_url == "https://pbs.twimg.com/media/balcony.jpg" and undescribed.image_alt == ""
    # The image is the first photo, with that photo's own description, not a video's still.
    video_first = posts["1861000000000000020"]
    assert video_first.image_url == "https://pbs.twimg.com/media/programme.jpg"
    assert video_first.image_alt == "The printed programme: choir at 3pm, panel at 4pm & <b>tea</b> after."


def test_the_poller_stores_the_long_text_the_video_and_the_description(wall, httpserver, bearer):
    httpserver.expect_request(SEARCH).respond_with_data(payload("x_search_recent_long_post_and_alt_text.json"))
    assert poller.poll_source(x_source(wall, httpserver)).ok
    stored = {post.external_id: post for post in Post.objects.filter(wall=wall, source=Post.Source.X)}
    long_post = stored["1861000000000000022"]
    assert "then share the microphone" in long_post.text
    assert (long_post.video_provider, long_post.video_id) == ("youtube", "Qw3rTy12345")
    assert long_post.image_alt.startswith("Four panellists on a stage")
    assert stored["1861000000000000021"].image_alt == ""


# --- retweets of missing originals, missing or withheld authors ---------------------------------


def test_retweets_of_missing_originals_and_missing_or_withheld_authors_are_skipped(wall, httpserver, bearer, caplog):
    wall.include_retweets = True
    wall.save()
    httpserver.expect_request(SEARCH).respond_with_data(payload("x_search_recent_missing_and_withheld.json"))
    with caplog.at_level(logging.INFO, logger="livewall.sources.x"):
        result = fetch(x_source(wall, httpserver))

    posts = {post.external_id: post for post in result.posts}
    assert sorted(posts) == ["1861000000000000001", "1861000000000000098"]
    # The retweet whose original came along is the original, under its own author.
    original = posts["1861000000000000001"]
    assert original.author_handle == "@WestshireCVS" and original.author_name == "Westshire Voluntary Action"
    assert original.text == "Thank you all for coming! #FindingOurVoice"
    assert not any(post.text.startswith("RT @") for post in result.posts)
    assert all(post.author_name and post.author_handle for post in result.posts)

    skipped = dict(
        record.getMessage().removeprefix("X: skipped tweet ").split(": ", 1)
        for record in caplog.records
        if record.getMessage().startswith("X: skipped tweet ")
    )
    assert skipped.keys() == {
        "1861000000000000108",
        "1861000000000000107",
        "1861000000000000105",
        "1861000000000000104",
        "1861000000000000103",
        "1861000000000000100",
    }
    assert "Could not find tweet" in skipped["1861000000000000108"]
    assert "not authorized to see the Tweet" in skipped["1861000000000000107"]
    assert "author" in skipped["1861000000000000105"]
    assert "withheld" in skipped["1861000000000000104"]
    assert "withheld" in skipped["1861000000000000103"] and "copyright" in skipped["1861000000000000103"]
    assert "author" in skipped["1861000000000000100"]


# --- responses that are not a list of posts -----------------------------------------------------


def test_data_that_is_not_a_list_is_a_source_error(wall, httpserver, bearer):
    httpserver.expect_request(SEARCH).respond_with_data(payload("x_search_recent_data_object.json"))
    with pytest.raises(base.SourceError, match="X recent search: unexpected response .*data"):
        fetch(x_source(wall, httpserver))


def test_a_response_with_only_errors_is_a_source_error(wall, httpserver, bearer):
    httpserver.expect_request(SEARCH).respond_with_data(payload("x_search_recent_errors_only.json"))
    with pytest.raises(base.SourceError, match="X recent search: Operational Error: The search backend could not"):
        fetch(x_source(wall, httpserver))


# --- paging: stopping early leaves no gap --------------------------------------------------------


class FakeRecentSearch:
    """X recent search over a timeline, on the loopback server: newest first, `since_id` and
    `until_id` exclusive bounds, `next_token` for the next older page, as documented."""

    def __init__(self, server, timeline, page_size=2, headers=None):
        self.tweets = list(timeline["data"])
        self.users = {user["id"]: user for user in timeline["includes"]["users"]}
        self.page_size = page_size
        self.headers = headers or {}
        self.requests = []
        server.expect_request(SEARCH).respond_with_handler(self.answer)

    def answer(self, request):
        args = request.args
        self.requests.append(dict(args))
        since = int(args.get("since_id", 0))
        until = int(args.get("until_id", 10**19))
        if args.get("next_token"):
            until = min(until, int(args["next_token"].removeprefix("older-than-")))
        matching = sorted(
            (tweet for tweet in self.tweets if since < int(tweet["id"]) < until),
            key=lambda tweet: int(tweet["id"]),
            reverse=True,
        )
        page = matching[: self.page_size]
        body = {"meta": {"result_count": len(page)}}
        if page:
            body["data"] = page
            body["includes"] = {"users": [self.users[tweet["author_id"]] for tweet in page]}
            body["meta"].update(newest_id=page[0]["id"], oldest_id=page[-1]["id"])
        if len(matching) > len(page):
            body["meta"]["next_token"] = f"older-than-{page[-1]['id']}"
        return Response(json.dumps(body), content_type="application/json", headers=self.headers)


SINCE_BEFORE_THE_TIMELINE = "1862000000000000000"


def test_a_page_budget_of_one_fetches_the_rest_on_the_next_polls(wall, httpserver, bearer):
    timeline = payload_json("x_search_recent_timeline.json")
    later = timeline["data"].pop(0)  # the newest arrives only after the backlog is read
    fake = FakeRecentSearch(httpserver, timeline, page_size=2)
    config = x_source(wall, httpserver, options={"max_pages": 1})

    cursor, fetched = {"since_id": SINCE_BEFORE_THE_TIMELINE}, []
    for _poll in range(3):
        result = fetch(config, cursor)
        fetched += [post.external_id for post in result.posts]
        cursor = result.new_cursor
    assert len(fake.requests) == 3  # one page per poll
    assert sorted(fetched) == sorted(tweet["id"] for tweet in timeline["data"])
    assert len(fetched) == len(set(fetched))

    fake.tweets.append(later)
    result = fetch(config, cursor)
    assert [post.external_id for post in result.posts] == [later["id"]]
    assert fetch(config, result.new_cursor).posts == []


def test_a_spent_rate_budget_leaves_no_gap_through_the_poller(wall, httpserver, bearer):
    timeline = payload_json("x_search_recent_timeline.json")
    spent = {"x-rate-limit-limit": "450", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(int(time.time()))}
    fake = FakeRecentSearch(httpserver, timeline, page_size=4, headers=spent)
    config = x_source(wall, httpserver, cursor={"since_id": SINCE_BEFORE_THE_TIMELINE})

    for _poll in range(2):
        assert poller.poll_source(config).ok
        config.refresh_from_db()
    assert len(fake.requests) == 2  # the spent budget stopped each poll after one page
    stored = list(Post.objects.filter(wall=wall, source=Post.Source.X).values_list("external_id", flat=True))
    assert sorted(stored) == sorted(tweet["id"] for tweet in timeline["data"])
    assert config.cursor["since_id"] == timeline["data"][0]["id"]


# --- the query is the organiser's, in X's own syntax ---------------------------------------------


def test_build_query_passes_a_query_through_and_groups_it_before_the_retweet_exclusion():
    phrase = '"Finding Our Voice" OR #fov2026 from:WestshireCVS'
    assert build_query(phrase, include_retweets=True) == phrase
    assert build_query(phrase, include_retweets=False) == f"({phrase}) -is:retweet"
    assert build_query("#findingourvoice", include_retweets=False) == "#findingourvoice -is:retweet"
    # The organiser asked for retweets (or not) in the query itself: it is not contradicted.
    assert build_query("#fov is:retweet", include_retweets=False) == "#fov is:retweet"


def test_the_source_query_reaches_x_verbatim(wall, httpserver, bearer):
    phrase = '"Finding Our Voice" OR #fov2026 from:WestshireCVS'
    httpserver.expect_request(SEARCH).respond_with_data(payload("x_search_recent_empty.json"))
    fetch(x_source(wall, httpserver, query=phrase))
    assert httpserver.log[-1][0].args["query"] == f"({phrase}) -is:retweet"

    wall.include_retweets = True
    wall.save()
    fetch(x_source(wall, httpserver, query=phrase))
    assert httpserver.log[-1][0].args["query"] == phrase


def test_an_empty_query_searches_the_wall_hashtags(wall, httpserver, bearer):
    wall.hashtags = "#FindingOurVoice, fov2026"
    wall.save()
    httpserver.expect_request(SEARCH).respond_with_data(payload("x_search_recent_empty.json"))
    fetch(x_source(wall, httpserver, query="  "))
    assert httpserver.log[-1][0].args["query"] == "(#findingourvoice OR #fov2026) -is:retweet"


def test_no_query_and_no_wall_hashtag_is_a_source_error_without_a_request(wall, httpserver, bearer):
    wall.hashtags = ""
    wall.save()
    with pytest.raises(base.SourceError, match="nothing to search"):
        fetch(x_source(wall, httpserver))
    assert httpserver.log == []


def test_each_post_keeps_its_lang_and_xs_codes_for_no_language_leave_it_unknown(wall, httpserver, bearer):
    httpserver.expect_request(SEARCH).respond_with_data(
        payload("x_search_recent_languages.json"), content_type="application/json"
    )
    result = fetch(x_source(wall, httpserver))
    languages = {post.text.split()[1]: post.language for post in result.posts}
    assert languages == {
        "welsh": "cy",
        "undetermined": "",  # und
        "no_text": "",  # zxx
        "hashtags_only": "",  # qht: X's private code for a post of hashtags only
        "indonesian": "id",  # X still sends the retired "in"
        "bogus": "",
        "overlong": "",
        "missing": "",
    }
