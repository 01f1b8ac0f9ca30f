"""The normalised shape of a post on its way in, whatever it came from (the web form, a source
poller, the replay file). Everything goes through `livewall.intake.services.accept(wall, incoming)`."""

from dataclasses import dataclass, field
from datetime import datetime

from livewall.stream.embeds import Video


@dataclass
class IncomingPost:
    source: str  # a livewall.models.Post.Source value
    text: str
    external_id: str = ""  # stable id at the source; empty for contributions (a uuid is assigned)
    author_name: str = ""
    author_handle: str = ""
    avatar_url: str = ""
    links: list[str] = field(default_factory=list)
    permalink: str = ""
    video: Video | None = None  # filled from links by livewall.intake.video_links when absent
    image_url: str = ""
    image_alt: str = ""  # the image's description (alt text) as its author gave it
    image: object | None = None  # an already validated and re-encoded django File (contributions only)
    attending: str = ""  # Post.Attending value
    is_question: bool = False  # a question for the panel (contributions only)
    created_at: datetime | None = None
    tags: list[str] = field(default_factory=list)  # lower-case hashtags, without '#'
    mentions: list[str] = field(default_factory=list)  # lower-case handles mentioned
    content_warning: str = ""
    language: str = ""  # the language it is written in as the source or writer gave it (normalised on saving)
    quote: dict = field(default_factory=dict)  # a quoted post: author_name, author_handle, text, permalink
    extra: dict = field(default_factory=dict)  # source-specific facts the filters may use
