"""What every source has in common: the fetch interface, the HTTP client, and the error types.

A source turns "what is new since this cursor" into normalised `IncomingPost`s. It never touches
the database: the poller saves the posts and the new cursor together (see poller.py), so a source
can be run, retried or thrown away freely.

All HTTP goes through `http_client()` (a timeout on every request) and `get_json()`/`read_json()`,
the one place that maps HTTP trouble to the three error types the poller understands:
401/403 -> AuthError, 429 -> RateLimited (with the reset time), anything else unusable (5xx,
other 4xx, timeouts, connection errors, malformed JSON) -> SourceError.
"""

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx
from django.conf import settings
from django.utils import timezone

from livewall.intake import video_links as video_links
from livewall.intake.incoming import IncomingPost
from livewall.models import split_tags
from portal.language_tags import normalise as language_tag
from portal.public_input import text as text_links

DEFAULT_TIMEOUT_SECONDS = 10.0
USER_AGENT = "CommunityPortal-LiveWall/1.0 (+self-hosted event wall)"
# An error body can be a whole HTML page: keep what the admin shows short.
MAX_ERROR_DETAIL = 300


class SourceError(Exception):
    """The source could not be read this time; the poller backs off and tries again."""


class AuthError(SourceError):
    """Credentials missing, wrong, or not allowed to use this endpoint (401/403)."""


class RateLimited(SourceError):
    """The source asked us to wait (429, or a rate-limit budget at zero) until `reset_at`."""

    def __init__(self, message, reset_at=None):
        super().__init__(message)
        self.reset_at = reset_at


@dataclass
class FetchResult:
    posts: list[IncomingPost] = field(default_factory=list)
    # External ids (as given to IncomingPost.external_id) that no longer exist at the source.
    deleted_ids: list[str] = field(default_factory=list)
    new_cursor: dict = field(default_factory=dict)
    # When the source's rate-limit budget is spent: do not ask again before this time.
    retry_after: datetime | None = None
    # Part of the source failed while the rest answered (one Mastodon instance of several): shown
    # as the source's last error, although the poll succeeded.
    partial_error: str = ""


class Source:
    """One kind of source. Subclasses set `kind` and implement `fetch`."""

    kind = ""

    def __init__(self, config, client=None):
        self.config = config  # a livewall.models.WallSource (read only here)
        self.wall = config.wall
        self.client = client

    @property
    def options(self):
        return self.config.options or {}

    def fetch(self, cursor):
        """Return a FetchResult with what is new since `cursor` (a dict, empty the first time)."""
        raise NotImplementedError

    def run(self, cursor):
        """`fetch` with an HTTP client that is closed afterwards."""
        if self.client is not None:
            return self.fetch(cursor)
        with http_client() as client:
            self.client = client
            try:
                return self.fetch(cursor)
            finally:
                self.client = None

    def query_tags(self):
        """The hashtags this source follows: its own query, else the wall's hashtags."""
        return split_tags(self.config.query) or self.wall.hashtag_list


def setting(name, default=""):
    """A deployment value from Django settings, else the environment, else `default`."""
    value = getattr(settings, name, None)
    if value in (None, ""):
        value = os.environ.get(name, "")
    return value if value not in (None, "") else default


def base_url(config, setting_name, default):
    """The source's own base URL (tests and self-hosted instances), else the deployment default."""
    return (config.base_url or setting(setting_name, default)).rstrip("/")


def request_timeout():
    return float(setting("LIVEWALL_HTTP_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))


def http_client(timeout=None):
    timeout = request_timeout() if timeout is None else timeout
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
    )


def finish(incoming):
    """Last touches shared by every source: links written in the text join the links, and video
    detection runs over them exactly as for contributions (livewall.intake.video_links)."""
    for link in text_links.extract_links(incoming.text):
        if link not in incoming.links:
            incoming.links.append(link)
    if incoming.video is None:
        incoming.video = video_links.find_video(incoming.links)
    return incoming


def first_language(values):
    """The first usable tag of a list of them (Bluesky's `langs`, most likely language first)."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return ""
    for value in values:
        tag = language_tag(value)
        if tag:
            return tag
    return ""


# --- HTTP errors --------------------------------------------------------------------------------


def parse_reset(value, now=None):
    """A reset header value -> an aware datetime, or None.

    Seen in the wild: epoch seconds (X `x-rate-limit-reset`, Bluesky `ratelimit-reset`), ISO 8601
    (Mastodon `X-RateLimit-Reset`), and Retry-After as seconds or an HTTP date.
    """
    if value in (None, ""):
        return None
    now = now or timezone.now()
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None:
        # A large number is an epoch timestamp; a small one is "seconds from now".
        if number > 10**9:
            return datetime.fromtimestamp(number, tz=UTC)
        return now + timedelta(seconds=max(number, 0))
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


def rate_limit_reset(response, now=None):
    """When a rate-limited response says we may try again (Retry-After first, then reset headers)."""
    headers = response.headers
    for name in ("retry-after", "x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset"):
        reset = parse_reset(headers.get(name), now=now)
        if reset:
            return reset
    return None


def budget_exhausted_until(response, now=None):
    """The reset time when the response says the remaining budget is zero, else None."""
    headers = response.headers
    remaining = headers.get("x-rate-limit-remaining") or headers.get("x-ratelimit-remaining")
    if remaining is None:
        remaining = headers.get("ratelimit-remaining")
    if remaining is None or str(remaining).strip() not in ("0", "0.0"):
        return None
    return rate_limit_reset(response, now=now)


def _detail(response):
    """A short, readable reason from an error body (JSON `detail`/`error`/`message`), else the status."""
    try:
        body = response.json()
    except ValueError:
        body = None
    parts = []
    if isinstance(body, dict):
        for key in ("title", "error", "detail", "message", "error_description"):
            value = body.get(key)
            if isinstance(value, str) and value and value not in parts:
                parts.append(value)
    text = ": ".join(parts) or response.reason_phrase or "error"
    return text[:MAX_ERROR_DETAIL]


def check_response(response, what):
    """Raise the right error for an unusable response; return it unchanged otherwise."""
    status = response.status_code
    if status in (401, 403):
        raise AuthError(f"{what}: HTTP {status} {_detail(response)}")
    if status == 429:
        reset = rate_limit_reset(response)
        when = f" until {reset.isoformat(timespec='seconds')}" if reset else ""
        raise RateLimited(f"{what}: rate limited (HTTP 429){when}", reset_at=reset)
    if status >= 400:
        raise SourceError(f"{what}: HTTP {status} {_detail(response)}")
    return response


def read_json(response, what):
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"{what}: malformed JSON in the response ({exc.__class__.__name__})") from exc


def send(client, method, url, what, **kwargs):
    """One request; transport failures become SourceError with a message an organiser can read."""
    try:
        response = client.request(method, url, **kwargs)
    except httpx.TimeoutException as exc:
        raise SourceError(f"{what}: no answer within {request_timeout():g} s ({exc.__class__.__name__})") from exc
    except httpx.HTTPError as exc:
        raise SourceError(f"{what}: {exc.__class__.__name__}: {exc}"[:MAX_ERROR_DETAIL]) from exc
    return check_response(response, what)


def get_json(client, url, what, **kwargs):
    """GET a JSON document: (decoded body, response)."""
    response = send(client, "GET", url, what, **kwargs)
    return read_json(response, what), response
