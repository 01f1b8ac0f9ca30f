"""Template helpers for wall posts rendered from `serializers.post_payload` dicts."""

from datetime import datetime

from django import template
from django.utils import timezone

from livewall.stream import fairness

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
def iso_time(value):
    """'2026-11-25T13:05:00+00:00' -> a datetime in the site's time zone (None when unparsable)."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return timezone.localtime(moment)


@register.filter
def author_key(post):
    """Who wrote a post (post_payload dict), for the screen's per-author cap (stream.fairness)."""
    return fairness.author_key(post)
