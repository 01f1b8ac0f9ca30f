"""A video as the wall shows it: provider and id, and the addresses built from them.

The player address is the privacy-friendly one (youtube-nocookie.com, player.vimeo.com). Parsing
links into a `Video` is intake's job (`livewall.intake.video_links`).
"""

from dataclasses import dataclass

YOUTUBE = "youtube"
VIMEO = "vimeo"


@dataclass
class Video:
    provider: str  # YOUTUBE | VIMEO
    id: str
    thumbnail: str = ""
    title: str = ""  # the provider's title (oEmbed), when it was looked up


def watch_url(video):
    """The canonical public page of the video (what oEmbed providers expect)."""
    if video.provider == YOUTUBE:
        return f"https://www.youtube.com/watch?v={video.id}"
    return f"https://vimeo.com/{video.id}"


def embed_url(video):
    if video.provider == YOUTUBE:
        return f"https://www.youtube-nocookie.com/embed/{video.id}"
    return f"https://player.vimeo.com/video/{video.id}"


def thumbnail_url(video):
    """The provider's thumbnail address, known or derived from the id (YouTube only; Vimeo needs oEmbed).

    The portal fetches it from there once (livewall.intake.thumbnails); viewers never get it."""
    if video.thumbnail:
        return video.thumbnail
    if video.provider == YOUTUBE:
        return f"https://i.ytimg.com/vi/{video.id}/hqdefault.jpg"
    return ""
