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

Times: `wall_time` is the one way a live-wall time is written anywhere (participant page, big
screen, moderation queue and log): 24-hour "15:40" in the event's zone (the site's TIME_ZONE),
whatever zone a request thread or the viewer's browser may be in, so the page and the frames agree
byte for byte. Clients never format a time themselves.

Language: a fragment's labels ("In the room", "Pinned", "Vote") are in the language it is rendered
for, given explicitly (`language`, default the site's LANGUAGE_CODE), never whatever language the
request or task that published the post happened to be in: a post contributed from /cy/ must not
broadcast Welsh labels to English screens. The publisher renders once in the site's language; a
process's relay for viewers in another language renders each event once more for them
(stream.relay), and the pages and catch-up render in their reader's language.
"""

from datetime import datetime

from django.conf import settings
from django.template.loader import get_template
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext_lazy as _

POST_TEMPLATE = "livewall/includes/post.html"
MODERATION_ROW_TEMPLATE = "livewall/admin/queue_post.html"
# (action, button label, keyboard shortcut); moderation.css shows only those that apply to a post.
MODERATION_ACTION_BUTTONS = [
    ("approve", _("Approve"), "A"),
    ("reject", _("Reject"), "R"),
    ("hide", _("Hide"), "H"),
    ("pin", _("Pin"), "P"),
    ("unpin", _("Unpin"), "P"),
    ("answer", _("Mark answered"), "Q"),
]
NOT_READ = object()
WALL_TIME_FORMAT = "H:i"


def wall_time(moment):
    """A datetime or ISO 8601 string -> "15:40" in the site's zone ("" when there is no time)."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return ""
    if not isinstance(moment, datetime):
        return ""
    zone = timezone.get_default_timezone()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, zone)
    return dateformat.format(timezone.localtime(moment, zone), WALL_TIME_FORMAT)


def wall_date_time(moment):
    """ "28 Nov 2026, 15:40": a day and `wall_time`, for lists that span days (the moderation log)."""
    if not isinstance(moment, datetime):
        return ""
    day = dateformat.format(timezone.localtime(moment, timezone.get_default_timezone()), "j M Y")
    return f"{day}, {wall_time(moment)}"


def post_html(payload, show_source_icons, language=None):
    """The <li class="wall-post"> fragment of one visible post (post_payload dict), its labels in
    `language` (default: the site's)."""
    with timezone.override(timezone.get_default_timezone()), translation.override(language or settings.LANGUAGE_CODE):
        html = get_template(POST_TEMPLATE).render({"post": payload, "show_source_icons": bool(show_source_icons)})
    return html.strip()


def posts_html(payloads, show_source_icons, language=None):
    """Fragments of several posts, in order (a snapshot's `html` list), labels in `language`."""
    template = get_template(POST_TEMPLATE)
    context = {"show_source_icons": bool(show_source_icons)}
    with timezone.override(timezone.get_default_timezone()), translation.override(language or settings.LANGUAGE_CODE):
        return [template.render({**context, "post": payload}).strip() for payload in payloads]


def moderation_row_html(post, last_action=NOT_READ, request=None, current_url=""):
    """The <li class="moderation-post"> of one post in a moderation queue: the queue page renders its
    rows with this (with the request: CSRF tokens and the page's address as each form's "next"), and
    the moderators' frames carry it (rendered once per change, without a request: moderation.js copies
    the page's CSRF token and address into the row's forms). Same markup either way."""
    if last_action is NOT_READ:
        last_action = post.moderation_actions.select_related("user").first()
    context = {
        "post": post,
        "wall": post.wall,
        "last_action": last_action,
        "action_buttons": MODERATION_ACTION_BUTTONS,
        "current_url": current_url,
    }
    # The site's language, as post fragments: a row goes to every moderator of the wall (module docstring).
    with timezone.override(timezone.get_default_timezone()), translation.override(settings.LANGUAGE_CODE):
        return get_template(MODERATION_ROW_TEMPLATE).render(context, request).strip()
