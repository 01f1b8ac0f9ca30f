"""A Bluesky post view (`app.bsky.feed.defs#postView`) -> IncomingPost.

Facets become links (link facets replace their shortened text with the full address), tags and
mentions. The embed view gives the post's media and quote, read from the app.bsky.embed.* view
lexicons: images, gallery (its first item), external cards (the link joins the links; its thumbnail
is the image), video (its thumbnail, described by the video's alt), record (a quoted post) and
recordWithMedia (both). An embed kind not known here still gives its first image, found by the
fields every image view has; when none can be found the post is skipped and the reason logged, so
media is never lost without a trace.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote as url_quote

from livewall.intake.incoming import IncomingPost

from . import base

logger = logging.getLogger("livewall.sources.bluesky")

CONTENT_WARNING_LABELS = {"sexual", "nudity", "porn", "graphic-media", "gore"}
IMAGE_URL_FIELDS = ("fullsize", "thumbnail", "thumb")


def parse_time(value):
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def apply_facets(text, facets):
    """(text with link facets spelled out, links, tags, mention handles) from a post record.

    Facet indexes count UTF-8 bytes, not characters.
    """
    data = (text or "").encode("utf-8")
    links, tags, mentions, replacements = [], [], [], []
    for facet in facets or []:
        index = facet.get("index") or {}
        start, end = index.get("byteStart"), index.get("byteEnd")
        for feature in facet.get("features") or []:
            kind = feature.get("$type", "")
            if kind.endswith("#link") and feature.get("uri"):
                if feature["uri"] not in links:
                    links.append(feature["uri"])
                if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(data):
                    replacements.append((start, end, feature["uri"].encode("utf-8")))
            elif kind.endswith("#tag") and feature.get("tag"):
                tags.append(feature["tag"].lower())
            elif kind.endswith("#mention") and isinstance(start, int) and isinstance(end, int):
                handle = data[start:end].decode("utf-8", "ignore").lstrip("@").lower()
                if handle:
                    mentions.append(handle)
    for start, end, uri in sorted(replacements, reverse=True):
        data = data[:start] + uri + data[end:]
    return data.decode("utf-8", "ignore"), links, tags, mentions


def permalink(uri, author):
    rkey = (uri or "").rsplit("/", 1)[-1]
    who = author.get("handle") or author.get("did", "")
    return f"https://bsky.app/profile/{url_quote(who, safe='@.:')}/post/{rkey}"


@dataclass
class EmbedContent:
    image_url: str = ""
    image_alt: str = ""
    links: list[str] = field(default_factory=list)
    quote: dict = field(default_factory=dict)
    unreadable: str = ""  # why the embed's media could not be read: the post is skipped


def _image(view):
    """(url, alt) of one image view, whichever lexicon named its address."""
    if not isinstance(view, dict):
        return "", ""
    url = next((view[name] for name in IMAGE_URL_FIELDS if isinstance(view.get(name), str) and view[name]), "")
    alt = view.get("alt") if isinstance(view.get("alt"), str) else ""
    return url, alt if url else ""


def _first_image(items):
    for item in items if isinstance(items, list) else []:
        url, alt = _image(item)
        if url:
            return url, alt
    return "", ""


def _quote(record_view):
    """The quoted post of an app.bsky.embed.record#view; {} for a deleted, blocked or non-post record."""
    record = (record_view or {}).get("record") or {}
    value = record.get("value") if isinstance(record.get("value"), dict) else {}
    author = record.get("author") if isinstance(record.get("author"), dict) else {}
    if value.get("$type") != "app.bsky.feed.post" or not author:
        return {}
    handle = author.get("handle") or ""
    return {
        "author_name": author.get("displayName") or handle,
        "author_handle": f"@{handle}" if handle else "",
        "text": apply_facets(value.get("text"), value.get("facets"))[0],
        "permalink": permalink(record.get("uri"), author),
    }


def _unknown(embed, kind):
    """An embed kind not known here: its first image and external link, wherever they sit."""
    content = EmbedContent()
    for value in embed.values():
        if isinstance(value, dict) and isinstance(value.get("uri"), str) and value["uri"].startswith("http"):
            content.links.append(value["uri"])
        if not content.image_url:
            content.image_url, content.image_alt = _first_image(value) if isinstance(value, list) else _image(value)
    if not content.image_url:
        content.unreadable = f"embed {kind or 'without $type'} is not understood and carries no image"
    return content


def read_embed(embed):
    """EmbedContent from a post view's `embed` (or recordWithMedia's `media`)."""
    if not isinstance(embed, dict) or not embed:
        return EmbedContent()
    kind = embed.get("$type") or ""
    lexicon = kind.split("#")[0]
    if lexicon == "app.bsky.embed.recordWithMedia":
        content = read_embed(embed.get("media"))
        content.quote = _quote(embed.get("record"))
        return content
    if lexicon == "app.bsky.embed.record":
        return EmbedContent(quote=_quote(embed))
    if lexicon == "app.bsky.embed.images":
        return EmbedContent(*_first_image(embed.get("images")))
    if lexicon == "app.bsky.embed.gallery":
        # The lexicon names the list `media`; an earlier draft named it `items`.
        return EmbedContent(*_first_image(embed.get("media") or embed.get("items")))
    if lexicon == "app.bsky.embed.video":
        url, alt = _image(embed)
        return EmbedContent(url, alt)
    if lexicon == "app.bsky.embed.external":
        external = embed.get("external") or {}
        # A link card's thumbnail illustrates the link; it has no description of its own.
        return EmbedContent(external.get("thumb") or "", "", [external["uri"]] if external.get("uri") else [])
    return _unknown(embed, kind)


def normalise_post(view):
    """The IncomingPost for one post view, or None when its media cannot be shown (logged)."""
    record = view.get("record") or {}
    author = view.get("author") or {}
    handle = author.get("handle") or ""
    embed = read_embed(view.get("embed"))
    if embed.unreadable:
        logger.warning("Skipped Bluesky post %s: %s", view.get("uri"), embed.unreadable)
        return None
    text, links, tags, mentions = apply_facets(record.get("text"), record.get("facets"))
    links += [link for link in embed.links if link not in links]
    labels = {label.get("val") for label in view.get("labels") or [] if isinstance(label, dict)}
    labels |= {v.get("val") for v in ((record.get("labels") or {}).get("values") or []) if isinstance(v, dict)}
    warning = ", ".join(sorted(label for label in labels if label in CONTENT_WARNING_LABELS))
    return base.finish(
        IncomingPost(
            source="bluesky",
            external_id=view.get("uri") or "",
            text=text,
            author_name=author.get("displayName") or handle,
            author_handle=f"@{handle}" if handle else "",
            avatar_url=author.get("avatar") or "",
            links=links,
            permalink=permalink(view.get("uri"), author),
            image_url=embed.image_url,
            image_alt=embed.image_alt,
            quote=embed.quote,
            created_at=parse_time(record.get("createdAt") or view.get("indexedAt")),
            tags=tags + [tag.lower() for tag in record.get("tags") or [] if isinstance(tag, str)],
            mentions=mentions,
            content_warning=warning,
            language=base.first_language(record.get("langs")),
            extra={"indexed_at": view.get("indexedAt") or ""},
        )
    )
