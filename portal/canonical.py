"""The portal's one public address (settings.PORTAL_BASE_URL), for every absolute link it writes:
page URLs (sitemap, feeds, calendar files, JSON-LD, canonical and Open Graph tags), robots.txt.

Unset (development), links follow the address the request came to, so they still agree with each
other; with no request at all (a management command) Wagtail's Site record decides. The
`check --deploy` checks below report a production set-up without a usable base URL.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http.request import validate_host

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", "0.0.0.0"}


def configured_base_url():
    return (getattr(settings, "PORTAL_BASE_URL", "") or "").rstrip("/")


def base_url(request=None, fallback=None):
    """'https://portal.example.org' (no trailing slash)."""
    configured = configured_base_url()
    if configured:
        return configured
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return fallback


def absolute(path, request=None):
    """`path` ('/sitemap.xml') on the portal's public address."""
    return base_url(request, fallback="") + path


class CanonicalUrlMixin:
    """For page models: full URLs (get_full_url, the sitemap) on the portal's public address
    rather than the Site record's host name, which a fresh install leaves at `localhost`."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        return site_id, base_url(request, fallback=root_url), page_path


# Registered when this module is imported, which every page model does at start-up.
@checks.register(checks.Tags.urls, deploy=True)
def check_base_url(app_configs=None, **kwargs):
    value = configured_base_url()
    if not value:
        return [
            checks.Warning(
                "PORTAL_BASE_URL is not set: sitemap, feed, calendar and search-engine links will use "
                "whatever host name a request arrives with.",
                hint="Set PORTAL_BASE_URL to the public address, e.g. https://portal.example.org.",
                id="portal.W001",
            )
        ]
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment:
        return [
            checks.Error(
                f"PORTAL_BASE_URL {value!r} is not a scheme and host name only.",
                hint="e.g. https://portal.example.org (the portal is served at the root of its host).",
                id="portal.E002",
            )
        ]
    if parts.scheme != "https":
        return [checks.Warning(f"PORTAL_BASE_URL {value!r} is not HTTPS.", id="portal.W003")]
    if parts.hostname in LOCAL_HOSTS or parts.netloc in LOCAL_HOSTS:
        return [
            checks.Warning(
                f"PORTAL_BASE_URL {value!r} is a local address that nobody else can reach.", id="portal.W004"
            )
        ]
    if not validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        return [
            checks.Error(
                f"The host of PORTAL_BASE_URL {value!r} is not in ALLOWED_HOSTS: every link would answer 400.",
                id="portal.E005",
            )
        ]
    return []
