"""The browser's identity for public forms: a random id in a signed cookie, nothing else.

Set with the answer to a browser's first contribution (a wall post, a hub submission), never on a
page view: nobody who only reads carries an identifier (the privacy notice, /privacy/, says so).
Rate limits count per browser with it; a wall's participant link shows a contributor their own posts.
"""

import secrets

from django.conf import settings

PARTICIPANT_COOKIE = "wall_participant"
COOKIE_SALT = "livewall.participant"
COOKIE_MAX_AGE = 60 * 60 * 24 * 30


def participant_id(request):
    """The id from the signed cookie, or None when absent or tampered with."""
    return request.get_signed_cookie(PARTICIPANT_COOKIE, default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)


def ensure_participant_id(request):
    """The participant id for this request, creating one (to be set as a cookie) when needed."""
    existing = participant_id(request)
    if existing:
        return existing, False
    return secrets.token_urlsafe(16), True


def remember_participant(response, identity):
    response.set_signed_cookie(
        PARTICIPANT_COOKIE,
        identity,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
    )
    return response
