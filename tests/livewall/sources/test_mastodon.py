"""The Mastodon connector against a real loopback server serving documented Status payloads."""

import copy
import json
import time

import pytest
from werkzeug import Response

from livewall.models import WallSource
from livewall.sources import base
from livewall.sources.mastodon import MastodonSource, parse_link_header
from tests.livewall.factories import WallSourceFactory

from .conftest import payload, payload_json

TAG_PATH = "/api/v1/timelines/tag/findingourvoice"
BOOSTED_URI = "https://toot.example/users/zofia/statuses/99001"


def mastodon_source(wall, server, **fields):
    return WallSourceFactory(
        wall=wall, kind=WallSource.Kind.MASTODON, base_url=server.url_for("").rstrip("/"), **fields
    )


def fetch(config, cursor=None):
    return MastodonSource(config).run(cursor or {})


def by_id(posts):
    return {post.external_id: post for post in posts}


def test_first_poll_normalises_the_latest_statuses(wall, httpserver):
    httpserver.expect_request(TAG_PATH, query_string={"limit": "20"}).respond_with_data(
        payload("mastodon_tag_timeline.json"), content_type="application/json"
    )
    result = fetch(mastodon_source(wall, httpserver))

    posts = by_id(result.posts)
    assert len(posts) == 4
    amara = posts["https://social.westshire.example/users/amara/statuses/113500000000000004"]
    # HTML -> text: entities decoded, <script> gone, the shortened link spelled out in full.
    assert amara.text == (
        "Café opens at 9 ☕ — ça va être génial! 🎉 #FindingOurVoice with @fov\n\n"
        "Watch: https://www.youtube.com/watch?v=Wv7sPq2mK4c\n<b>not bold</b>"
    )
    assert "alert" not in amara.text
    assert amara.links == ["https://www.youtube.com/watch?v=Wv7sPq2mK4c"]
    assert amara.video.provider == "youtube" and amara.video.id == "Wv7sPq2mK4c"
    assert amara.author_handle == "@amara@social.westshire.example"
    assert amara.author_name == "Amara Okafor"
    assert amara.avatar_url.endswith("amara_static.png")
    assert amara.image_url == "https://social.westshire.example/media/small/urn.jpg"
    assert amara.image_alt == "A tea urn on a trestle table"
    assert amara.permalink == "https://social.westshire.example/@amara/113500000000000004"
    assert amara.tags == ["findingourvoice"]
    assert amara.mentions == ["fov@social.westshire.example"]
    assert amara.created_at.isoformat() == "2026-11-25T10:04:00+00:00"
    assert result.new_cursor["instances"][httpserver.url_for("").rstrip("/")] == {"min_id": "113500000000000004"}


def test_a_boost_counts_as_the_boosted_status(wall, httpserver):
    httpserver.expect_request(TAG_PATH).respond_with_data(payload("mastodon_tag_timeline.json"))
    posts = by_id(fetch(mastodon_source(wall, httpserver)).posts)
    boosted = posts[BOOSTED_URI]
    assert boosted.author_handle == "@zofia@toot.example"
    assert boosted.text == "Cześć wszystkim! Zażółć gęślą jaźń 🇵🇱 #FindingOurVoice"
    assert boosted.extra["boosted_by"] == "tomr"
    assert not any("tomr/statuses" in uri for uri in posts)


def test_content_warning_and_not_discoverable_accounts_are_reported(wall, httpserver):
    httpserver.expect_request(TAG_PATH).respond_with_data(payload("mastodon_tag_timeline.json"))
    posts = by_id(fetch(mastodon_source(wall, httpserver)).posts)
    warned = posts["https://social.westshire.example/users/hannahp/statuses/113500000000000002"]
    quiet = posts["https://social.westshire.example/users/quietone/statuses/113500000000000001"]
    assert warned.content_warning == "Mental health"
    assert quiet.extra["discoverable"] is False and quiet.extra["noindex"] is True


