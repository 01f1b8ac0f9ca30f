"""Template helpers for wall posts rendered from `serializers.post_payload` dicts."""

from django import template
from django.utils.html import format_html

from livewall.stream import fairness, render
from portal import language_tags

register = template.Library()


@register.filter
def safe_url(value):
    """The URL if it is http(s) or a same-site absolute path, else "" (no javascript:, data:, //host)."""
    value = (value or "").strip()
    lowered = value.lower()
    if lowered.startswith(("https://", "http://")):
        return value
    if value.startswith("/") and not value.startswith("//"):
        return value
    return ""


@register.filter
def wall_time(value):
    """A datetime or ISO string -> "15:40" in the event's zone (stream.render.wall_time, the one format)."""
    return render.wall_time(value)


@register.filter
def author_key(post):
    """Who wrote a post (post_payload dict), for the screen's per-author cap (stream.fairness)."""
    return fairness.author_key(post)


@register.filter
def language_attributes(tag):
    """` lang="cy" dir="ltr"` for the elements holding a post's own words (its text, its picture's
    description), so they are read and laid out in its language whatever the page's; "" when the
    language is unknown (they then follow the page)."""
    tag = language_tags.normalise(tag)
    if not tag:
        return ""
    return format_html(' lang="{}" dir="{}"', tag, language_tags.direction(tag))


@register.filter
def language_name(tag):
    """ "Welsh (cy)": a post's language as the moderators' queue names it."""
    return language_tags.english_label(tag) if tag else ""
