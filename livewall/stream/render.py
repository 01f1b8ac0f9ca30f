"""The one renderer of a post's HTML: the pages, the snapshot and every viewer event frame use it.

`post_html(payload, show_source_icons)` renders `livewall/includes/post.html` for one
`serializers.post_payload` dict. The publisher calls it ONCE per broadcast (never per socket), the
catch-up and snapshot readers once per post they read, and the pages join the snapshot's fragments,
so a post looks the same whether it came with the page or over the socket. User text is escaped by
Django's template autoescaping; clients insert the fragment as trusted server HTML.

One variant per post: the participant page and the big screen share the markup, and what differs
between them is styling (wall.css, by the body/root classes). The only per-wall switch in the
markup, `show_source_icons`, is the wall's own setting, so every viewer of a wall gets the same
fragment.

Times are rendered in the site's time zone (TIME_ZONE), whatever zone a request thread may have
activated, so the page and the frames agree byte for byte.
"""

from django.template.loader import get_template
from django.utils import timezone

POST_TEMPLATE = "livewall/includes/post.html"


def post_html(payload, show_source_icons):
    """The <li class="wall-post"> fragment of one visible post (post_payload dict)."""
    with timezone.override(timezone.get_default_timezone()):
        html = get_template(POST_TEMPLATE).render({"post": payload, "show_source_icons": bool(show_source_icons)})
    return html.strip()


def posts_html(payloads, show_source_icons):
    """Fragments of several posts, in order (a snapshot's `html` list)."""
    template = get_template(POST_TEMPLATE)
    context = {"show_source_icons": bool(show_source_icons)}
    with timezone.override(timezone.get_default_timezone()):
        return [template.render({**context, "post": payload}).strip() for payload in payloads]
