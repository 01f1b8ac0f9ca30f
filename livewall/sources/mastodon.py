"""Mastodon: the hashtag timeline of one or more instances.

`GET /api/v1/timelines/tag/:hashtag` (extra tags with `any[]`), `limit` up to 40, `min_id` to move
forward, following the `Link: <...>; rel="prev"` header for newer pages. No token is needed unless
the instance disabled public previews: set LIVEWALL_MASTODON_TOKENS ("host=token,host2=token2").

A status seen through several instances is one post: its `uri` (the ActivityPub id, the same
everywhere) is the external id, never the instance-local `id`. A boost counts as the boosted status.
The post's image is the first image attachment, its alt text that attachment's `description`.
Media marked `sensitive` without a spoiler text get the warning "Sensitive media" (Mastodon blurs
them), so the wall's content-warning rule applies to them too.

An instance that fails (5xx, 429, no answer) is skipped for this poll, and after a 429 until its
reset; its error is kept in its cursor state and reported as the source's error while the other
instances' posts and cursors go on. Only when no instance answers does the poll fail.

Only #hashtags can be followed: the #tags of the source's query, else the wall's hashtags.
Deletions are found by mastodon_deletions.py.
"""

import re
from urllib.parse import quote, urlsplit

from django.utils import timezone

from livewall.intake.incoming import IncomingPost

from . import base
from .htmltext import html_to_text
from .mastodon_deletions import DeletionCheck, parse_time

DEFAULT_INSTANCE = "https://mastodon.social"
PAGE_LIMIT = 40
MAX_PAGES = 5
INITIAL_ITEMS = 20
SENSITIVE_MEDIA_WARNING = "Sensitive media"
IMAGE_TYPES = ("image", "gifv")  # a gifv's preview_url is a still frame
# A hashtag as Mastodon writes it: "#" then letters, digits or "_", not inside a word or an entity.
_QUERY_HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")
_LINK_PART = re.compile(r'<([^>]+)>\s*;\s*rel="?([a-z]+)"?', re.IGNORECASE)


def parse_link_header(value):
    """RFC 8288 Link header -> {rel: url}."""
    return {rel.lower(): url for url, rel in _LINK_PART.findall(value or "")}


def hashtags_in_query(query):
    """The #tags written in a source's query, lower-case, in order. Mastodon can only follow hashtag
    timelines, so the other words ("Finding Our Voice", "OR") follow nothing."""
    tags = []
    for tag in _QUERY_HASHTAG.findall(query or ""):
        if tag.lower() not in tags:
            tags.append(tag.lower())
    return tags


def id_key(status_id):
    """Mastodon ids are numeric strings of varying length: compare by length, then text."""
    status_id = str(status_id)
    return (len(status_id), status_id)


def tokens():
    raw = base.setting("LIVEWALL_MASTODON_TOKENS", {})
    if isinstance(raw, dict):
        return {host.lower(): token for host, token in raw.items()}
    pairs = (item.split("=", 1) for item in str(raw).split(",") if "=" in item)
    return {host.strip().lower(): token.strip() for host, token in pairs}


def _full_acct(acct, profile_url, instance_host):
    """ "name@host" for an account; local accounts come without the host, which their profile URL has."""
    acct = (acct or "").lstrip("@")
    if "@" in acct or not acct:
        return acct
    return f"{acct}@{urlsplit(profile_url or '').hostname or instance_host}"


def content_warning(status, media):
    """The author's warning text; media marked `sensitive` without one still warns (Mastodon blurs it)."""
    spoiler = (status.get("spoiler_text") or "").strip()
    if spoiler:
        return spoiler
    return SENSITIVE_MEDIA_WARNING if status.get("sensitive") and media else ""


def normalise_status(status, instance):
    """A Status entity -> IncomingPost (None for statuses that are not public)."""
    original = status.get("reblog") or status
    if original.get("visibility") not in (None, "public", "unlisted"):
        return None
    host = urlsplit(instance).hostname or ""
    account = original.get("account") or {}
    text, links = html_to_text(original.get("content") or "")
    card = original.get("card") or {}
    if card.get("url") and card["url"] not in links:
        links.append(card["url"])
    media = [item for item in original.get("media_attachments") or [] if isinstance(item, dict)]
    shown = [item for item in media if item.get("type") in IMAGE_TYPES and (item.get("preview_url") or item.get("url"))]
    image = shown[0] if shown else {}
    return base.finish(
        IncomingPost(
            source="mastodon",
            external_id=original.get("uri") or original.get("url") or "",
            text=text,
            author_name=account.get("display_name") or account.get("username") or "",
            author_handle="@" + _full_acct(account.get("acct"), account.get("url"), host),
            avatar_url=account.get("avatar_static") or account.get("avatar") or "",
            links=links,
            permalink=original.get("url") or original.get("uri") or "",
            image_url=image.get("preview_url") or image.get("url") or "",
            image_alt=image.get("description") or "",
            created_at=parse_time(original.get("created_at")),
            tags=[(tag.get("name") or "").lower() for tag in original.get("tags") or [] if tag.get("name")],
            mentions=[
                _full_acct(m.get("acct"), m.get("url"), host).lower()
                for m in original.get("mentions") or []
                if m.get("acct")
            ],
            content_warning=content_warning(original, media),
            language=base.language_tag(original.get("language")),
            extra={
                "instance": instance,
                "local_id": str(original.get("id") or ""),
                "discoverable": account.get("discoverable"),
                "noindex": account.get("noindex"),
                "boosted_by": (status.get("account") or {}).get("acct") if status.get("reblog") else "",
            },
        )
    )


