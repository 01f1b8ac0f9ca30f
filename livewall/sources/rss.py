"""RSS / Atom: any feed URL (a group's blog, a YouTube channel's
https://www.youtube.com/feeds/videos.xml?channel_id=... feed).

The feed is fetched with the shared HTTP client (so the timeout applies; feedparser's own fetching
has none) with If-None-Match / If-Modified-Since, then feedparser parses the bytes. Entries are
remembered by id in the cursor; the first poll takes only the newest `initial_items` (default 5)
so that a blog's archive does not flood the wall. Titles and summaries are read as the feed declares
them (plain text stays as written, HTML is reduced to text and links: htmltext.readable_text).
"""

import calendar
import hashlib
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser

from livewall.intake.incoming import IncomingPost
from livewall.stream.embeds import Video

from . import base
from .htmltext import PLAIN_TEXT, readable_text

INITIAL_ITEMS = 5
SEEN_KEPT = 500
MAX_TEXT = 600


def _entry_time(entry):
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def _entry_id(entry):
    ident = entry.get("id") or entry.get("link")
    if not ident:
        ident = "sha256:" + hashlib.sha256((entry.get("title", "") + entry.get("summary", "")).encode()).hexdigest()
    return ident


def _summary(entry):
    """(text, its content type): the summary, else the content (feedparser copies it to `summary`
    without saying its type), else nothing. media:description and itunes:summary arrive as summary."""
    if entry.get("summary_detail"):
        return entry["summary_detail"].get("value") or "", entry["summary_detail"].get("type")
    for content in entry.get("content") or []:
        return content.get("value") or "", content.get("type")
    return entry.get("summary") or "", PLAIN_TEXT


def _entry_language(entry, feed):
    """The xml:lang its text is marked with (an Atom entry's own or its feed's: feedparser puts it on
    each text construct), else the feed's language (RSS's channel <language> or <dc:language>). An
    entry marked with something that is no language tag is of no known language, not the feed's."""
    details = [entry.get("title_detail"), entry.get("summary_detail"), *(entry.get("content") or [])]
    for detail in details:
        declared = (detail or {}).get("language")
        if declared:
            return base.language_tag(declared)
    return base.language_tag(feed.get("language"))


def normalise_entry(entry, feed, feed_url):
    title_type = (entry.get("title_detail") or {}).get("type") or PLAIN_TEXT
    title = readable_text(entry.get("title"), title_type)[0]
    summary, links = readable_text(*_summary(entry), base_url=feed_url)
    if summary == title:
        summary = ""
    text = "\n\n".join(part for part in (title, summary) if part)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1].rstrip() + "…"
    link = entry.get("link") or ""
    if link:
        links = [link] + [url for url in links if url != link]
    image_url = ""
    for thumb in entry.get("media_thumbnail") or []:
        if thumb.get("url"):
            image_url = thumb["url"]
            break
    if not image_url:
        for enclosure in entry.get("enclosures") or []:
            if (enclosure.get("type") or "").startswith("image/") and enclosure.get("href"):
                image_url = enclosure["href"]
                break
    video = Video(provider="youtube", id=entry["yt_videoid"]) if entry.get("yt_videoid") else None
    if video:
        # A channel feed's media:thumbnail is the video's own picture, on YouTube's host: the post
        # shows the video instead, its thumbnail fetched once and served by the portal.
        image_url = ""
    author = entry.get("author") or feed.get("author") or feed.get("title") or ""
    feed_image = (feed.get("image") or {}).get("href") or ""
    return base.finish(
        IncomingPost(
            source="rss",
            external_id=_entry_id(entry),
            text=text,
            author_name=author,
            author_handle=urlsplit(feed.get("link") or feed_url).hostname or "",
            avatar_url=feed_image,
            links=links,
            permalink=link,
            video=video,
            image_url=image_url,
            created_at=_entry_time(entry),
            tags=[(tag.get("term") or "").lstrip("#").lower() for tag in entry.get("tags") or [] if tag.get("term")],
            language=_entry_language(entry, feed),
            extra={"feed_title": feed.get("title") or ""},
        )
    )


class RssSource(base.Source):
    kind = "rss"

    def fetch(self, cursor):
        url = (self.config.base_url or "").strip()
        if not url:
            raise base.SourceError("Feed: no feed URL (set the source's base URL)")
        headers = {}
        if cursor.get("etag"):
            headers["If-None-Match"] = cursor["etag"]
        if cursor.get("modified"):
            headers["If-Modified-Since"] = cursor["modified"]
        response = base.send(self.client, "GET", url, "Feed", headers=headers)
        if response.status_code == 304:
            return base.FetchResult(new_cursor=dict(cursor))
        parsed = feedparser.parse(
            response.content,
            response_headers={"content-location": url, "content-type": response.headers.get("content-type", "")},
            # Its sanitiser reads every description as HTML ("if a<b then b>a" -> "if a<b>a"), and so
            # does resolving links: the text is read by its declared type in normalise_entry instead.
            sanitize_html=False,
            resolve_relative_uris=False,
        )
        if not parsed.entries and (parsed.bozo or not parsed.version):
            reason = parsed.get("bozo_exception") or f"content type {response.headers.get('content-type', '?')}"
            raise base.SourceError(f"Feed: not a readable RSS/Atom feed ({reason})"[:300])
        seen = list(cursor.get("seen") or [])
        known = set(seen)
        entries = [entry for entry in parsed.entries if _entry_id(entry) not in known]
        entries.sort(key=lambda e: _entry_time(e) or datetime.min.replace(tzinfo=UTC), reverse=True)
        if not cursor.get("seen") and not cursor.get("started"):
            entries = entries[: int(self.options.get("initial_items", INITIAL_ITEMS))]
        posts = [normalise_entry(entry, parsed.feed, url) for entry in reversed(entries)]
        seen += [_entry_id(entry) for entry in parsed.entries if _entry_id(entry) not in known]
        new_cursor = {"seen": seen[-SEEN_KEPT:], "started": True}
        if response.headers.get("etag"):
            new_cursor["etag"] = response.headers["etag"]
        if response.headers.get("last-modified"):
            new_cursor["modified"] = response.headers["last-modified"]
        return base.FetchResult(posts=posts, new_cursor=new_cursor)
