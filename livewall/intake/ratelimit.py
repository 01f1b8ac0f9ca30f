"""Rate limits for wall contributions (the counters themselves are portal.public_input.ratelimit).

A participant is a browser, identified by a signed cookie: a whole venue usually shares one public
address behind its Wi-Fi, so the address only gets a much larger cap that a room of people cannot
reach but a single script hammering the form soon does (the cookie: portal.public_input.browser).
"""

from portal.public_input.browser import (
    COOKIE_SALT,
    PARTICIPANT_COOKIE,
    ensure_participant_id,
    participant_id,
    remember_participant,
)
from portal.public_input.ratelimit import Limit, RateLimiter, client_address

__all__ = [
    "COOKIE_SALT",
    "PARTICIPANT_COOKIE",
    "RateLimiter",
    "client_address",
    "ensure_participant_id",
    "for_address",
    "for_participant",
    "participant_id",
    "remember_participant",
]


def participant_limit():
    return Limit.from_setting("LIVEWALL_RATE_PER_PARTICIPANT", (5, 60))


def address_limit():
    return Limit.from_setting("LIVEWALL_RATE_PER_ADDRESS", (120, 60))


def for_participant(wall_slug, identity):
    return RateLimiter(f"p:{wall_slug}", identity, participant_limit())


def for_address(address):
    return RateLimiter("ip", address, address_limit())
