"""X / Twitter: API v2 recent search.

`GET /2/tweets/search/recent` with the bearer token from LIVEWALL_X_BEARER_TOKEN. The query is
built from the wall's hashtags ("(#a OR #b) -is:retweet"; retweets are kept when the wall
includes them, and then count once, as the original tweet). `since_id` moves forward; `next_token`
pages back through what arrived since the last poll. A 429 carries `x-rate-limit-reset` (epoch s).
"""

from datetime import datetime

from livewall.intake.incoming import IncomingPost

from . import base

DEFAULT_API_URL = "https://api.x.com"
MAX_RESULTS = 100
MAX_PAGES = 5
INITIAL_ITEMS = 20
TWEET_FIELDS = "created_at,author_id,entities,attachments,referenced_tweets,lang"
EXPANSIONS = "author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id"
USER_FIELDS = "name,username,profile_image_url"
MEDIA_FIELDS = "url,preview_image_url,type"


def build_query(tags, include_retweets):
    terms = " OR ".join(f"#{tag}" for tag in tags)
    query = f"({terms})" if len(tags) > 1 else terms
    return query if include_retweets else f"{query} -is:retweet"


def _parse_time(value):
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _expand_text(tweet):
    """Replace t.co links by their expanded address; drop links to the tweet's own media."""
    text = tweet.get("text") or ""
    links = []
    for entity in (tweet.get("entities") or {}).get("urls") or []:
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


class Includes:
    def __init__(self, includes):
        includes = includes or {}
        self.users = {user.get("id"): user for user in includes.get("users") or []}
        self.media = {media.get("media_key"): media for media in includes.get("media") or []}
        self.tweets = {tweet.get("id"): tweet for tweet in includes.get("tweets") or []}


def normalise_tweet(tweet, includes):
    original = tweet
    for reference in tweet.get("referenced_tweets") or []:
        if reference.get("type") == "retweeted" and reference.get("id") in includes.tweets:
            original = includes.tweets[reference["id"]]
    user = includes.users.get(original.get("author_id")) or {}
    username = user.get("username") or ""
    text, links = _expand_text(original)
    image_url = ""
    for key in (original.get("attachments") or {}).get("media_keys") or []:
        media = includes.media.get(key) or {}
        image_url = media.get("url") or media.get("preview_image_url") or ""
        if image_url:
            break
    entities = original.get("entities") or {}
    return base.finish(
        IncomingPost(
            source="x",
            external_id=str(original.get("id") or ""),
            text=text,
            author_name=user.get("name") or username,
            author_handle=f"@{username}" if username else "",
            avatar_url=user.get("profile_image_url") or "",
            links=links,
            permalink=f"https://x.com/{username or 'i/web'}/status/{original.get('id')}",
            image_url=image_url,
            created_at=_parse_time(original.get("created_at")),
            tags=[(h.get("tag") or "").lower() for h in entities.get("hashtags") or [] if h.get("tag")],
            mentions=[(m.get("username") or "").lower() for m in entities.get("mentions") or [] if m.get("username")],
            extra={"retweet_of": original.get("id") if original is not tweet else ""},
        )
    )


class XSource(base.Source):
    kind = "x"

    def fetch(self, cursor):
        token = base.setting("LIVEWALL_X_BEARER_TOKEN")
        if not token:
            raise base.AuthError("X: no bearer token configured (set LIVEWALL_X_BEARER_TOKEN in the environment)")
        tags = self.query_tags()
        if not tags:
            raise base.SourceError("X: no hashtag to search (set the source's query or the wall's hashtags)")
        url = base.base_url(self.config, "LIVEWALL_X_API_URL", DEFAULT_API_URL) + "/2/tweets/search/recent"
        since_id = cursor.get("since_id")
        params = {
            "query": build_query(tags, self.wall.include_retweets),
            "max_results": MAX_RESULTS,
            "tweet.fields": TWEET_FIELDS,
            "expansions": EXPANSIONS,
            "user.fields": USER_FIELDS,
            "media.fields": MEDIA_FIELDS,
        }
        if since_id:
            params["since_id"] = since_id
        else:
            # The first poll shows only the latest few, not a whole week of backlog.
            params["max_results"] = max(10, min(MAX_RESULTS, int(self.options.get("initial_items", INITIAL_ITEMS))))
        headers = {"Authorization": f"Bearer {token}"}
        result = base.FetchResult(new_cursor=dict(cursor))
        seen = set()
        newest = None
        for _page in range(MAX_PAGES):
            body, response = base.get_json(self.client, url, "X recent search", params=params, headers=headers)
            if not isinstance(body, dict):
                raise base.SourceError("X recent search: unexpected response (not a JSON object)")
            meta = body.get("meta") or {}
            newest = newest or meta.get("newest_id")
            includes = Includes(body.get("includes"))
            for tweet in body.get("data") or []:
                incoming = normalise_tweet(tweet, includes)
                if incoming.external_id and incoming.external_id not in seen:
                    seen.add(incoming.external_id)
                    result.posts.append(incoming)
            result.retry_after = base.budget_exhausted_until(response)
            if not since_id or not meta.get("next_token") or result.retry_after:
                break
            params = {**params, "next_token": meta["next_token"]}
        if newest:
            result.new_cursor["since_id"] = newest
        return result
