"""Public pages of a live wall: the participant view, the big screen and its QR code.

Each page opens with the same first page of posts a socket gets on connect (stream.catchup),
rendered once per wall change; the contribution form posts to intake.views.
"""

import segno
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from livewall.intake.forms import ContributionForm
from livewall.models import Post, Wall
from livewall.stream import catchup, watchers
from portal.canonical import absolute

PARTICIPANT_POSTS = 50
SCREEN_POSTS = 40


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


def rendered_posts(wall, limit):
    """{"seq", "posts_html", "has_posts", "attending_counts"} for the first page of a wall.

    A thousand phones open the participant page at once when the screen shows its QR code: the
    posts are rendered once per wall change and process, not once per request. The key holds the
    wall's seq, which every viewer-visible change moves on, so an entry is never stale.
    """

    def key(seq):
        return f"livewall:first-page:{wall.pk}:{seq}:{limit}:{int(wall.show_source_icons)}"

    seconds = settings.LIVEWALL_FIRST_PAGE_CACHE_SECONDS
    page = cache.get(key(wall.last_seq)) if seconds else None
    if page is None:
        # The same snapshot a socket gets on connect (approved posts only, pinned first) with its
        # cursor, and the same HTML: each post's fragment from stream.render, the one renderer.
        initial = catchup.snapshot(wall.pk, size=limit)
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
        **rendered_posts(wall, limit),
        "ws_path": f"/ws/walls/{wall.slug}/",
        "api_url": reverse("livewall:api_posts", args=[wall.slug]),
        "contribute_url": reverse("livewall:contribute", args=[wall.slug]),
        "accepting": wall.is_accepting_contributions(),
        "max_posts": limit,
        # People watching now (viewer sockets of every server process); the socket keeps it fresh.
        "watching": watchers.wall_counts(wall.slug),
    }


@require_safe
def participant(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    context = _wall_context(request, wall, PARTICIPANT_POSTS)
    context["form"] = ContributionForm()
    return render(request, "livewall/participant.html", context)


@require_safe
def screen(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    context = _wall_context(request, wall, SCREEN_POSTS)
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
