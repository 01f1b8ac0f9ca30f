"""Bluesky: `app.bsky.feed.searchPosts` through an app-password session.

With LIVEWALL_BLUESKY_HANDLE and LIVEWALL_BLUESKY_APP_PASSWORD set, a session is created once
(`com.atproto.server.createSession`, strictly rate-limited by the server, so it is kept in memory and
created again only when the token is refused). Without them the search is tried anonymously, which
the public AppView usually refuses with 403: that refusal becomes the source's last error in the
admin, with what to set.

Per hashtag: `q=#tag`, `tag=tag`, `sort=latest`, `since=<newest indexedAt seen>` (inclusive, so
the posts at exactly that time are remembered and skipped), `cursor` pages back to it. Facets become
links (link facets replace their shortened text with the full address), tags and mentions.
Deletions: the URIs seen in the last `recheck_minutes` (default 120) are looked up with
`app.bsky.feed.getPosts` (25 per poll); a post missing from the answer was deleted.
"""

import threading
from datetime import datetime, timedelta
from urllib.parse import quote

from django.utils import timezone

from livewall.intake.incoming import IncomingPost

from . import base

DEFAULT_API_URL = "https://bsky.social"
PAGE_LIMIT = 100
MAX_PAGES = 5
INITIAL_ITEMS = 20
GET_POSTS_MAX = 25
RECENT_KEPT = 200
CONTENT_WARNING_LABELS = {"sexual", "nudity", "porn", "graphic-media", "gore"}

_sessions = {}  # (api url, handle) -> access token
_sessions_lock = threading.Lock()


def forget_sessions():
    with _sessions_lock:
        _sessions.clear()


def _parse_time(value):
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def apply_facets(text, facets):
    """(text with link facets spelled out, links, tags, mention dids) from a post record.

    Facet indexes count UTF-8 bytes, not characters.
    """
    data = (text or "").encode("utf-8")
    links, tags, mentions, replacements = [], [], [], []
    for facet in facets or []:
        index = facet.get("index") or {}
        start, end = index.get("byteStart"), index.get("byteEnd")
        for feature in facet.get("features") or []:
            kind = feature.get("$type", "")
            if kind.endswith("#link") and feature.get("uri"):
                if feature["uri"] not in links:
                    links.append(feature["uri"])
                if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(data):
                    replacements.append((start, end, feature["uri"].encode("utf-8")))
            elif kind.endswith("#tag") and feature.get("tag"):
                tags.append(feature["tag"].lower())
            elif kind.endswith("#mention") and isinstance(start, int) and isinstance(end, int):
                handle = data[start:end].decode("utf-8", "ignore").lstrip("@").lower()
                if handle:
                    mentions.append(handle)
    for start, end, uri in sorted(replacements, reverse=True):
        data = data[:start] + uri + data[end:]
    return data.decode("utf-8", "ignore"), links, tags, mentions


def _embed_media(embed, links):
    """Image URL from an embed view; an external card's URL (often a video) joins the links."""
    embed = embed or {}
    kind = embed.get("$type", "")
    if kind.startswith("app.bsky.embed.recordWithMedia"):
        return _embed_media(embed.get("media"), links)
    if kind.startswith("app.bsky.embed.images"):
        images = embed.get("images") or []
        return (images[0].get("fullsize") or images[0].get("thumb") or "") if images else ""
    if kind.startswith("app.bsky.embed.external"):
        external = embed.get("external") or {}
        if external.get("uri") and external["uri"] not in links:
            links.append(external["uri"])
        return external.get("thumb") or ""
    if kind.startswith("app.bsky.embed.video"):
        return embed.get("thumbnail") or ""
    return ""


def normalise_post(view):
    record = view.get("record") or {}
    author = view.get("author") or {}
    handle = author.get("handle") or ""
    text, links, tags, mentions = apply_facets(record.get("text"), record.get("facets"))
    image_url = _embed_media(view.get("embed"), links)
    rkey = (view.get("uri") or "").rsplit("/", 1)[-1]
    labels = {label.get("val") for label in view.get("labels") or [] if isinstance(label, dict)}
    labels |= {v.get("val") for v in ((record.get("labels") or {}).get("values") or []) if isinstance(v, dict)}
    warning = ", ".join(sorted(label for label in labels if label in CONTENT_WARNING_LABELS))
    return base.finish(
        IncomingPost(
            source="bluesky",
            external_id=view.get("uri") or "",
            text=text,
            author_name=author.get("displayName") or handle,
            author_handle=f"@{handle}" if handle else "",
            avatar_url=author.get("avatar") or "",
            links=links,
            permalink=f"https://bsky.app/profile/{quote(handle or author.get('did', ''), safe='@.:')}/post/{rkey}",
            image_url=image_url,
            created_at=_parse_time(record.get("createdAt") or view.get("indexedAt")),
            tags=tags + [tag.lower() for tag in record.get("tags") or [] if isinstance(tag, str)],
            mentions=mentions,
            content_warning=warning,
            extra={"indexed_at": view.get("indexedAt") or ""},
        )
    )


