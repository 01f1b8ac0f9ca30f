"""HTTP fallback for clients without websockets: `GET /api/walls/<slug>/posts/?after=<seq>&limit=<n>`.

Answers {"wall": slug, "seq": <wall's last seq>, "posts": [...], "next": <url or null>}:
the approved posts that changed after the cursor, oldest change first, each in its current state;
posts that left the wall since are listed as {"id": .., "removed": true}. A client keeps the `seq`
of the last post it received (or the top-level `seq` when `next` is null) as its next cursor.
Without `after`, the first page starts at the beginning of the wall.

`&html=1` adds each visible post's `"html"` fragment (stream.render.post_html, as in the socket's
frames): the client's polling fallback (static/livewall/wall/socket.js) inserts it, having no
renderer of its own. Without it the answer is plain data only.

`&lang=cy` lists only posts in that language (`cy` takes in `cy-GB`; `en-GB` only `en-GB`): a
client following one language keeps its cursor as usual. A value that is not a language tag is a
400 with the reason, before anything reaches the database.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from livewall.models import Post, Wall
from livewall.stream.render import post_html
from livewall.stream.serializers import post_payload, removed_payload
from portal import language_tags

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadQuery(ValueError):
    pass


def _whole_number(request, name, default, maximum=None, minimum=0):
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadQuery(f'"{name}" must be a whole number.') from None
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise BadQuery(f'"{name}" must be {bound}.')
    return value


def _language(request):
    """The `lang` asked for, normalised ("" when none); BadQuery when it cannot be a language tag."""
    raw = request.GET.get("lang", "")
    if raw == "":
        return ""
    tag = language_tags.normalise(raw)
    if not tag:
        raise BadQuery('"lang" must be a language tag, such as cy or en-GB.')
    return tag


def changed_posts(wall, after, limit, language=""):
    """Posts whose last viewer-visible change is after `after`, oldest change first.

    Posts never shown to viewers have no seq (pending) or only changes after removal that viewers
    never saw; they are listed as removed, which clients treat as a no-op.
    """
    posts = Post.objects.filter(wall=wall, seq__gt=after).in_language(language)
    return list(posts.select_related("wall", "cached_thumbnail").order_by("seq")[:limit])


def page(wall, after, limit, path, html=False, language=""):
    posts = changed_posts(wall, after, limit + 1, language)
    has_more = len(posts) > limit
    posts = posts[:limit]
    items = [post_payload(post) if post.status == Post.Status.APPROVED else removed_payload(post.pk) for post in posts]
    for item, post in zip(items, posts, strict=True):
        if html and not item.get("removed"):
            item["html"] = post_html(item, wall.show_source_icons)
        item["seq"] = post.seq
    query = None
    if has_more:
        query = {"after": posts[-1].seq, "limit": limit, **({"html": 1} if html else {})}
        query.update({"lang": language} if language else {})
    next_url = f"{path}?{urlencode(query)}" if query else None
    # The wall row was read before the posts: a change committed in between is already listed.
    seq = max([wall.last_seq, after, *(post.seq for post in posts)])
    return {"wall": wall.slug, "seq": seq, "posts": items, "next": next_url}


@require_safe
def posts(request, slug):
    wall = Wall.objects.filter(slug=slug).first()
    if wall is None:
        return JsonResponse(
            {"ok": False, "error": "not_found", "message": f"There is no wall called {slug!r}."}, status=404
        )
    try:
        after = _whole_number(request, "after", 0)
        limit = _whole_number(request, "limit", DEFAULT_LIMIT, maximum=MAX_LIMIT, minimum=1)
        language = _language(request)
    except BadQuery as error:
        return JsonResponse({"ok": False, "error": "bad_request", "message": str(error)}, status=400)
    html = request.GET.get("html") == "1"
    return JsonResponse(page(wall, after, limit, request.path, html=html, language=language))
