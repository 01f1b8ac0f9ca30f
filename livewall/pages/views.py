"""Public pages of a live wall: the participant view, the big screen and its QR code, the text
view (a plain list for screen readers and slow connections) and a contributor's private status
page of their own post.

Each page opens with the same first page of posts a socket gets on connect (stream.catchup),
rendered once per wall change; the contribution form posts to intake.views.
"""

import segno
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from livewall.intake import status_links
from livewall.intake.forms import ContributionForm
from livewall.intake.views import STATUS_LINK_TAG
from livewall.models import Post, Wall
from livewall.stream import catchup, fairness, held_back, watchers
from livewall.stream.question_board import question_board
from livewall.stream.screen import screen_frame
from livewall.stream.serializers import post_payload
from portal.canonical import absolute
from portal.pagecache import briefly_cached

PARTICIPANT_POSTS = 50
SCREEN_POSTS = 40
TEXT_POSTS = 50
# What the root's data-layout may start as from the address (?layout=); the control room sets it live.
SCREEN_LAYOUTS = ("grid", "single", "questions", "ticker")


def participant_url(request, wall):
    """The address phones in the room open: the portal's public address (PORTAL_BASE_URL), not
    whatever host the screen's browser reached, which may be an internal name."""
    return absolute(reverse("livewall:participant", args=[wall.slug]), request)


def short_url(request, wall):
    """What the screen prints under the QR code: the address without its scheme."""
    return participant_url(request, wall).split("://", 1)[-1].rstrip("/")


def qr_svg(url):
    return segno.make(url, error="m").svg_inline(scale=8, border=2, omitsize=True, title="QR code")


def attending_counts(wall):
    """How many posts on the wall come from the room and from afar.

    The viewer socket does not report who is watching, so the page shows who is taking part.
    """
    rows = (
        Post.objects.filter(wall=wall, status=Post.Status.APPROVED)
        .values_list("attending")
        .annotate(n=Count("id"))
        .values_list("attending", "n")
    )
    counts = dict(rows)
    return {"in_room": counts.get(Post.Attending.IN_ROOM, 0), "remote": counts.get(Post.Attending.REMOTE, 0)}


def held_back_count(wall):
    """How many posts moderators did not show; only the number is public (stream.held_back)."""
    return held_back.held_back_count(wall.pk)


def rendered_posts(wall, limit, language):
    """{"seq", "posts_html", "has_posts", "attending_counts"} for the first page of a wall.

    A thousand phones open the participant page at once when the screen shows its QR code: the
    posts are rendered once per wall change and process, not once per request. The key holds the
    wall's seq, which every viewer-visible change moves on, so an entry is never stale. The posts'
    labels are in `language`, the page's (one entry per language).
    """

    def key(seq):
        return f"livewall:first-page:{wall.pk}:{seq}:{limit}:{int(wall.show_source_icons)}:{language}"

    seconds = settings.LIVEWALL_FIRST_PAGE_CACHE_SECONDS
    page = cache.get(key(wall.last_seq)) if seconds else None
    if page is None:
        # The same snapshot a socket gets on connect (approved posts only, pinned first) with its
        # cursor, and the same HTML: each post's fragment from stream.render, the one renderer.
        initial = catchup.snapshot(wall.pk, size=limit, with_questions=False, language=language)
        page = {
            "seq": initial["seq"],
            "posts_html": mark_safe("\n".join(initial["html"])),  # noqa: S308 - autoescaping template (stream.render)
            "has_posts": bool(initial["posts"]),
            "attending_counts": attending_counts(wall),
        }
        if seconds:
            cache.set(key(initial["seq"]), page, seconds)
    return page


def _wall_context(request, wall, limit):
    return {
        "wall": wall,
        **rendered_posts(wall, limit, translation.get_language()),
        "ws_path": f"/ws/walls/{wall.slug}/",
        "api_url": reverse("livewall_api:api_posts", args=[wall.slug]),
        "contribute_url": reverse("livewall:contribute", args=[wall.slug]),
        "accepting": wall.is_accepting_contributions(),
        "max_posts": limit,
        # People watching now (viewer sockets of every server process); the socket keeps it fresh.
        "watching": watchers.wall_counts(wall.slug),
    }


