"""Fair screen time: which of a wall's visible posts the big screen shows, in what order.

Two wall settings (`Wall.screen_remote_every`, `Wall.screen_author_cap`): at least one of every N
posts shown is from someone following remotely, while any remote post is left to show; and at
most M posts from one author at once. Pinned posts stay first and count like any other. Pure
functions over post_payload dicts (the same data the page and the socket carry), no database;
static/livewall/wall/fair.js applies the same rule to the screen as posts arrive.
"""

REMOTE = "remote"


def author_key(post):
    """Who wrote a post (post_payload dict): source and handle or name, folded; "" when anonymous
    (anonymous contributions are not one author, so they are never capped together)."""
    who = (post.get("author_handle") or post.get("author_name") or "").strip().casefold()
    return f"{post.get('source', '')}:{who}" if who else ""


def fair_order(posts, remote_every=3, author_cap=3, size=None):
    """`posts` (newest first, pinned first) reordered for the screen, at most `size` of them.

    Greedy, newest first: a slot goes to the newest remaining post, except that when the last
    `remote_every - 1` posts shown were all from the room (or unknown), it goes to the newest
    remaining remote post, if there is one. Posts over an author's cap are left out.
    """
    size = len(posts) if size is None else size
    capped = []
    shown_by_author = {}
    for post in posts:
        key = author_key(post)
        if author_cap and key:
            if shown_by_author.get(key, 0) >= author_cap:
                continue
            shown_by_author[key] = shown_by_author.get(key, 0) + 1
        capped.append(post)
    if not remote_every or remote_every < 2:
        # 1 would mean "only remote posts": the room would vanish, so 0 and 1 reserve nothing.
        return capped[:size]
    remaining = list(capped)
    shown = []
    since_remote = 0
    while remaining and len(shown) < size:
        pick = 0
        if since_remote >= remote_every - 1:
            pick = next((i for i, post in enumerate(remaining) if post.get("attending") == REMOTE), 0)
        post = remaining.pop(pick)
        shown.append(post)
        since_remote = 0 if post.get("attending") == REMOTE else since_remote + 1
    return shown
