"""X / Twitter: API v2 recent search.

`GET /2/tweets/search/recent` with the bearer token from LIVEWALL_X_BEARER_TOKEN.

The query is the source's own, passed to X verbatim in X's syntax ("quoted phrase", from:user,
OR, #tag); only when it is empty is it built from the wall's hashtags (`#a OR #b`). Unless the
wall includes retweets, `-is:retweet` is added after the query, grouped in parentheses. A retweet
counts once, as the original tweet under the original's author.

Long posts: `text` is cut at 280 characters, so `note_tweet` (the whole text and its own links,
hashtags and mentions) is read when present. The image is the first photo (else a video's still)
with its description (`alt_text`, "" when the author gave none).

Skipped, with the reason logged: a retweet whose original X did not send (deleted, withheld or
not visible: X says why in the response's `errors`), a tweet whose author is missing, and
withheld tweets or authors (a wall is public and watched from anywhere).

Paging: newest first; `since_id` is where the last complete read ended and `next_token` pages back
towards it. When a poll stops early (the `max_pages` option, default 5, or a spent rate budget),
the cursor keeps `since_id` and notes `until_id` (the oldest tweet read) and `pending_since_id`
(the newest): the next polls read the rest of that gap first, then move `since_id` on, so nothing
is skipped and nothing read twice. A 429 carries `x-rate-limit-reset` (epoch s).
"""

import logging
from datetime import datetime

from livewall.intake.incoming import IncomingPost

from . import base

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.x.com"
MAX_RESULTS = 100
MAX_PAGES = 5
INITIAL_ITEMS = 20
TWEET_FIELDS = "created_at,author_id,entities,attachments,referenced_tweets,lang,note_tweet,withheld"
EXPANSIONS = "author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id"
USER_FIELDS = "name,username,profile_image_url,withheld"
MEDIA_FIELDS = "url,preview_image_url,type,alt_text"
WHAT = "X recent search"


def hashtag_query(tags):
    return " OR ".join(f"#{tag}" for tag in tags)


def build_query(query, include_retweets):
    """The search sent to X: `query` as written, plus the retweet exclusion when wanted."""
    query = query.strip()
    # An organiser who wrote is:retweet (or -is:retweet) has decided already.
    if include_retweets or "is:retweet" in query.lower():
        return query
    grouped = f"({query})" if len(query.split()) > 1 else query
    return f"{grouped} -is:retweet"


def _parse_time(value):
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _dict(value):
    return value if isinstance(value, dict) else {}


def _full_text(tweet):
    """(text, entities): the long post's note when there is one, else the tweet itself."""
    note = _dict(tweet.get("note_tweet"))
    if note.get("text"):
        return note["text"], _dict(note.get("entities"))
    return tweet.get("text") or "", _dict(tweet.get("entities"))


def _expand_text(text, entities):
    """Replace t.co links by their expanded address; drop links to the tweet's own media."""
    links = []
    for entity in entities.get("urls") or []:
        short = entity.get("url") or ""
        expanded = entity.get("unwound_url") or entity.get("expanded_url") or short
        if entity.get("media_key"):
            text = text.replace(short, "")
            continue
        if short:
            text = text.replace(short, expanded)
        if expanded and expanded not in links:
            links.append(expanded)
    return text.strip(), links


def _withheld(item):
    """Why `item` (a tweet or a user) is withheld, or ""."""
    withheld = _dict(item.get("withheld"))
    if not withheld:
        return ""
    parts = ["copyright"] if withheld.get("copyright") else []
    countries = [str(code) for code in withheld.get("country_codes") or []]
    if countries:
        parts.append("in " + ", ".join(countries))
    return "withheld" + (f" ({'; '.join(parts)})" if parts else "")


class Includes:
    """A response's `includes`, by id, and its `errors` (what X could not send, and why)."""

    def __init__(self, body):
        includes = _dict(body.get("includes"))
        self.users = self._by(includes, "users", "id")
        self.media = self._by(includes, "media", "media_key")
        self.tweets = self._by(includes, "tweets", "id")
        self.problems = {}
        errors = body.get("errors")
        for error in errors if isinstance(errors, list) else []:
            if isinstance(error, dict) and error.get("resource_id"):
                self.problems[str(error["resource_id"])] = error.get("detail") or error.get("title") or ""

    @staticmethod
    def _by(includes, name, key):
        items = includes.get(name)
        return {item.get(key): item for item in items if isinstance(item, dict)} if isinstance(items, list) else {}

    def missing(self, what, ident):
        return f"{what} {ident} not sent by X" + (f": {self.problems[ident]}" if ident in self.problems else "")

    def image(self, tweet):
        """(url, description) of the first photo, else of the first still of a video or GIF."""
        media = [self.media.get(key) or {} for key in _dict(tweet.get("attachments")).get("media_keys") or []]
        photos = [item for item in media if item.get("type") == "photo" and item.get("url")]
        for item in photos or media:
            url = item.get("url") or item.get("preview_image_url") or ""
            if url:
                return url, item.get("alt_text") or ""
        return "", ""


class Skip(Exception):
    """A tweet that must not reach the wall; the message says why."""


