"""The home page's resources slot: the library's latest entries and its index page.

A template tag, as the events slots are, so that `home` never imports `resources`."""

from django import template

from home.languages import original_page, originals
from resources.models import ResourceIndexPage, ResourcePage

register = template.Library()

HOME_RESOURCE_COUNT = 3


@register.simple_tag
def latest_resources(home, limit=HOME_RESOURCE_COUNT):
    """The newest public resources under the home page (a translated home page shows its original's)."""
    return list(
        originals(ResourcePage.objects.live().public().descendant_of(original_page(home)))
        .select_related("document")
        .prefetch_related("shared_topics")
        .order_by("-date", "-first_published_at", "-pk")[:limit]
    )


@register.simple_tag
def resource_index(home):
    """The library's index page under the home page, or None."""
    return ResourceIndexPage.objects.live().public().child_of(home).first()
