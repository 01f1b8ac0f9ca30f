"""JSON clients get JSON errors from every error, not only from the views that know about them.

A 404 with no route, Django's CSRF refusal, a 405 from a method check, a 400 from a bad Host or an
oversized body, and (with DEBUG on, `make dev`) Django's technical 404 and 500 pages are all HTML,
made before or around our views. Outermost but for the security headers, this middleware turns any
error response that is not already JSON into the one JSON error shape (home.views.json_error) for a
client that wants JSON (home.views.wants_json), keeping headers such as Allow and Retry-After.
May import: home.views.
"""

from home.views import json_error, wants_json

ERRORS = {
    400: ("bad_request", "The request could not be understood."),
    403: ("forbidden", "This request was refused. Reload the page and try again."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not take that kind of request."),
    413: ("too_large", "The request is too large."),
    429: ("rate_limited", "Too many requests. Please wait a minute and try again."),
    500: ("server_error", "Sorry, there was a problem on our side. Please try again in a few minutes."),
}
KEPT_HEADERS = ("Allow", "Retry-After", "Content-Security-Policy", "Permissions-Policy", "Vary")


def json_error_for(status):
    error, message = ERRORS.get(status, ERRORS[500] if status >= 500 else ("error", "The request was refused."))
    return json_error(error, message, status)


class JsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
            return response
        if not wants_json(request):
            return response
        replacement = json_error_for(response.status_code)
        for header in KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement
