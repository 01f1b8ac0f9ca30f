"""Template helpers for wall posts rendered from `serializers.post_payload` dicts."""

from django import template

from livewall.stream import fairness, render

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