def test_next_poll_moves_forward_with_min_id_and_an_empty_page_keeps_the_cursor(wall, httpserver):
    instance = httpserver.url_for("").rstrip("/")
    httpserver.expect_request(TAG_PATH, query_string={"limit": "40", "min_id": "113500000000000004"}).respond_with_json(
        []
    )
    cursor = {"instances": {instance: {"min_id": "113500000000000004"}}}
    result = fetch(mastodon_source(wall, httpserver), cursor)
    assert result.posts == []
    assert result.new_cursor["instances"][instance] == {"min_id": "113500000000000004"}
    httpserver.check_assertions()


def _page_of(count, first_id):
    template = payload_json("mastodon_tag_timeline.json")[0]
    page = []
    for n in range(count):
        status = copy.deepcopy(template)
        status["id"] = str(first_id + n)
        status["uri"] = f"https://social.westshire.example/users/amara/statuses/{first_id + n}"
        page.append(status)
    return list(reversed(page))  # newest first, as Mastodon sends them


def test_a_full_page_follows_the_link_header_to_newer_statuses(wall, httpserver):
    instance = httpserver.url_for("").rstrip("/")
    newer_url = httpserver.url_for(TAG_PATH) + "?limit=40&min_id=1000039"
    httpserver.expect_ordered_request(TAG_PATH, query_string={"limit": "40", "min_id": "999999"}).respond_with_json(
        _page_of(40, 1000000),
        headers={"Link": f'<{instance}{TAG_PATH}?limit=40&max_id=1000000>; rel="next", <{newer_url}>; rel="prev"'},
    )
    httpserver.expect_ordered_request(TAG_PATH, query_string={"limit": "40", "min_id": "1000039"}).respond_with_json(
        _page_of(2, 1000040)
    )
    result = fetch(mastodon_source(wall, httpserver), {"instances": {instance: {"min_id": "999999"}}})
    assert len(result.posts) == 42
    assert result.new_cursor["instances"][instance] == {"min_id": "1000041"}
    httpserver.check_assertions()


def test_the_same_status_through_two_instances_is_one_post(wall, httpserver, second_server):
    httpserver.expect_request(TAG_PATH).respond_with_data(payload("mastodon_tag_timeline.json"))
    second_server.expect_request(TAG_PATH).respond_with_data(payload("mastodon_other_instance.json"))
    config = mastodon_source(wall, httpserver, options={"instances": [second_server.url_for("").rstrip("/")]})
    result = fetch(config)
    uris = [post.external_id for post in result.posts]
    assert uris.count(BOOSTED_URI) == 1
    assert len(uris) == 4
    assert set(result.new_cursor["instances"]) == {
        httpserver.url_for("").rstrip("/"),
        second_server.url_for("").rstrip("/"),
    }


def test_an_optional_token_is_sent_to_its_instance(wall, httpserver, settings):
    settings.LIVEWALL_MASTODON_TOKENS = {"127.0.0.1": "instance-token", "localhost": "instance-token"}
    httpserver.expect_request(TAG_PATH, headers={"Authorization": "Bearer instance-token"}).respond_with_json([])
    fetch(mastodon_source(wall, httpserver))
    httpserver.check_assertions()


def test_401_is_an_auth_error(wall, httpserver):
    httpserver.expect_request(TAG_PATH).respond_with_data(payload("mastodon_error_unauthorized.json"), status=401)
    with pytest.raises(base.AuthError, match="HTTP 401 This API requires an authenticated user"):
        fetch(mastodon_source(wall, httpserver))


def test_429_carries_the_reset_time(wall, httpserver):
    httpserver.expect_request(TAG_PATH).respond_with_data(
        payload("mastodon_error_rate_limited.json"),
        status=429,
        headers={
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": "2026-11-25T10:10:00.000Z",
        },
    )
    with pytest.raises(base.RateLimited) as caught:
        fetch(mastodon_source(wall, httpserver))
    assert caught.value.reset_at.isoformat() == "2026-11-25T10:10:00+00:00"


def test_a_spent_budget_on_a_good_answer_sets_retry_after(wall, httpserver):
    httpserver.expect_request(TAG_PATH).respond_with_json(
        [], headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2026-11-25T10:15:00.000Z"}
    )
    result = fetch(mastodon_source(wall, httpserver))
    assert result.retry_after.isoformat() == "2026-11-25T10:15:00+00:00"