class BlueskySource(base.Source):
    kind = "bluesky"

    def api(self):
        return base.base_url(self.config, "LIVEWALL_BLUESKY_API_URL", DEFAULT_API_URL)

    def _credentials(self):
        return base.setting("LIVEWALL_BLUESKY_HANDLE"), base.setting("LIVEWALL_BLUESKY_APP_PASSWORD")

    def _session_token(self, renew=False):
        handle, password = self._credentials()
        if not (handle and password):
            return None
        key = (self.api(), handle)
        with _sessions_lock:
            if not renew and key in _sessions:
                return _sessions[key]
        response = base.send(
            self.client,
            "POST",
            f"{self.api()}/xrpc/com.atproto.server.createSession",
            "Bluesky login (createSession)",
            json={"identifier": handle, "password": password},
        )
        body = base.read_json(response, "Bluesky login (createSession)")
        token = body.get("accessJwt") if isinstance(body, dict) else None
        if not token:
            raise base.AuthError("Bluesky login (createSession): no access token in the answer")
        with _sessions_lock:
            _sessions[key] = token
        return token

    def _get(self, method, params, what):
        """GET an XRPC query, logging in again once if the stored session has expired."""
        url = f"{self.api()}/xrpc/{method}"
        token = self._session_token()
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            try:
                return base.get_json(self.client, url, what, params=params, headers=headers)
            except base.AuthError as exc:
                if token and attempt == 1:
                    token = self._session_token(renew=True)
                    continue
                if not token:
                    raise base.AuthError(
                        f"{exc} - Bluesky refuses anonymous search: set LIVEWALL_BLUESKY_HANDLE and "
                        "LIVEWALL_BLUESKY_APP_PASSWORD (an app password) in the environment"
                    ) from exc
                raise
            except base.SourceError as exc:
                # An expired token comes back as 400 ExpiredToken from some servers.
                if token and attempt == 1 and "ExpiredToken" in str(exc):
                    token = self._session_token(renew=True)
                    continue
                raise
        raise AssertionError("unreachable")

    def fetch(self, cursor):
        tags = self.query_tags()
        if not tags:
            raise base.SourceError("Bluesky: no hashtag to search (set the source's query or the wall's hashtags)")
        states = dict(cursor.get("tags") or {})
        result = base.FetchResult()
        by_uri = {}
        for tag in tags:
            state, retry_after = self._fetch_tag(tag, states.get(tag) or {}, by_uri)
            states[tag] = state
            if retry_after:
                result.retry_after = retry_after
                break
        result.posts = list(by_uri.values())
        recent, result.deleted_ids = self._recheck(cursor, result.posts)
        result.new_cursor = {"tags": states, "recent": recent}
        return result

    def _fetch_tag(self, tag, state, by_uri):
        since = state.get("since")
        skip = set(state.get("at_since") or [])
        params = {"q": f"#{tag}", "tag": tag, "sort": "latest", "limit": PAGE_LIMIT}
        if since:
            params["since"] = since
        else:
            params["limit"] = max(1, min(PAGE_LIMIT, int(self.options.get("initial_items", INITIAL_ITEMS))))
        newest, at_newest, retry_after = since, set(skip), None
        for _page in range(MAX_PAGES):
            body, response = self._get("app.bsky.feed.searchPosts", params, "Bluesky search")
            if not isinstance(body, dict) or not isinstance(body.get("posts"), list):
                raise base.SourceError("Bluesky search: unexpected response (no `posts` list)")
            for view in body["posts"]:
                if not isinstance(view, dict) or not view.get("uri") or view["uri"] in skip:
                    continue
                indexed = view.get("indexedAt") or ""
                if indexed and (newest is None or indexed > newest):
                    newest, at_newest = indexed, {view["uri"]}
                elif indexed and indexed == newest:
                    at_newest.add(view["uri"])
                by_uri.setdefault(view["uri"], normalise_post(view))
            retry_after = base.budget_exhausted_until(response)
            if not since or not body.get("cursor") or not body["posts"] or retry_after:
                break
            params = {**params, "cursor": body["cursor"]}
        state = {"since": newest, "at_since": sorted(at_newest)} if newest else {}
        return state, retry_after

    def _recheck(self, cursor, new_posts):
        now = timezone.now()
        window = timedelta(minutes=int(self.options.get("recheck_minutes", 120)))
        recent = [e for e in cursor.get("recent") or [] if (_parse_time(e.get("seen")) or now) >= now - window]
        deleted = []
        batch = [entry["uri"] for entry in recent[:GET_POSTS_MAX]]
        if batch:
            try:
                body, _response = self._get("app.bsky.feed.getPosts", {"uris": batch}, "Bluesky getPosts")
                present = {post.get("uri") for post in (body or {}).get("posts") or [] if isinstance(post, dict)}
                deleted = [uri for uri in batch if uri not in present]
            except base.SourceError:
                pass  # a failed re-check must not fail the poll; the next one tries again
            # Rotate, so that every recent post gets re-checked in turn.
            recent = [e for e in recent[len(batch) :] + recent[: len(batch)] if e["uri"] not in deleted]
        known = {entry["uri"] for entry in recent}
        recent += [
            {"uri": post.external_id, "seen": now.isoformat()} for post in new_posts if post.external_id not in known
        ]
        return recent[-RECENT_KEPT:], deleted
