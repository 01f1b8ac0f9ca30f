"""Content-Security-Policy and Permissions-Policy headers (Django 5.2 has no built-in CSP).

Public pages get a strict policy: scripts only from our own origin (no inline script, no eval),
so an escaped-but-somehow-injected post can never run code. The Wagtail and Django admins use
inline scripts and styles of their own, so they get a looser policy of their own; they are behind a
login and axes throttling, and still may not be framed by other sites.

Policies are settings (`PORTAL_CSP`, `PORTAL_CSP_ADMIN`, `PORTAL_CSP_ADMIN_PREFIXES`,
`PORTAL_PERMISSIONS_POLICY`) so a deployment can widen them without code changes; a view that sets
its own Content-Security-Policy header keeps it.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings

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
    "connect-src": ["'self'", "ws:", "wss:"],
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


def policy_for_path(path):
    prefixes = getattr(settings, "PORTAL_CSP_ADMIN_PREFIXES", ("/admin/", "/django-admin/"))
    if any(path.startswith(prefix) for prefix in prefixes):
        return getattr(settings, "PORTAL_CSP_ADMIN", None) or build_policy(ADMIN_POLICY)
    return getattr(settings, "PORTAL_CSP", None) or build_policy(PUBLIC_POLICY)


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy unless the response already has them."""

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
            response["Content-Security-Policy"] = policy_for_path(request.path)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = getattr(settings, "PORTAL_PERMISSIONS_POLICY", PERMISSIONS_POLICY)
        return response
