"""Video links (YouTube, Vimeo) in what people post -> a `Video` (provider + id) and its thumbnail.

The id parsed from the URL is always enough to play the video. The thumbnail's address (which the
portal fetches once, `thumbnails`; viewers never see it) comes, when the network allows, from the
provider's oEmbed answer (through Wagtail's configured embed finders) with a short timeout: venue
networks are poor, so a slow or absent answer falls back to the parsed id instead of holding up
the post.
"""

import logging
import re
from urllib.parse import parse_qs, urlsplit

import requests
from django.conf import settings
from wagtail.embeds.finders import get_finders
from wagtail.embeds.finders.oembed import OEmbedFinder

from livewall.stream.embeds import VIMEO, YOUTUBE, Video, thumbnail_url, watch_url

logger = logging.getLogger(__name__)

DEFAULT_OEMBED_TIMEOUT = 2.0

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
_YOUTUBE_NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
_YOUTUBE_PATH_PREFIXES = ("shorts", "embed", "live", "v")
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def _youtube_id(host, path, query):
    segments = [s for s in path.split("/") if s]
    if host in ("youtu.be", "www.youtu.be"):
        candidate = segments[0] if segments else ""
    elif host in _YOUTUBE_NOCOOKIE_HOSTS:
        candidate = segments[1] if len(segments) >= 2 and segments[0] == "embed" else ""
    elif segments[:1] == ["watch"]:
        candidate = parse_qs(query).get("v", [""])[0]
    elif len(segments) >= 2 and segments[0] in _YOUTUBE_PATH_PREFIXES:
        candidate = segments[1]
    else:
        candidate = ""
    return candidate if _YOUTUBE_ID.match(candidate) else None


def _vimeo_id(host, path):
    segments = [s for s in path.split("/") if s]
    if host == "player.vimeo.com":
        candidate = segments[1] if len(segments) >= 2 and segments[0] == "video" else ""
    else:
        # vimeo.com/<id>, vimeo.com/channels/<name>/<id>, vimeo.com/groups/<name>/videos/<id>, ...
        candidate = next((s for s in reversed(segments) if _VIMEO_ID.match(s)), "")
    return candidate if _VIMEO_ID.match(candidate) else None


def parse_video_link(url):
    """A `Video` for a YouTube or Vimeo URL, or None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if host in _YOUTUBE_HOSTS or host in _YOUTUBE_NOCOOKIE_HOSTS or host in ("youtu.be", "www.youtu.be"):
        video_id = _youtube_id(host, parts.path, parts.query)
        return Video(provider=YOUTUBE, id=video_id) if video_id else None
    if host in _VIMEO_HOSTS:
        video_id = _vimeo_id(host, parts.path)
        return Video(provider=VIMEO, id=video_id) if video_id else None
    return None


def find_video(links):
    """The first video among `links` (a list of URLs), or None."""
    for link in links or []:
        video = parse_video_link(link)
        if video:
            return video
    return None


MAX_TITLE_LENGTH = 300


def _oembed_endpoint(url):
    for finder in get_finders():
        if isinstance(finder, OEmbedFinder) and finder.accept(url):
            return finder._get_endpoint(url), finder.options
    return None, None


def oembed_details(video, timeout=None):
    """The provider's oEmbed answer (a dict), or {} when the provider is unreachable or slow.

    Wagtail's finder itself waits up to 10 s, too long to hold a post; so its configured endpoint
    is asked directly with `LIVEWALL_OEMBED_TIMEOUT` seconds (0 disables the lookup).
    """
    if timeout is None:
        timeout = getattr(settings, "LIVEWALL_OEMBED_TIMEOUT", DEFAULT_OEMBED_TIMEOUT)
    if not timeout:
        return {}
    url = watch_url(video)
    endpoint, options = _oembed_endpoint(url)
    if not endpoint:
        return {}
    try:
        response = requests.get(endpoint, params={**(options or {}), "url": url, "format": "json"}, timeout=timeout)
        response.raise_for_status()
        details = response.json()
    except (requests.RequestException, ValueError, AttributeError) as exc:
        logger.info("oEmbed lookup for %s failed, using the parsed id: %s", url, exc)
        return {}
    return details if isinstance(details, dict) else {}


def _thumbnail_of(details):
    thumbnail = details.get("thumbnail_url") or ""
    return thumbnail if isinstance(thumbnail, str) and thumbnail.startswith("https://") else ""


def _title_of(details):
    title = details.get("title") or ""
    return title.strip()[:MAX_TITLE_LENGTH] if isinstance(title, str) else ""


def oembed_thumbnail(video, timeout=None):
    """The provider's thumbnail URL via oEmbed, or "" when the provider is unreachable or slow."""
    return _thumbnail_of(oembed_details(video, timeout))


def resolve_thumbnail(video):
    """Fill `video.thumbnail` (oEmbed when reachable, else the id-derived URL) and, from the same
    answer, `video.title`; return the thumbnail."""
    if not video.thumbnail:
        details = oembed_details(video)
        video.title = video.title or _title_of(details)
        video.thumbnail = _thumbnail_of(details) or thumbnail_url(video)
    return video.thumbnail