def normalise_tweet(tweet, includes):
    """The IncomingPost for one tweet of `data`; raises Skip with the reason."""
    original = tweet
    for reference in tweet.get("referenced_tweets") or []:
        if isinstance(reference, dict) and reference.get("type") == "retweeted":
            original_id = str(reference.get("id"))
            if original_id not in includes.tweets:
                # Shown as the retweeter's own "RT @..." post it would misattribute the words.
                raise Skip(f"retweet of {includes.missing('tweet', original_id)}")
            original = includes.tweets[original_id]
    author_id = str(original.get("author_id"))
    user = includes.users.get(author_id)
    if not user or not user.get("username"):
        raise Skip(f"author {includes.missing('user', author_id)}")
    reason = _withheld(original) or _withheld(user)
    if reason:
        raise Skip(reason)
    username = user["username"]
    text, entities = _full_text(original)
    text, links = _expand_text(text, entities)
    image_url, image_alt = includes.image(original)
    return base.finish(
        IncomingPost(
            source="x",
            external_id=str(original.get("id") or ""),
            text=text,
            author_name=user.get("name") or username,
            author_handle=f"@{username}",
            avatar_url=user.get("profile_image_url") or "",
            links=links,
            permalink=f"https://x.com/{username}/status/{original.get('id')}",
            image_url=image_url,
            image_alt=image_alt,
            created_at=_parse_time(original.get("created_at")),
            tags=[(h.get("tag") or "").lower() for h in entities.get("hashtags") or [] if h.get("tag")],
            mentions=[(m.get("username") or "").lower() for m in entities.get("mentions") or [] if m.get("username")],
            language=base.language_tag(original.get("lang")),
            extra={"retweet_of": original.get("id") if original is not tweet else ""},
        )
    )


def read_page(body):
    """(tweets, includes, meta) of one response; a response that is not a page is a SourceError."""
    if not isinstance(body, dict):
        raise base.SourceError(f"{WHAT}: unexpected response (not a JSON object)")
    data = body.get("data")
    errors = body.get("errors")
    if data is None and errors:
        first = errors[0] if isinstance(errors, list) and isinstance(errors[0], dict) else {}
        detail = ": ".join(part for part in (first.get("title"), first.get("detail")) if isinstance(part, str))
        raise base.SourceError(f"{WHAT}: {detail or 'errors and no data'}"[: base.MAX_ERROR_DETAIL])
    if data is not None and not isinstance(data, list):
        raise base.SourceError(f"{WHAT}: unexpected response (data is a {type(data).__name__}, not a list)")
    meta = _dict(body.get("meta"))
    return [tweet for tweet in data or [] if isinstance(tweet, dict)], Includes(body), meta


def _older(oldest, tweet_id):
    """The older of two tweet ids (ids grow with time); a malformed id is ignored."""
    tweet_id = str(tweet_id or "")
    if not tweet_id.isdigit():
        return oldest
    return tweet_id if oldest is None or int(tweet_id) < int(oldest) else oldest


class XSource(base.Source):
    kind = "x"

    def search_query(self):
        query = (self.config.query or "").strip() or hashtag_query(self.wall.hashtag_list)
        if not query:
            raise base.SourceError("X: nothing to search (set the source's query or the wall's hashtags)")
        return build_query(query, self.wall.include_retweets)

    def fetch(self, cursor):
        token = base.setting("LIVEWALL_X_BEARER_TOKEN")
        if not token:
            raise base.AuthError("X: no bearer token configured (set LIVEWALL_X_BEARER_TOKEN in the environment)")
        url = base.base_url(self.config, "LIVEWALL_X_API_URL", DEFAULT_API_URL) + "/2/tweets/search/recent"
        since_id, until_id = cursor.get("since_id"), cursor.get("until_id")
        params = {
            "query": self.search_query(),
            "max_results": MAX_RESULTS,
            "tweet.fields": TWEET_FIELDS,
            "expansions": EXPANSIONS,
            "user.fields": USER_FIELDS,
            "media.fields": MEDIA_FIELDS,
        }
        if since_id:
            params["since_id"] = since_id
            if until_id:
                params["until_id"] = until_id
        else:
            # The first poll shows only the latest few, not a whole week of backlog.
            params["max_results"] = max(10, min(MAX_RESULTS, int(self.options.get("initial_items", INITIAL_ITEMS))))
        headers = {"Authorization": f"Bearer {token}"}
        result = base.FetchResult()
        seen = set()
        newest = oldest = None
        complete = False
        for _page in range(max(1, int(self.options.get("max_pages", MAX_PAGES)))):
            body, response = base.get_json(self.client, url, WHAT, params=params, headers=headers)
            tweets, includes, meta = read_page(body)
            newest = newest or meta.get("newest_id")
            for tweet in tweets:
                oldest = _older(oldest, tweet.get("id"))
                try:
                    incoming = normalise_tweet(tweet, includes)
                except Skip as reason:
                    logger.info("X: skipped tweet %s: %s", tweet.get("id"), reason)
                    continue
                if incoming.external_id and incoming.external_id not in seen:
                    seen.add(incoming.external_id)
                    result.posts.append(incoming)
            result.retry_after = base.budget_exhausted_until(response)
            complete = not since_id or not meta.get("next_token")
            if complete or result.retry_after:
                break
            params = {**params, "next_token": meta["next_token"]}
        result.new_cursor = self._next_cursor(cursor, complete, newest, oldest)
        return result

    @staticmethod
    def _next_cursor(cursor, complete, newest, oldest):
        """Where the next poll starts: past everything read, or back into the gap left unread."""
        cursor = dict(cursor)
        pending = cursor.get("pending_since_id") or newest
        if complete:
            cursor.pop("until_id", None)
            cursor.pop("pending_since_id", None)
            if pending:
                cursor["since_id"] = pending
        elif oldest:
            cursor.update(until_id=oldest, pending_since_id=pending)
        return cursor
