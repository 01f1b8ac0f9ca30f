"""What every page's <head> tells search engines and link previews: the canonical address, a
description, Open Graph and Twitter card tags (`page_head`), and a title without repeats
(`distinct_title`). Pages say it through their fields; views that are not pages pass it in."""

import re
from urllib.parse import urljoin

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

from home import languages
from home.models import PortalSettings
from portal.canonical import absolute, base_url

register = template.Library()

DEFAULT_DESCRIPTION = "Public bodies, voluntary organisations and community groups, working together."
DESCRIPTION_LENGTH = 200
SHARE_IMAGE_FILTER = "fill-1200x630"
# The separators that page titles are built with: "Wall: live wall | Site".
TITLE_SEPARATOR = re.compile(r"(\s*[:|]\s+)")


def page_description(page):
    """The editor's search description, else the first text field the page type has."""
    if page.search_description:
        return page.search_description
    for name in ("summary", "introduction", "hero_text", "intro"):
        value = getattr(page, name, "")
        if value:
            return strip_tags(str(value))
    return ""


def share_image(page):
    return getattr(page, "image", None) or getattr(page, "hero_image", None)


@register.inclusion_tag("home/includes/page_head.html", takes_context=True)
def page_head(context, title="", description="", image=None):
    request = context.get("request")
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    if page is not None:
        title = title or page.seo_title or page.title
        description = description or page_description(page)
        image = image or share_image(page)
        url = page.get_full_url(request)
    else:
        url = absolute(request.path, request)
    description = Truncator(" ".join((description or DEFAULT_DESCRIPTION).split())).chars(DESCRIPTION_LENGTH)
    image_url = ""
    if image is not None:
        image_url = urljoin(base_url(request, fallback="") + "/", image.get_rendition(SHARE_IMAGE_FILTER).url)
    # hreflang alternates: the languages this page is really in (an untranslated page shown under
    # another language's prefix is the original's duplicate, whose canonical is the original).
    alternates = [
        (link.code, link.url if link.url.startswith(("http://", "https://")) else absolute(link.url, request))
        for link in languages.language_links(request, page)
        if link.translated
    ]
    default = [href for code, href in alternates if code == settings.LANGUAGE_CODE]
    return {
        "alternates": alternates,
        "default_alternate": default[0] if default and len(alternates) > 1 else "",
        "og_locale": languages.open_graph_locale(),
        "canonical_url": url,
        "title": title,
        "description": description,
        "site_name": PortalSettings.for_request_or_default(request).organisation_name,
        "image_url": image_url,
        "image_alt": getattr(image, "description", "") if image is not None else "",
    }


@register.filter
def distinct_title(value):
    """'Finding Our Voice: live wall: live wall | Site' -> 'Finding Our Voice: live wall | Site':
    a part that the part before it already ends with is dropped, so is a part already present."""
    parts = TITLE_SEPARATOR.split(" ".join(str(value).split()))
    kept = [parts[0]]
    seen = [parts[0].casefold()]
    for separator, part in zip(parts[1::2], parts[2::2], strict=True):
        folded = part.casefold()
        if not folded or folded in seen or seen[-1].endswith(folded):
            continue
        kept += [separator, part]
        seen.append(folded)
    return "".join(kept).strip(" :|")
