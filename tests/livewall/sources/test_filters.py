"""Consent and fairness rules (livewall.sources.filters) on real posts in the database."""

from datetime import timedelta

import pytest
import time_machine

from livewall.intake import services
from livewall.intake.incoming import IncomingPost
from livewall.models import Post
from livewall.sources import filters


def mastodon_post(text="Great session #FindingOurVoice", **fields):
    fields.setdefault("external_id", f"https://m.example/statuses/{abs(hash(text))}")
    fields.setdefault("author_handle", "@sam@m.example")
    fields.setdefault("tags", ["findingourvoice"])
    return IncomingPost(source="mastodon", text=text, **fields)


def test_a_normal_post_passes(wall):
    assert filters.rejection(wall, mastodon_post()) == ""


@pytest.mark.parametrize("text,tags", [("Notes only #nowall", []), ("Hi", ["NoBot"]), ("Hi #NOWALL", [])])
def test_opt_out_tags_in_text_or_tags(wall, text, tags):
    assert filters.rejection(wall, mastodon_post(text, tags=tags)).startswith("opt-out tag")


def test_opt_out_tags_are_configurable(wall):
    wall.opt_out_tags = "#private"
    wall.save()
    assert filters.rejection(wall, mastodon_post("Hi #nowall")) == ""
    assert filters.rejection(wall, mastodon_post("Hi #private")) == "opt-out tag #private"


def test_not_discoverable_or_noindex_accounts_are_skipped(wall):
    assert filters.rejection(wall, mastodon_post(extra={"discoverable": False})) == "account is not discoverable"
    assert filters.rejection(wall, mastodon_post(extra={"noindex": True})) == "account is not discoverable"
    assert filters.rejection(wall, mastodon_post(extra={"discoverable": None, "noindex": False})) == ""


def test_opt_in_requires_a_mention_of_the_wall_account(wall):
    wall.require_opt_in = True
    wall.opt_in_account = "@fov@social.westshire.example"
    wall.save()
    assert "opt-in required" in filters.rejection(wall, mastodon_post("No mention here"))
    assert filters.rejection(wall, mastodon_post("Hi", mentions=["fov@social.westshire.example"])) == ""
    assert filters.rejection(wall, mastodon_post("Hello @fov@social.westshire.example!")) == ""
    assert filters.rejection(wall, mastodon_post("Hi", mentions=["fov"])) == ""  # a local mention
    assert "opt-in" in filters.rejection(wall, mastodon_post("Hi", mentions=["fovx@other.example"]))


def test_content_warnings_skipped_unless_allowed(wall):
    assert filters.rejection(wall, mastodon_post(content_warning="Food")) == "content warning"
    wall.allow_content_warnings = True
    wall.save()
    assert filters.rejection(wall, mastodon_post(content_warning="Food")) == ""


def test_hashtags_of_other_events_excluded(wall):
    wall.excluded_hashtags = "#OtherEvent, #spam"
    wall.save()
    assert filters.rejection(wall, mastodon_post("Both #FindingOurVoice #otherevent")) == "excluded hashtag #otherevent"


def test_per_author_cap_in_a_window(wall):
    wall.per_author_cap = 2
    wall.per_author_window_minutes = 10
    wall.save()
    with time_machine.travel("2026-11-25 10:00:00+00:00", tick=False) as clock:
        for n in range(2):
            services.accept(wall, mastodon_post(f"Post {n}", external_id=f"u{n}"))
        assert "already has 2 posts in 10 minutes" in filters.rejection(wall, mastodon_post("Post 3", external_id="u3"))
        other = mastodon_post("Post 3", external_id="u4", author_handle="@kim@m.example")
        assert filters.rejection(wall, other) == ""
        clock.shift(timedelta(minutes=11))
        assert filters.rejection(wall, mastodon_post("Post 3", external_id="u3")) == ""


def test_identical_cross_posts_collapse(wall):
    services.accept(wall, mastodon_post("Same words everywhere #FindingOurVoice"))
    bluesky = IncomingPost(
        source="bluesky",
        external_id="at://x",
        text="  Same words everywhere #FindingOurVoice ",
        author_handle="@s.bsky",
    )
    assert filters.rejection(wall, bluesky) == "same text already on the wall (cross-post)"


def test_content_hash_matches_what_accept_stores(wall):
    post = services.accept(wall, mastodon_post("Ünïcödé\u202e text 🎉  \n\n\n #Tag"))
    assert Post.objects.get(pk=post.pk).content_hash == filters.content_hash("Ünïcödé\u202e text 🎉  \n\n\n #Tag")


def test_replays_skip_fairness_but_not_consent(wall):
    wall.per_author_cap = 1
    wall.save()
    services.accept(wall, mastodon_post("Once", external_id="r1"))
    again = mastodon_post("Once", external_id="r2", extra={"replay": True})
    assert filters.rejection(wall, again) == ""
    assert filters.rejection(wall, mastodon_post("x #nowall", extra={"replay": True})).startswith("opt-out")
