"""Bluesky: `app.bsky.feed.searchPosts` through an app-password session.

With LIVEWALL_BLUESKY_HANDLE and LIVEWALL_BLUESKY_APP_PASSWORD set, a session is created once
(`com.atproto.server.createSession`, strictly rate-limited by the server, so it is kept in memory and
created again only when the token is refused). Without them the search is tried anonymously, which
the public AppView usually refuses with 403: that refusal becomes the source's last error in the
admin, with what to set.

What is searched: the source's query, passed as `q` exactly as written in Bluesky's own syntax
("quoted phrases", from:handle, #tags, -word). Bluesky's search has no OR (it matches every term;
bluesky-social/atproto#3751), so a query with OR runs one search per branch and merges them.
Without a query, each of the wall's hashtags is one search, `q=#tag` narrowed with `tag=tag`.
Each search: `sort=latest`, `since=<newest indexedAt seen>` (inclusive, so the posts at exactly
that time are remembered and skipped), `cursor` pages back to it. Reading a post view (facets,
embeds, quotes) is bluesky_posts.py.
Deletions: the URIs seen in the last `recheck_minutes` (default 120) are looked up with
`app.bsky.feed.getPosts` (25 per poll); a post missing from the answer was deleted.
"""

import re
import threading
from datetime import timedelta

from django.utils import timezone

from . import base
from .bluesky_posts import normalise_post, parse_time

DEFAULT_API_URL = "https://bsky.social"
PAGE_LIMIT = 100
MAX_PAGES = 5
INITIAL_ITEMS = 20
GET_POSTS_MAX = 25
RECENT_KEPT = 200

_sessions = {}  # (api url, handle) -> access token
_sessions_lock = threading.Lock()


def forget_sessions():
    with _sessions_lock:
        _sessions.clear()


def split_or(query):
    """The branches of a query joined by OR (Bluesky's search has no OR: each branch is one search).

    OR inside a "quoted phrase" is a word of the phrase. A query without OR comes back unchanged.
    """
    tokens = re.findall(r'"[^"]*"?|\S+', query)
    if "OR" not in tokens:
        return [query.strip()] if query.strip() else []
    branches, current = [], []
    for token in tokens + ["OR"]:
        if token == "OR":
            if current and " ".join(current) not in branches:
                branches.append(" ".join(current))
            current = []
        else:
            current.append(token)
    return branches


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

    def searches(self):
        """(q, tag) per search: the source's query as written, one search per OR branch; without a
        query, one search per wall hashtag, narrowed to posts carrying that tag."""
        query = (self.config.query or "").strip()
        if query:
            return [(branch, None) for branch in split_or(query)]
        return [(f"#{tag}", tag) for tag in self.wall.hashtag_list]

    def fetch(self, cursor):
        searches = self.searches()
        if not searches:
            raise base.SourceError("Bluesky: nothing to search (set the source's query or the wall's hashtags)")
        states = dict(cursor.get("searches") or {})
        old_states = cursor.get("tags") or {}  # cursors written before queries: per hashtag
        result = base.FetchResult()
        by_uri = {}
        for q, tag in searches:
            state = states.get(q) or (old_states.get(tag) if tag else None) or {}
            states[q], retry_after = self._search(q, tag, state, by_uri)
            if retry_after:
                result.retry_after = retry_after
                break
        result.posts = [post for post in by_uri.values() if post is not None]
        recent, result.deleted_ids = self._recheck(cursor, result.posts)
        result.new_cursor = {"searches": states, "recent": recent}
        return result

    def _search(self, q, tag, state, by_uri):
        since = state.get("since")
        skip = set(state.get("at_since") or [])
        params = {"q": q, "sort": "latest", "limit": PAGE_LIMIT}
        if tag:
            params["tag"] = tag
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
                if view["uri"] not in by_uri:
                    # None (skipped, its reason logged) is kept too, so another branch does not log it again.
                    by_uri[view["uri"]] = normalise_post(view)
            retry_after = base.budget_exhausted_until(response)
            if not since or not body.get("cursor") or not body["posts"] or retry_after:
                break
            params = {**params, "cursor": body["cursor"]}
        state = {"since": newest, "at_since": sorted(at_newest)} if newest else {}
        return state, retry_after

    def _recheck(self, cursor, new_posts):
        now = timezone.now()
        window = timedelta(minutes=int(self.options.get("recheck_minutes", 120)))
        recent = [e for e in cursor.get("recent") or [] if (parse_time(e.get("seen")) or now) >= now - window]
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