def test_500_and_malformed_json_are_source_errors(wall, httpserver):
    config = mastodon_source(wall, httpserver)
    httpserver.expect_oneshot_request(TAG_PATH).respond_with_data("<h1>Oops</h1>", status=500)
    with pytest.raises(base.SourceError, match="HTTP 500"):
        fetch(config)
    httpserver.expect_oneshot_request(TAG_PATH).respond_with_data('[{"id": "1", "content": ', status=200)
    with pytest.raises(base.SourceError, match="malformed JSON"):
        fetch(config)
    httpserver.expect_oneshot_request(TAG_PATH).respond_with_json({"error": "unexpected"})
    with pytest.raises(base.SourceError, match="expected a list"):
        fetch(config)


def test_a_slow_instance_times_out(wall, second_server, settings):
    settings.LIVEWALL_HTTP_TIMEOUT = 0.3

    def slow(_request):
        time.sleep(1)
        return Response(json.dumps([]), content_type="application/json")

    second_server.expect_request(TAG_PATH).respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(base.SourceError, match="no answer within 0.3 s"):
        fetch(mastodon_source(wall, second_server))
    assert time.monotonic() - started < 0.9


def test_parse_link_header():
    links = parse_link_header('<https://m.example/a?max_id=1>; rel="next", <https://m.example/a?min_id=9>; rel="prev"')
    assert links == {"next": "https://m.example/a?max_id=1", "prev": "https://m.example/a?min_id=9"}


# --- image descriptions and sensitive media (mastodon_tag_timeline_media.json) -------------------

MEDIA_URI = "https://social.westshire.example/users/{}/statuses/{}"


def media_posts(wall, httpserver):
    httpserver.expect_request(TAG_PATH).respond_with_data(
        payload("mastodon_tag_timeline_media.json"), content_type="application/json"
    )
    return by_id(fetch(mastodon_source(wall, httpserver)).posts)


def test_the_first_image_attachment_and_its_description_become_the_posts_image(wall, httpserver):
    posts = media_posts(wall, httpserver)
    banner = posts[MEDIA_URI.format("ruth", "113600000000000005")]
    # A video comes first: its poster frame is not the image, the first *image* is, with its own description.
    assert banner.image_url == "https://social.westshire.example/system/media_attachments/files/small/banner.jpeg"
    assert banner.image_alt == "Hand-painted banner reading \u201cFinding Our Voice\u201d in yellow letters"
    backstage = posts[MEDIA_URI.format("dev", "113600000000000004")]
    assert backstage.image_url.endswith("/small/backstage.jpeg") and backstage.image_alt == ""  # description: null
    confetti = posts[MEDIA_URI.format("lee", "113600000000000003")]
    assert confetti.image_url.endswith("/small/confetti.png")
    assert confetti.image_alt == "Confetti falling over the stage"
    boosted = posts["https://toot.example/users/kai/statuses/7001"]
    assert boosted.image_alt == "A clipboard with eleven names written on it"
    text_only = posts[MEDIA_URI.format("sam", "113600000000000001")]
    assert text_only.image_url == "" and text_only.image_alt == ""


def test_sensitive_media_without_a_spoiler_is_a_content_warning(wall, httpserver):
    posts = media_posts(wall, httpserver)
    assert posts[MEDIA_URI.format("ruth", "113600000000000005")].content_warning == ""
    assert posts[MEDIA_URI.format("dev", "113600000000000004")].content_warning == "Sensitive media"
    # The author's own warning text wins over the generic one.
    assert posts[MEDIA_URI.format("lee", "113600000000000003")].content_warning == "Flashing lights"
    # A boost carries the boosted status's flag, not the booster's.
    assert posts["https://toot.example/users/kai/statuses/7001"].content_warning == "Sensitive media"
    # `sensitive` hides media; a status without media has nothing to hide (Mastodon shows it as is).
    assert posts[MEDIA_URI.format("sam", "113600000000000001")].content_warning == ""


