from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from home.models import PortalSettings, PrivacyNotice
from portal.canonical import absolute


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /api/",
        f"Sitemap: {absolute('/sitemap.xml', request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def privacy_notice(request):
    """The privacy notice: the editors' own text when they wrote one, else the standard one."""
    portal = PortalSettings.for_request_or_default(request)
    notice = PrivacyNotice.for_request_or_default(request)
    context = {
        "notice": notice,
        "organisation": portal.organisation_name,
        "contact_email": notice.contact_email or portal.contact_email,
    }
    return render(request, "home/privacy_notice.html", context)


@require_safe
@never_cache
def healthz(request):
    """For load balancers: 200 only when the database and the channel layer answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        layer = get_channel_layer()
        async_to_sync(layer.group_send)("healthz", {"type": "healthz.ping"})
        checks["channel_layer"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["channel_layer"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


NOT_FOUND_MESSAGE = "There is nothing at this address."
SERVER_ERROR_MESSAGE = "Sorry, there was a problem on our side. Please try again in a few minutes."


def wants_json(request):
    """The API speaks JSON whatever the Accept header; elsewhere the client must prefer JSON to
    HTML (a script's fetch), so browsers, which also accept */*, keep the designed pages."""
    if request.path.startswith("/api/"):
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def json_error(error, message, status):
    """The one error shape for JSON clients; `ok` is what the contribution form's script reads."""
    return JsonResponse({"ok": False, "error": error, "message": message}, status=status)


def page_not_found(request, exception=None):
    if wants_json(request):
        return json_error("not_found", NOT_FOUND_MESSAGE, 404)
    return render(request, "404.html", status=404)


def server_error(request):
    # Nothing here may need the database: it is often why we are here.
    if wants_json(request):
        return json_error("server_error", SERVER_ERROR_MESSAGE, 500)
    return render(request, "500.html", status=500)
