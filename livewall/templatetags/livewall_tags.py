"""Template helpers for wall posts rendered from `serializers.post_payload` dicts."""

from django import template

from livewall.stream import render

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