class MastodonSource(base.Source):
    kind = "mastodon"

    def query_tags(self):
        """The #tags of the source's query; an empty query follows the wall's hashtags."""
        query = (self.config.query or "").strip()
        if not query:
            return self.wall.hashtag_list
        tags = hashtags_in_query(query)
        if not tags:
            raise base.SourceError(f"Mastodon can only follow #hashtags, and the query {query!r} has none")
        return tags

    def instances(self):
        urls = [self.config.base_url or base.setting("LIVEWALL_MASTODON_URL", DEFAULT_INSTANCE)]
        urls += list(self.options.get("instances") or [])
        seen = []
        for url in urls:
            url = (url or "").strip().rstrip("/")
            if url and url not in seen:
                seen.append(url)
        return seen

    def _headers(self, instance):
        token = tokens().get((urlsplit(instance).hostname or "").lower())
        return {"Authorization": f"Bearer {token}"} if token else {}

    def fetch(self, cursor):
        tags = self.query_tags()
        if not tags:
            raise base.SourceError("Mastodon: no hashtag to follow (set the source's query or the wall's hashtags)")
        now = timezone.now()
        instances = self.instances()
        states = dict(cursor.get("instances") or {})
        result = base.FetchResult()
        by_uri, failures, waiting, answered = {}, {}, {}, []
        for instance in instances:
            state = dict(states.get(instance) or {})
            retry_at = parse_time(state.get("retry_at"))
            if retry_at and retry_at > now:
                waiting[instance] = retry_at
                continue
            try:
                state, retry_at = self._fetch_instance(instance, tags, state, by_uri)
                answered.append(instance)
            except base.SourceError as exc:
                failures[instance] = exc
                state = _failed_state(state, exc, now)
                retry_at = getattr(exc, "reset_at", None)
            if retry_at:
                waiting[instance] = retry_at
            states[instance] = state
        if failures and not answered:
            raise _all_failed(failures)
        result.posts = list(by_uri.values())
        if len(waiting) == len(instances):
            result.retry_after = min(waiting.values())
        # Instances that failed now or are still waiting after an earlier failure: the admin sees why.
        result.partial_error = "; ".join(state["error"] for state in states.values() if state.get("error"))
        check = DeletionCheck(self.client, self._headers, self.options, self.config.interval_seconds, now=now)
        recent, result.deleted_ids, no_batch = check.run(cursor, result.posts, skip_instances=failures.keys() | waiting)
        result.new_cursor = {"instances": states, "recent": recent}
        if no_batch:
            result.new_cursor["no_batch_endpoint"] = no_batch
        return result

    def _fetch_instance(self, instance, tags, state, by_uri):
        what = f"Mastodon {urlsplit(instance).netloc or instance}"
        first_poll = not state.get("min_id")
        params = {"limit": min(int(self.options.get("initial_items", INITIAL_ITEMS)), PAGE_LIMIT)}
        if not first_poll:
            params = {"limit": PAGE_LIMIT, "min_id": state["min_id"]}
        if len(tags) > 1:
            params["any[]"] = tags[1:]
        url = f"{instance}/api/v1/timelines/tag/{quote(tags[0], safe='')}"
        newest = state.get("min_id")
        retry_after = None
        limit = params["limit"]
        for _page in range(MAX_PAGES):
            statuses, response = base.get_json(self.client, url, what, params=params, headers=self._headers(instance))
            if not isinstance(statuses, list):
                raise base.SourceError(f"{what}: expected a list of statuses, got {type(statuses).__name__}")
            for status in statuses:
                if not isinstance(status, dict) or not status.get("id"):
                    continue
                if newest is None or id_key(status["id"]) > id_key(newest):
                    newest = str(status["id"])
                incoming = normalise_status(status, instance)
                if incoming and incoming.external_id and incoming.external_id not in by_uri:
                    by_uri[incoming.external_id] = incoming
            retry_after = base.budget_exhausted_until(response)
            newer_page = parse_link_header(response.headers.get("link")).get("prev")
            if first_poll or retry_after or len(statuses) < limit or not newer_page:
                break
            url, params = newer_page, None  # the Link URL carries its own query string
        return ({"min_id": newest} if newest else {}), retry_after


def _failed_state(state, exc, now):
    """An instance's cursor state after a failure: where it was, plus what went wrong and when."""
    failed = {key: value for key, value in state.items() if key == "min_id"}
    failed.update(error=str(exc)[: base.MAX_ERROR_DETAIL], error_at=now.isoformat())
    reset_at = getattr(exc, "reset_at", None)
    if reset_at:
        failed["retry_at"] = reset_at.isoformat()
    return failed


def _all_failed(failures):
    """One error for a poll where every instance failed (the single one as it was)."""
    errors = list(failures.values())
    if len(errors) == 1:
        return errors[0]
    message = "; ".join(str(exc) for exc in errors)
    resets = [exc.reset_at for exc in errors if isinstance(exc, base.RateLimited) and exc.reset_at]
    if len(resets) == len(errors):
        return base.RateLimited(message, reset_at=min(resets))
    return base.SourceError(message)
