"""The one way a post gets onto a wall: `accept(wall, incoming)`.

Contributions, source pollers and the replay all call it. It cleans the text, finds a video,
decides the status (the wall's moderation mode, and the blocklist, which holds a post for review
even on a post-moderated wall), saves the post and, if viewers may see it, its WallEvent in one
transaction, and broadcasts only after commit; then the video's thumbnail is fetched, once per
video (`thumbnails`).
"""

import hashlib
import re
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from livewall.intake import platform_images, thumbnails
from livewall.intake.video_links import find_video, resolve_thumbnail
from livewall.models import ModerationAction, Post, Wall, WallEvent
from livewall.stream import publisher
from portal.language_tags import normalise as language_tag
from portal.public_input.text import clean_text, extract_links

MAX_TEXT_LENGTH = 2000
MAX_IMAGE_ALT_LENGTH = 1500
MAX_CONTENT_WARNING_LENGTH = 500
MAX_QUOTE_LENGTH = 600
MAX_LINKS = 10
URL_MAX_LENGTH = 500


class InvalidPost(ValueError):
    """The incoming post cannot be shown (e.g. no text left after cleaning)."""


def safe_url(value, max_length=URL_MAX_LENGTH):
    """`value` if it is an absolute http(s) URL of sane length, else "" (no javascript:, data:, ...)."""
    value = (value or "").strip()
    if not value or len(value) > max_length or any(char.isspace() for char in value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme in ("http", "https") and parts.hostname else ""


def _word_pattern(phrase):
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")


def blocklist_match(wall, text, author_name, author_handle):
    """A short description of what the wall's blocklist matched in this post, or "" when nothing."""
    folded = text.casefold()
    for word in wall.blocked_word_list:
        if _word_pattern(word.casefold()).search(folded):
            return f"blocked word: {word}"
    handle = author_handle.casefold().lstrip("@")
    names = {author_name.casefold().strip(), handle, handle.split("@")[0]} - {""}
    for author in wall.blocked_author_list:
        if author.casefold().lstrip("@") in names:
            return f"blocked author: {author}"
    return ""


def _links(incoming, text):
    links = []
    for link in [*incoming.links, *extract_links(text)]:
        link = safe_url(link)
        if link and link not in links:
            links.append(link)
    return links[:MAX_LINKS]


def _video(incoming, links):
    video = incoming.video or find_video(links)
    if video is None:
        return None
    video.thumbnail = safe_url(video.thumbnail)
    resolve_thumbnail(video)  # network (short timeout): done before the transaction opens
    return video


def _quote(quote):
    """A quoted post cleaned like a post (only the known fields); {} when nothing readable is left."""
    quote = quote if isinstance(quote, dict) else {}
    cleaned = {
        "author_name": clean_text(quote.get("author_name"), max_length=120),
        "author_handle": clean_text(quote.get("author_handle"), max_length=255),
        "text": clean_text(quote.get("text"), max_length=MAX_QUOTE_LENGTH),
        "permalink": safe_url(quote.get("permalink")),
    }
    return cleaned if cleaned["text"] else {}


def _created_at(incoming, now):
    created_at = incoming.created_at or now
    return min(created_at, now)  # a source's clock running ahead must not pin a post to the top


def text_hash(cleaned_text):
    """Post.content_hash: identical cross-posts share it (compared case-insensitively)."""
    return hashlib.sha256(cleaned_text.casefold().encode()).hexdigest()


def build_post(wall, incoming):
    """An unsaved Post from an IncomingPost: cleaned, with links and video, status not yet decided."""
    if incoming.source not in Post.Source.values:
        raise InvalidPost(f"Unknown source {incoming.source!r}.")
    text = clean_text(incoming.text, max_length=MAX_TEXT_LENGTH)
    if not text and not incoming.image and not incoming.image_url:
        raise InvalidPost("A post needs some text.")
    links = _links(incoming, text)
    video = _video(incoming, links)
    attending = incoming.attending if incoming.attending in Post.Attending.values else Post.Attending.UNKNOWN
    post = Post(
        wall=wall,
        source=incoming.source,
        external_id=(incoming.external_id or "")[:255],
        author_name=clean_text(incoming.author_name, max_length=120),
        author_handle=clean_text(incoming.author_handle, max_length=255),
        avatar_url=safe_url(incoming.avatar_url),
        text=text,
        links=links,
        permalink=safe_url(incoming.permalink),
        video_provider=video.provider if video else "",
        video_id=video.id if video else "",
        video_thumbnail=video.thumbnail if video else "",
        video_title=clean_text(video.title, max_length=300) if video else "",
        image_url=safe_url(incoming.image_url),
        image_alt=clean_text(incoming.image_alt, max_length=MAX_IMAGE_ALT_LENGTH),
        content_warning=clean_text(incoming.content_warning, max_length=MAX_CONTENT_WARNING_LENGTH),
        quote=_quote(incoming.quote),
        attending=attending,
        language=language_tag(incoming.language),
        is_question=bool(incoming.is_question) and incoming.source == Post.Source.CONTRIBUTION,
        content_hash=text_hash(text),
        created_at=_created_at(incoming, timezone.now()),
    )
    if incoming.image:
        post.image = incoming.image
    return post


def _existing(wall, incoming):
    if not incoming.external_id:
        return None
    return Post.objects.filter(wall=wall, source=incoming.source, external_id=incoming.external_id).first()


def accept(wall, incoming):
    """Save `incoming` on `wall` and broadcast it after commit. Returns the Post.

    Idempotent on (wall, source, external_id): the same item a second time returns the saved post
    and changes nothing. Raises InvalidPost when there is nothing to show.
    """
    existing = _existing(wall, incoming)
    if existing:
        return existing
    post = build_post(wall, incoming)
    post.cached_thumbnail = thumbnails.shared_thumbnail(post)
    held_by = blocklist_match(wall, post.text, post.author_name, post.author_handle)
    if wall.moderation_mode == Wall.Moderation.POST and not held_by:
        post.status = Post.Status.APPROVED
    else:
        post.status = Post.Status.PENDING
    try:
        with transaction.atomic():
            post.save()
            held = None
            if held_by:
                held = ModerationAction.objects.create(
                    wall=wall, post=post, action=ModerationAction.Action.AUTO_QUEUE, note=held_by[:255]
                )
            event = None
            if post.status == Post.Status.APPROVED:
                event = publisher.append_event(wall, post, WallEvent.Kind.PUBLISHED)
            publisher.publish_on_commit(event=event, post=post, last_action=held)
            if post.cached_thumbnail:
                thumbnails.queue_fetch_on_commit(post.cached_thumbnail)
            platform_images.queue_fetch_on_commit(post)
    except IntegrityError:
        # The same item arrived twice at once (two pollers): the other one won.
        existing = _existing(wall, incoming)
        if existing:
            return existing
        raise
    return post
