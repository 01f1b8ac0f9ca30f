"""Content-Security-Policy and Permissions-Policy headers (Django 5.2 has no built-in CSP).

Public pages get a strict policy: scripts only from our own origin (no inline script, no eval),
so an escaped-but-somehow-injected post can never run code. The Wagtail and Django admins use
inline scripts and styles of their own, so they get a looser policy of their own; they are behind a
login and axes throttling, and still may not be framed by other sites.

Sockets may open to the page's own host only: `connect-src` names the request's websocket origin
(`wss://<host>`, and `ws://<host>` too over plain HTTP, where TLS may end at a proxy that does
not say so), never any `ws:`/`wss:` host.

Policies are settings (`PORTAL_CSP`, `PORTAL_CSP_ADMIN`, `PORTAL_CSP_ADMIN_PREFIXES`,
`PORTAL_PERMISSIONS_POLICY`) so a deployment can widen them without code changes; a view that sets
its own Content-Security-Policy header keeps it.

A response whose page carries a CSRF token (a form that posts) belongs to one browser: it gets
`Cache-Control: private, no-store` so no proxy or back/forward cache keeps it; other pages keep
whatever caching they had (portal/pagecache stores anonymous Wagtail pages without a token).
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.cache import patch_cache_control

# The click-to-play video players, framed only once a viewer presses play. Their thumbnails are
# served by the portal itself (livewall.intake.thumbnails), so images come from 'self' alone.
VIDEO_PLAYER_HOSTS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": list(VIDEO_PLAYER_HOSTS),
    "connect-src": ["'self'"],  # and the request's own websocket origin, see socket_origins()
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Wagtail's admin ships inline scripts/styles and previews pages in same-origin iframes.
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "frame-src": ["'self'", *VIDEO_PLAYER_HOSTS],
    "frame-ancestors": ["'self'"],
}

# Nothing on the portal needs these; a post can never ask for them.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    'fullscreen=(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")'
)


def build_policy(directives):
    """{'default-src': ["'self'"], ...} -> "default-src 'self'; ..." """
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives.items())


def socket_origins(request):
    """The websocket origins of the host this page was asked for (none if the host is not allowed)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return []
    if request.is_secure():
        return [f"wss://{host}"]
    return [f"ws://{host}", f"wss://{host}"]


def policy_for_path(path, request=None):
    """The policy for a path; given the request, its connect-src also names the socket origin."""
    prefixes = getattr(settings, "PORTAL_CSP_ADMIN_PREFIXES", ("/admin/", "/django-admin/"))
    is_admin = any(path.startswith(prefix) for prefix in prefixes)
    configured = getattr(settings, "PORTAL_CSP_ADMIN" if is_admin else "PORTAL_CSP", None)
    if configured:
        return configured
    directives = ADMIN_POLICY if is_admin else PUBLIC_POLICY
    if request is not None:
        directives = {**directives, "connect-src": [*directives["connect-src"], *socket_origins(request)]}
    return build_policy(directives)


def carries_csrf_token(request, response):
    """Whether the page used this browser's CSRF token. get_token() flags the request, and
    CsrfViewMiddleware (inside this one) answers the flag with the cookie, clearing the flag."""
    return settings.CSRF_COOKIE_NAME in response.cookies or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy unless the response already has them,
    and keeps pages that carry a CSRF token out of shared caches."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        return self._add_headers(request, self.get_response(request))

    async def _acall(self, request):
        return self._add_headers(request, await self.get_response(request))

    def _add_headers(self, request, response):
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy_for_path(request.path, request)
        if carries_csrf_token(request, response):
            patch_cache_control(response, private=True, no_store=True)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = getattr(settings, "PORTAL_PERMISSIONS_POLICY", PERMISSIONS_POLICY)
        return response
