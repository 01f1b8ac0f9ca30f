"""A whole-page cache for anonymous visitors of Wagtail pages, emptied whenever content changes.

Why: the home page, /events/ and /resources/ run a dozen queries and render a large template for
every visitor, although they change only when an editor publishes (bench/pages.py measures it).

What is cached: GET requests that carry no session or messages cookie (editors and anyone with a
session always get a fresh page) and that Wagtail's page serving (`wagtail_serve`) answered with a
200, no cookie and no private/no-store Cache-Control. Time-dependent parts (an event "live now") are
at most PAGE_CACHE_SECONDS old. Views that are not Wagtail pages opt in with `@briefly_cached`: a
live wall's pages change with every post, but when a whole room scans the screen's QR code at once,
a page a few seconds old (the socket catches up from its cursor at once) beats a minute's queue.

Forms: a page with a form carries a CSRF token, and a token belongs to one browser. The cached bytes
keep the token of the visitor whose request made them; each hit swaps in a token of its own
visitor (`get_token`, whose cookie the CSRF middleware then sets), so every phone posts with its
own token and cookie, and no page is rendered again for it.

Invalidation: listings show other pages, so any change to page, site, settings, image, document or
wall content drops every cached page at once by bumping a generation number that is part of
each key. The "pages" cache is Redis when REDIS_URL is set, so a publish in one process (or in a
management command) is seen by all of them. Django's cache.clear() is not used: on Redis it would
flush the whole database, channel layer and rate limits included.
"""

import logging
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

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


# The token {% csrf_token %} writes (Django's masked tokens are 64 letters and digits).
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,64})"')


def cache_seconds(setting="PAGE_CACHE_SECONDS"):
    if settings.DEBUG:
        return 0
    return int(getattr(settings, setting, 0) or 0)


def briefly_cached(setting):
    """Let the page cache keep this view's anonymous answers for `setting` seconds (0: never)."""

    def mark(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            return view(*args, **kwargs)

        wrapped.page_cache_setting = setting
        return wrapped

    return mark


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
    return f"page:{generation(cache)}:{get_language()}:{request.get_host()}:{request.get_full_path()}"


def wants_cached_page(request):
    if request.method != "GET" or len(request.get_full_path()) > MAX_PATH_LENGTH:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def seconds_to_keep(request, response):
    """How long the answer to `request` may be kept (0: not at all)."""
    match = getattr(request, "resolver_match", None)
    if request.method != "GET" or response.status_code != 200 or match is None:
        return 0
    if match.url_name == "wagtail_serve":
        seconds = cache_seconds()
    else:
        setting = getattr(match.func, "page_cache_setting", None)
        seconds = cache_seconds(setting) if setting else 0
    if not seconds or response.streaming or response.cookies:
        return 0
    # A page the view itself calls private (or never to be cached) is its visitor's alone. (A page
    # with a form gets "private, no-store" only later, from portal.security, for the browser.)
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return 0
    return seconds


def page_token(request, response):
    """The page's CSRF token ("" when it has none); None when it uses one that cannot be swapped."""
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return ""
    found = set(CSRF_INPUT.findall(response.content))
    return found.pop().decode() if len(found) == 1 else None


def frozen(response, token):
    return (response.status_code, list(response.items()), response.content, token)


def thawed(request, stored):
    status, headers, content, token = stored
    if token:
        # This visitor's own token (the CSRF middleware sets or renews its cookie on the way out).
        content = content.replace(token.encode(), get_token(request).encode())
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for anonymous GETs (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG or not wants_cached_page(request):
            return self.get_response(request)
        cache = page_cache()
        try:
            key = page_key(cache, request)
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - without its cache the site still serves pages
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            return thawed(request, stored)
        response = self.get_response(request)
        seconds = seconds_to_keep(request, response)
        token = page_token(request, response) if seconds else None
        if seconds and token is not None:
            try:
                cache.set(key, frozen(response, token), seconds)
                response[HIT_HEADER] = "miss"
            except Exception:  # noqa: BLE001
                logger.warning("Page cache unavailable", exc_info=True)
        return response
