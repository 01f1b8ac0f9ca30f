"""WallSource.kind -> the Source class that reads it."""

from .base import SourceError
from .bluesky import BlueskySource
from .mastodon import MastodonSource
from .replay import ReplaySource
from .rss import RssSource
from .x import XSource

SOURCE_CLASSES = {cls.kind: cls for cls in (MastodonSource, XSource, BlueskySource, RssSource, ReplaySource)}


def source_for(config, client=None):
    try:
        cls = SOURCE_CLASSES[config.kind]
    except KeyError:
        raise SourceError(f"Unknown source kind {config.kind!r}") from None
    return cls(config, client=client)
