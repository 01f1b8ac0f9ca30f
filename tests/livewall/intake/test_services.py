import json
import logging
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.db import transaction
from django.utils import timezone

from livewall.intake import services
from livewall.models import ModerationAction, Post, Wall, WallEvent
from livewall.stream import publisher
from livewall.stream.catchup import snapshot
from livewall.stream.embeds import Video
from livewall.stream.groups import moderation_group, wall_group

from ..factories import WallFactory, incoming_post
from ..layer import GroupListener, closed_port


@pytest.fixture(autouse=True)
def no_oembed(settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0  # no network lookups: the parsed id is enough here


@pytest.mark.django_db
class TestAccept:
    def test_post_moderated_wall_publishes_with_the_next_seq(self):
        wall = WallFactory(moderation_mode=Wall.Moderation.POST)
        first = services.accept(wall, incoming_post(text="first"))
        second = services.accept(wall, incoming_post(text="second"))
        assert (first.status, second.status) == (Post.Status.APPROVED, Post.Status.APPROVED)
        assert (first.seq, second.seq) == (1, 2)
        wall.refresh_from_db()
        assert wall.last_seq == 2
        assert list(WallEvent.objects.filter(wall=wall).values_list("seq", "kind", "post")) == [
            (1, "published", first.pk),
            (2, "published", second.pk),
        ]

    def test_pre_moderated_wall_holds_the_post_without_an_event(self):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        post = services.accept(wall, incoming_post())
        assert post.status == Post.Status.PENDING
        assert post.seq is None
        assert not WallEvent.objects.exists()

    @pytest.mark.parametrize(
        "fields",
        [
            {"text": "This is a SPOILER alert"},
            {"text": "words that\nspoil the plot"},
            {"author_name": "Troll Account"},
            {"author_handle": "@troll@example.social"},
        ],
    )
    def test_blocklist_holds_the_post_even_on_a_post_moderated_wall(self, fields):
        wall = WallFactory(
            moderation_mode=Wall.Moderation.POST,
            blocked_words="spoiler\nspoil the plot",
            blocked_authors="Troll Account\n@troll",
        )
        post = services.accept(wall, incoming_post(**fields))
        assert post.status == Post.Status.PENDING
        assert not WallEvent.objects.exists()
        action = ModerationAction.objects.get(post=post)
        assert action.action == ModerationAction.Action.AUTO_QUEUE
        assert action.user is None
        assert action.note.startswith("blocked")

    def test_blocklist_matches_whole_words_only(self):
        wall = WallFactory(moderation_mode=Wall.Moderation.POST, blocked_words="ass")
        assert services.accept(wall, incoming_post(text="A classic assessment")).status == Post.Status.APPROVED

    def test_same_external_id_twice_is_one_post(self):
        wall = WallFactory()
        first = services.accept(wall, incoming_post(source="mastodon", external_id="109", text="once"))
        again = services.accept(wall, incoming_post(source="mastodon", external_id="109", text="changed"))
        assert again.pk == first.pk
        assert Post.objects.count() == 1
        assert WallEvent.objects.count() == 1
        # The same id from another source is another post.
        services.accept(wall, incoming_post(source="bluesky", external_id="109"))
        assert Post.objects.count() == 2

    def test_contributions_get_distinct_ids(self):
        wall = WallFactory()
        services.accept(wall, incoming_post(text="one"))
        services.accept(wall, incoming_post(text="one"))
        assert Post.objects.count() == 2

    def test_text_is_cleaned_and_links_and_video_found(self):
        wall = WallFactory()
        post = services.accept(
            wall,
            incoming_post(
                text="  Watch\u202e this: https://youtu.be/dQw4w9WgXcQ and <b>https://example.org/x</b>\x00  ",
                links=["https://example.org/x", "javascript:alert(1)"],
            ),
        )
        assert post.text == "Watch this: https://youtu.be/dQw4w9WgXcQ and <b>https://example.org/x</b>"
        assert post.links == ["https://example.org/x", "https://youtu.be/dQw4w9WgXcQ"]
        assert (post.video_provider, post.video_id) == ("youtube", "dQw4w9WgXcQ")
        assert post.video_thumbnail == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"

    def test_a_video_given_by_the_source_wins(self):
        wall = WallFactory()
        video = Video(provider="vimeo", id="42", thumbnail="https://i.vimeocdn.com/42.jpg")
        post = services.accept(wall, incoming_post(text="hello", video=video))
        assert (post.video_provider, post.video_id, post.video_thumbnail) == (
            "vimeo",
            "42",
            "https://i.vimeocdn.com/42.jpg",
        )

    def test_unsafe_urls_are_dropped(self):
        wall = WallFactory()
        post = services.accept(
            wall,
            incoming_post(
                avatar_url="javascript:alert(1)",
                permalink="data:text/html,<script>alert(1)</script>",
                image_url="https://cdn.example.org/a.jpg",
            ),
        )
        assert (post.avatar_url, post.permalink, post.image_url) == ("", "", "https://cdn.example.org/a.jpg")

    @pytest.mark.parametrize("text", ["", "   \n\x00\u202e "])
    def test_nothing_to_show_is_refused(self, text):
        with pytest.raises(services.InvalidPost):
            services.accept(WallFactory(), incoming_post(text=text))
        assert not Post.objects.exists()

    def test_unknown_source_is_refused(self):
        with pytest.raises(services.InvalidPost):
            services.accept(WallFactory(), incoming_post(source="myspace"))

    def test_a_time_in_the_future_becomes_now(self):
        post = services.accept(WallFactory(), incoming_post(created_at=timezone.now() + timedelta(days=3)))
        assert post.created_at <= timezone.now()

    def test_broadcast_waits_for_commit(self, django_capture_on_commit_callbacks):
        wall = WallFactory()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.accept(wall, incoming_post())
        # The viewer event and the moderators' push, scheduled as one broadcast, not yet sent.
        assert len(callbacks) == 1
        assert callbacks[0].func is publisher.broadcast
        event, post, _ = callbacks[0].args
        assert (event.seq, event.kind, post.status) == (1, "published", Post.Status.APPROVED)


@pytest.mark.django_db(transaction=True)
class TestBroadcast:
    async def test_approved_post_reaches_viewers_and_moderators_after_commit(self):
        wall = await database_sync_to_async(WallFactory)()
        viewers = await GroupListener.join(wall_group(wall.slug))
        moderators = await GroupListener.join(moderation_group(wall.slug))

        def accept_and_peek():
            with transaction.atomic():
                post = services.accept(wall, incoming_post(text="<img src=x onerror=alert(1)>"))
                assert Post.objects.filter(pk=post.pk).exists()
                async_to_sync(viewers.assert_silent)(0.3)  # saved, not yet committed: nothing sent
            return post

        post = await database_sync_to_async(accept_and_peek)()
        message = await viewers.receive()
        assert message["type"] == "wall.event"
        assert message["seq"] == 1
        frame = json.loads(message["text"])
        assert (frame["type"], frame["seq"], frame["kind"]) == ("event", 1, "published")
        assert frame["post"]["id"] == post.pk
        assert frame["post"]["text"] == "<img src=x onerror=alert(1)>"  # plain text, never HTML
        pushed = await moderators.receive_frame()
        assert pushed["type"] == "post"
        assert pushed["post"]["status"] == "approved"
        await viewers.leave()
        await moderators.leave()

    async def test_nothing_is_sent_before_commit_nor_after_rollback(self):
        wall = await database_sync_to_async(WallFactory)()
        viewers = await GroupListener.join(wall_group(wall.slug))

        class Rollback(Exception):
            pass

        def accept_then_fail():
            with transaction.atomic():
                services.accept(wall, incoming_post())
                raise Rollback

        with pytest.raises(Rollback):
            await database_sync_to_async(accept_then_fail)()
        await viewers.assert_silent(0.5)
        assert not await database_sync_to_async(Post.objects.exists)()
        await viewers.leave()

    async def test_pending_posts_reach_moderators_only(self):
        wall = await database_sync_to_async(WallFactory)(moderation_mode=Wall.Moderation.PRE)
        viewers = await GroupListener.join(wall_group(wall.slug))
        moderators = await GroupListener.join(moderation_group(wall.slug))
        post = await database_sync_to_async(services.accept)(wall, incoming_post(text="wait for me"))
        pushed = await moderators.receive_frame()
        assert (pushed["post"]["id"], pushed["post"]["status"]) == (post.pk, "pending")
        await viewers.assert_silent(0.5)
        await viewers.leave()
        await moderators.leave()


@pytest.mark.django_db(transaction=True)
def test_channel_layer_down_does_not_lose_the_post(settings, caplog):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [f"redis://127.0.0.1:{closed_port()}/0"]},
        }
    }
    wall = WallFactory()
    with caplog.at_level(logging.ERROR, logger="livewall.stream.publisher"):
        post = services.accept(wall, incoming_post(text="saved whatever happens"))
    assert Post.objects.get(pk=post.pk).status == Post.Status.APPROVED
    assert WallEvent.objects.filter(post=post, seq=1).exists()
    assert "Channel layer unavailable" in caplog.text
    # A client connecting later finds it in its snapshot.
    assert [p["id"] for p in snapshot(wall.pk)["posts"]] == [post.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "kept"), [("cy", "cy"), ("EN_gb", "en-GB"), ("und", ""), ("<b>", ""), ("en-" + "x" * 50, "")]
)
def test_every_way_in_keeps_the_language_as_a_plain_tag(given, kept):
    wall = WallFactory(moderation_mode=Wall.Moderation.POST)
    post = services.accept(wall, incoming_post(text="hello", language=given))
    post.refresh_from_db()
    assert post.language == kept