@briefly_cached("LIVEWALL_PAGE_CACHE_SECONDS")
@require_safe
def participant(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    context = _wall_context(request, wall, PARTICIPANT_POSTS)
    context.update(question_board(wall, language=translation.get_language()))
    context["form"] = ContributionForm()
    context["held_back"] = held_back_count(wall)
    context["status_link_tag"] = STATUS_LINK_TAG
    return render(request, "livewall/participant.html", context)


def fair_screen_html(wall, limit):
    """The screen's first posts in fair order (stream.fairness), each from the one renderer."""
    initial = catchup.snapshot(wall.pk, size=limit, with_questions=False, language=translation.get_language())
    fragments = dict(zip((post["id"] for post in initial["posts"]), initial["html"], strict=True))
    shown = fairness.fair_order(initial["posts"], wall.screen_remote_every, wall.screen_author_cap, limit)
    return mark_safe("\n".join(fragments[post["id"]] for post in shown))  # noqa: S308 - stream.render


@briefly_cached("LIVEWALL_PAGE_CACHE_SECONDS")
@require_safe
def screen(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    context = _wall_context(request, wall, SCREEN_POSTS)
    context["stream_embed"] = screen_frame(wall)["stream_embed"]
    context.update(question_board(wall, language=translation.get_language()))
    if wall.screen_remote_every or wall.screen_author_cap:
        context["posts_html"] = fair_screen_html(wall, SCREEN_POSTS)
    layout = request.GET.get("layout", "")
    # The address may ask for a layout (a second screen showing questions); else the control room's.
    context["screen_layout"] = layout if layout in SCREEN_LAYOUTS else wall.screen_layout
    # A screen opened for one layout (a second screen showing only questions) keeps it; the control
    # room's holding slide and banner still reach it.
    context["layout_pinned"] = layout in SCREEN_LAYOUTS
    if wall.show_qr_code:
        context["qr_svg"] = qr_svg(participant_url(request, wall))
        context["short_url"] = short_url(request, wall)
    return render(request, "livewall/screen.html", context)


@require_safe
@cache_control(max_age=3600, public=True)
def qr_code(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    svg = segno.make(participant_url(request, wall), error="m").svg_inline(scale=8, border=2)
    return HttpResponse(svg, content_type="image/svg+xml")


@briefly_cached("LIVEWALL_PAGE_CACHE_SECONDS")
@require_safe
def text_view(request, slug):
    """The wall as a plain list: no animation, no player, no pictures loaded; new posts are read
    out by a polite live region (static/livewall/wall/text.js)."""
    wall = get_object_or_404(Wall, slug=slug)
    context = _wall_context(request, wall, TEXT_POSTS)
    context["held_back"] = held_back_count(wall)
    return render(request, "livewall/text.html", context)


STATUS_LABELS = {
    Post.Status.PENDING: ("waiting", _("Waiting for a moderator")),
    Post.Status.APPROVED: ("shown", _("Shown on the wall")),
    Post.Status.REJECTED: ("not-shown", _("Not shown")),
    Post.Status.HIDDEN: ("not-shown", _("Not shown")),
}


@require_safe
@never_cache
def post_status(request, slug, token):
    """A contributor's own post and its status, by the private link they got when posting."""
    wall = get_object_or_404(Wall, slug=slug)
    ids = status_links.read_token(token)
    if ids is None or ids[0] != wall.pk:
        raise Http404("No such post.")
    post = get_object_or_404(Post, pk=ids[1], wall=wall)
    code, label = STATUS_LABELS[post.status]
    context = {
        "wall": wall,
        "post": post_payload(post),
        "status_code": code,
        "status_label": label,
        "held_back": held_back_count(wall),
    }
    response = render(request, "livewall/post_status.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
