"""Consent and fairness rules applied to every polled post before `services.accept`.

Consent: a post carrying one of the wall's opt-out tags (#nowall, #nobot by default) is never
shown; Mastodon accounts that are not discoverable or ask not to be indexed are skipped; a wall
that requires opt-in shows only posts that mention its account. Posts behind a content warning are
skipped unless the wall allows them. Hashtags of other events can be excluded.

Fairness: at most `per_author_cap` posts per author per `per_author_window_minutes`, and the same
text cross-posted (to several networks, or twice) collapses into the first copy. A replay is a
recording that already went through these rules, so it is exempt from the fairness ones (it would
otherwise cap itself when it loops).

`rejection(wall, incoming)` returns why a post is skipped ("" to keep it). Contributions made on
the wall's own form do not come through here.
"""

import re
from datetime import timedelta

from django.utils import timezone

from livewall.intake.services import MAX_TEXT_LENGTH, text_hash
from livewall.models import Post, split_tags
from portal.public_input.text import clean_text

_HASHTAG = re.compile(r"(?<![\w&])#(\w+)", re.UNICODE)
_MENTION = re.compile(r"(?<![\w/])@([\w.\-]+(?:@[\w.\-]+)?)", re.UNICODE)
ON_WALL = [Post.Status.APPROVED, Post.Status.PENDING]


def content_hash(text):
    """The hash `services.accept` stores in Post.content_hash for this text."""
    return text_hash(clean_text(text, max_length=MAX_TEXT_LENGTH))


def post_tags(incoming):
    """The post's hashtags: what the source reported plus any written in the text."""
    tags = {tag.lower().lstrip("#") for tag in incoming.tags}
    tags.update(match.lower() for match in _HASHTAG.findall(incoming.text or ""))
    return tags


def _handle(value):
    return (value or "").strip().lstrip("@").lower()


def mentions_account(incoming, account):
    """Does the post mention `account` ("@name", "@name@host" or a Bluesky "name.bsky.social")?"""
    wanted = _handle(account)
    if not wanted:
        return False
    wanted_user = wanted.split("@")[0]
    mentioned = {_handle(m) for m in incoming.mentions}
    mentioned.update(_handle(m) for m in _MENTION.findall(incoming.text or ""))
    for handle in mentioned:
        if handle == wanted:
            return True
        # A local mention on the account's own instance carries no domain ("@fov" for "fov@host").
        if "@" not in handle and handle == wanted_user:
            return True
        if "@" not in wanted and handle.split("@")[0] == wanted:
            return True
    return False


def consent_rejection(wall, incoming):
    tags = post_tags(incoming)
    opted_out = tags & set(split_tags(wall.opt_out_tags))
    if opted_out:
        return f"opt-out tag #{sorted(opted_out)[0]}"
    if incoming.extra.get("discoverable") is False or incoming.extra.get("noindex") is True:
        return "account is not discoverable"
    if wall.require_opt_in and not mentions_account(incoming, wall.opt_in_account):
        return f"no mention of {wall.opt_in_account or 'the wall account'} (opt-in required)"
    if incoming.content_warning and not wall.allow_content_warnings:
        return "content warning"
    excluded = tags & set(split_tags(wall.excluded_hashtags))
    if excluded:
        return f"excluded hashtag #{sorted(excluded)[0]}"
    return ""


def fairness_rejection(wall, incoming, now=None):
    if incoming.extra.get("replay"):
        return ""
    now = now or timezone.now()
    on_wall = Post.objects.filter(wall=wall, status__in=ON_WALL).exclude(source=Post.Source.CONTRIBUTION)
    if incoming.text and on_wall.filter(content_hash=content_hash(incoming.text)).exists():
        return "same text already on the wall (cross-post)"
    handle = clean_text(incoming.author_handle, max_length=255)
    if handle and wall.per_author_cap:
        since = now - timedelta(minutes=wall.per_author_window_minutes)
        recent = on_wall.filter(source=incoming.source, author_handle=handle, received_at__gte=since).count()
        if recent >= wall.per_author_cap:
            return f"{handle} already has {recent} posts in {wall.per_author_window_minutes} minutes"
    return ""


def rejection(wall, incoming, now=None):
    """Why `incoming` must not go on `wall` ("" when it may)."""
    return consent_rejection(wall, incoming) or fairness_rejection(wall, incoming, now=now)
