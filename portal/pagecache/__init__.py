"""A whole-page cache for anonymous visitors of Wagtail pages, emptied whenever content changes.

Why: the home page, /events/ and /resources/ run a dozen queries and render a large template for
every visitor, although they change only when an editor publishes (bench/pages.py measures it).

What is cached: GET requests that carry no session or messages cookie (editors and anyone with a
session always get a fresh page) and that Wagtail's page serving (`wagtail_serve`) answered with a
200, no cookie, no CSRF token in the page (a token belongs to one browser) and no private/no-store
Cache-Control. Time-dependent parts (an event "live now") are at most PAGE_CACHE_SECONDS old.

Invalidation: listings show other pages, so any change to page, site, settings, image, document or
wall content drops every cached page at once by bumping a generation number that is part of
each key. The "pages" cache is Redis when REDIS_URL is set, so a publish in one process (or in a
management command) is seen by all of them. Django's cache.clear() is not used: on Redis it would
flush the whole database, channel layer and rate limits included.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

CACHE_ALIAS = "pages"
GENERATION_KEY = "page-cache-generation"
HIT_HEADER = "X-Page-Cache"
logger = logging.getLogger(__name__)
MAX_PATH_LENGTH = 300

# Models whose saves can change what a public page shows. Live wall posts are not among them:
# they arrive by the hundred and no cached page lists them.
INVALIDATING_APPS = {
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "taggit",
    "home",
    "events",
    "resources",
    "hub",
    "groups",
}
INVALIDATING_MODELS = {("livewall", "wall")}
# Written while pages render or as bookkeeping of an edit; what visitors see does not change.
IGNORED_MODELS = {
    ("wagtailimages", "rendition"),
    ("wagtailcore", "referenceindex"),
    ("wagtailcore", "pagelogentry"),
    ("wagtailcore", "modellogentry"),
    ("wagtailcore", "revision"),
}


def cache_seconds():
    if settings.DEBUG:
        return 0
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def page_cache():
    return caches[CACHE_ALIAS]


def generation(cache):
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, not 1: keys written under an evicted generation never come back.
        cache.add(GENERATION_KEY, int(time.time() * 1000), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate():
    """Drop every cached page (in every process sharing the cache)."""
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under one either
        generation(cache)


def invalidates_pages(model):
    key = (model._meta.app_label, model._meta.model_name)
    return (key[0] in INVALIDATING_APPS and key not in IGNORED_MODELS) or key in INVALIDATING_MODELS


def content_changed(sender, **kwargs):
    if cache_seconds() and invalidates_pages(sender):
        try:
            invalidate()
        except Exception:  # noqa: BLE001 - a publish must not fail because the cache is down
            logger.warning("Page cache not invalidated; pages may be stale for PAGE_CACHE_SECONDS", exc_info=True)


def page_key(cache, request):
    return f"page:{generation(cache)}:{request.get_host()}:{request.get_full_path()}"


def wants_cached_page(request):
    if request.method != "GET" or len(request.get_full_path()) > MAX_PATH_LENGTH:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def may_store(request, response):
    match = getattr(request, "resolver_match", None)
    if response.status_code != 200 or match is None or match.url_name != "wagtail_serve":
        return False
    if response.streaming or response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def frozen(response):
    return (response.status_code, list(response.items()), response.content)


def thawed(stored):
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Serve and store whole Wagtail pages for anonymous GETs (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = cache_seconds()
        if not seconds or not wants_cached_page(request):
            return self.get_response(request)
        cache = page_cache()
        try:
            key = page_key(cache, request)
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - without its cache the site still serves pages
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            return thawed(stored)
        response = self.get_response(request)
        if may_store(request, response):
            try:
                cache.set(key, frozen(response), seconds)
                response[HIT_HEADER] = "miss"
            except Exception:  # noqa: BLE001
                logger.warning("Page cache unavailable", exc_info=True)
        return response