@pytest.mark.parametrize("allowed", [False, True])
def test_sensitive_media_follows_the_walls_content_warning_rule(wall, httpserver, allowed):
    from livewall.models import Post
    from livewall.sources import poller

    wall.allow_content_warnings = allowed
    wall.save()
    httpserver.expect_request(TAG_PATH).respond_with_data(
        payload("mastodon_tag_timeline_media.json"), content_type="application/json"
    )
    outcome = poller.poll_source(mastodon_source(wall, httpserver))
    assert outcome.ok, outcome.error
    stored = dict(Post.objects.filter(wall=wall).values_list("external_id", "content_warning"))
    warned = {
        MEDIA_URI.format("dev", "113600000000000004"): "Sensitive media",
        MEDIA_URI.format("lee", "113600000000000003"): "Flashing lights",
        "https://toot.example/users/kai/statuses/7001": "Sensitive media",
    }
    plain = {MEDIA_URI.format("ruth", "113600000000000005"): "", MEDIA_URI.format("sam", "113600000000000001"): ""}
    assert stored == ({**plain, **warned} if allowed else plain)
    banner = Post.objects.get(wall=wall, external_id=MEDIA_URI.format("ruth", "113600000000000005"))
    assert banner.image_alt.startswith("Hand-painted banner")


# --- the query: hashtags only --------------------------------------------------------------------


def test_only_the_hashtags_of_the_query_are_followed(wall, httpserver):
    httpserver.expect_request(
        "/api/v1/timelines/tag/fov2026", query_string="limit=20&any%5B%5D=findingourvoice"
    ).respond_with_json([])
    config = mastodon_source(wall, httpserver, query="Finding Our Voice #FOV2026 OR #FindingOurVoice")
    fetch(config)
    httpserver.check_assertions()
    assert [request.path for request, _ in httpserver.log] == ["/api/v1/timelines/tag/fov2026"]


def test_a_query_without_a_hashtag_follows_nothing_and_says_why(wall, httpserver):
    config = mastodon_source(wall, httpserver, query="Finding Our Voice")
    with pytest.raises(base.SourceError, match="only follow #hashtags.*Finding Our Voice"):
        fetch(config)
    assert httpserver.log == []  # not #finding, #our, #voice


def test_the_admin_form_refuses_a_mastodon_query_without_a_hashtag(client, wall):
    from django.urls import reverse

    from livewall.sources.admin import WallSourceViewSet
    from tests.livewall.factories import SuperuserFactory

    client.force_login(SuperuserFactory())
    add_url = reverse(f"{WallSourceViewSet().url_namespace}:add")
    fields = {"wall": wall.pk, "base_url": "", "interval_seconds": 60, "enabled": "on", "options": "{}"}

    refused = client.post(add_url, {**fields, "kind": "mastodon", "query": "Finding Our Voice"})
    assert refused.status_code == 200
    assert "Mastodon can only follow hashtags" in refused.content.decode()
    assert not WallSource.objects.exists()

    for kind, query in [("mastodon", "#FindingOurVoice"), ("mastodon", ""), ("x", "Finding Our Voice")]:
        response = client.post(add_url, {**fields, "kind": kind, "query": query})
        assert response.status_code == 302, (kind, query)
    assert WallSource.objects.count() == 3


def test_each_status_keeps_its_language_and_an_unusable_one_is_left_unknown(wall, httpserver):
    httpserver.expect_request(TAG_PATH).respond_with_data(
        payload("mastodon_tag_timeline_languages.json"), content_type="application/json"
    )
    posts = fetch(mastodon_source(wall, httpserver)).posts
    languages = {post.external_id.rsplit("/", 1)[-1]: post.language for post in posts}
    assert languages == {
        "welsh": "cy",
        "regional": "pt-BR",
        "undetermined": "",
        "bogus": "",
        "overlong": "",
        "missing": "",
    }


def test_a_boost_has_the_boosted_statuses_language(wall, httpserver):
    # The boost itself says null (as Mastodon sends it); the boosted status says "pl".
    httpserver.expect_request(TAG_PATH).respond_with_data(payload("mastodon_tag_timeline.json"))
    posts = by_id(fetch(mastodon_source(wall, httpserver)).posts)
    assert posts[BOOSTED_URI].language == "pl"
    assert posts["https://social.westshire.example/users/amara/statuses/113500000000000004"].language == "en"
