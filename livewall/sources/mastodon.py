"""Mastodon: the hashtag timeline of one or more instances.

`GET /api/v1/timelines/tag/:hashtag` (extra tags with `any[]`), `limit` up to 40, `min_id` to move
forward, following the `Link: <...>; rel="prev"` header for newer pages. No token is needed unless
the instance disabled public previews: set LIVEWALL_MASTODON_TOKENS ("host=token,host2=token2").

A status seen through several instances is one post: its `uri` (the ActivityPub id, the same
everywhere) is the external id, never the instance-local `id`. A boost counts as the boosted status.

Deletions: the tag timeline never mentions deleted statuses, and the streaming API needs a socket
per instance. So each poll re-checks a few recently seen statuses with `GET /api/v1/statuses/:id`
on the instance where they were seen (options `recheck_per_poll`, default 5, over the last
`recheck_minutes`, default 120); a 404/410 removes the post from the wall.
"""

import re
from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit

from django.utils import timezone

from livewall.intake.incoming import IncomingPost

from . import base
from .htmltext import html_to_text

DEFAULT_INSTANCE = "https://mastodon.social"
PAGE_LIMIT = 40
MAX_PAGES = 5
INITIAL_ITEMS = 20
RECENT_KEPT = 200
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


def _parse_time(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


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
            created_at=_parse_time(original.get("created_at")),
            tags=[(tag.get("name") or "").lower() for tag in original.get("tags") or [] if tag.get("name")],
            mentions=[
                _full_acct(m.get("acct"), m.get("url"), host).lower()
                for m in original.get("mentions") or []
                if m.get("acct")
            ],
            content_warning=content_warning(original, media),
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
        states = dict(cursor.get("instances") or {})
        result = base.FetchResult()
        by_uri = {}
        for instance in self.instances():
            state, retry_after = self._fetch_instance(instance, tags, states.get(instance) or {}, by_uri)
            states[instance] = state
            if retry_after and (result.retry_after is None or retry_after > result.retry_after):
                result.retry_after = retry_after
        result.posts = list(by_uri.values())
        recent, position, result.deleted_ids = self._recheck(cursor, result.posts)
        result.new_cursor = {"instances": states, "recent": recent, "recheck_position": position}
        return result

    def _fetch_instance(self, instance, tags, state, by_uri):
        what = f"Mastodon {urlsplit(instance).hostname or instance}"
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

    def _recheck(self, cursor, new_posts):
        """Re-check a few recently seen statuses; return (recent list, next position, deleted uris)."""
        now = timezone.now()
        window = timedelta(minutes=int(self.options.get("recheck_minutes", 120)))
        per_poll = int(self.options.get("recheck_per_poll", 5))
        recent = [
            entry for entry in cursor.get("recent") or [] if (_parse_time(entry.get("seen")) or now) >= now - window
        ]
        position = int(cursor.get("recheck_position") or 0)
        deleted = []
        if recent and per_poll > 0:
            count = min(per_poll, len(recent))
            checked = [recent[(position + i) % len(recent)] for i in range(count)]
            position = (position + count) % len(recent)
            for entry in checked:
                if self._is_gone(entry):
                    deleted.append(entry["uri"])
            recent = [entry for entry in recent if entry["uri"] not in deleted]
        known = {entry["uri"] for entry in recent}
        for post in new_posts:
            if post.external_id not in known and post.extra.get("local_id"):
                recent.append(
                    {
                        "uri": post.external_id,
                        "instance": post.extra["instance"],
                        "id": post.extra["local_id"],
                        "seen": now.isoformat(),
                    }
                )
        return recent[-RECENT_KEPT:], position, deleted

    def _is_gone(self, entry):
        url = f"{entry['instance']}/api/v1/statuses/{quote(str(entry['id']), safe='')}"
        try:
            response = self.client.get(url, headers=self._headers(entry["instance"]))
        except Exception:  # noqa: BLE001 - a failed re-check must not fail the poll; try again later
            return False
        return response.status_code in (404, 410)
