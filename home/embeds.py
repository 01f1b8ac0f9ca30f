"""Wagtail embed finder for the public site's Content-Security-Policy (portal/security.py)."""

import re

from wagtail.embeds.finders.oembed import OEmbedFinder

# YouTube's oEmbed answer points its player at www.youtube.com, which sets tracking cookies before
# anyone presses play (not acceptable for public bodies) and is not in the public CSP's frame-src.
# The privacy-enhanced host serves the same player without them.
YOUTUBE_PLAYER = re.compile(r"(?:https?:)?//(?:www\.)?youtube\.com/embed/")
NOCOOKIE_PLAYER = "https://www.youtube-nocookie.com/embed/"


class NoCookieOEmbedFinder(OEmbedFinder):
    """Wagtail's oEmbed finder (same providers), with YouTube players moved to youtube-nocookie.com."""

    def find_embed(self, url, max_width=None, max_height=None):
        embed = super().find_embed(url, max_width=max_width, max_height=max_height)
        if embed.get("html"):
            embed["html"] = YOUTUBE_PLAYER.sub(NOCOOKIE_PLAYER, embed["html"])
        return embed


embed_finder_class = NoCookieOEmbedFinder
