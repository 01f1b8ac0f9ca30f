"""Public pages of a live wall: the participant view, the contribution form and the big screen.

Thin on purpose: validation lives in forms.py/images.py, limits in ratelimit.py, and every post
goes through services.accept (save, moderate, broadcast on commit).
"""

import logging

import segno
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from . import feed, presence, ratelimit, services
from .forms import ContributionForm
from .images import MAX_BYTES
from .models import Post, Wall
from .serializers import post_payload

logger = logging.getLogger(__name__)

PARTICIPANT_POSTS = 50
SCREEN_POSTS = 40
# Leave room for the other fields and multipart overhead before refusing without reading the body.
MAX_REQUEST_BYTES = MAX_BYTES + 512 * 1024

CLOSED_MESSAGE = "This wall is not taking contributions right now."
RATE_LIMITED_MESSAGE = "You're posting very quickly. Please wait a minute and try again."
TOO_LARGE_MESSAGE = "That upload is too large: images can be up to 10 MB."


def participant_url(request, wall):
    return request.build_absolute_uri(reverse("livewall:participant", args=[wall.slug]))


def short_url(request, wall):
    """What the screen prints under the QR code: the address without its scheme."""
    return participant_url(request, wall).split("://", 1)[-1].rstrip("/")


def qr_svg(url):
    return segno.make(url, error="m").svg_inline(scale=8, border=2, omitsize=True, title="QR code")


def presence_counts(wall):
    """How many posts on the wall come from the room and from afar.

    The viewer socket does not report who is watching, so the page shows who is taking part.
    """
    rows = (
        Post.objects.filter(wall=wall, status=Post.Status.APPROVED)
        .values_list("presence")
        .annotate(n=Count("id"))
        .values_list("presence", "n")
    )
    counts = dict(rows)
    return {"in_room": counts.get(Post.Presence.IN_ROOM, 0), "remote": counts.get(Post.Presence.REMOTE, 0)}


def rendered_posts(wall, limit):
    """{"seq", "posts_html", "has_posts", "presence_counts"} for the first page of a wall.

    A thousand phones open the participant page at once when the screen shows its QR code: the
    posts are rendered once per wall change and process, not once per request. The key holds the
    wall's seq, which every viewer-visible change moves on, so an entry is never stale.
    """

    def key(seq):
        return f"livewall:first-page:{wall.pk}:{seq}:{limit}:{int(wall.show_source_icons)}"

    seconds = settings.LIVEWALL_FIRST_PAGE_CACHE_SECONDS
    page = cache.get(key(wall.last_seq)) if seconds else None
    if page is None:
        # The same snapshot a socket gets on connect (approved posts only, pinned first) with its cursor.
        initial = feed.snapshot(wall.pk, size=limit)
        posts_html = render_to_string(
            "livewall/includes/post_list.html",
            {"posts": initial["posts"], "show_source_icons": wall.show_source_icons},
        )
        page = {
            "seq": initial["seq"],
            "posts_html": mark_safe(posts_html),  # noqa: S308 - rendered by the autoescaping template above
            "has_posts": bool(initial["posts"]),
            "presence_counts": presence_counts(wall),
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
        "watching": presence.wall_counts(wall.slug),
    }


def _with_participant_cookie(request, response):
    identity, is_new = ratelimit.ensure_participant_id(request)
    if is_new:
        ratelimit.remember_participant(response, identity)
    return response


@require_GET
def participant(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    context = _wall_context(request, wall, PARTICIPANT_POSTS)
    context["form"] = ContributionForm()
    return _with_participant_cookie(request, render(request, "livewall/participant.html", context))


@require_GET
def screen(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    context = _wall_context(request, wall, SCREEN_POSTS)
    if wall.show_qr_code:
        context["qr_svg"] = qr_svg(participant_url(request, wall))
        context["short_url"] = short_url(request, wall)
    return render(request, "livewall/screen.html", context)


@require_GET
@cache_control(max_age=3600, public=True)
def qr_code(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    svg = segno.make(participant_url(request, wall), error="m").svg_inline(scale=8, border=2)
    return HttpResponse(svg, content_type="image/svg+xml")


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _refuse(request, wall, message, status, form=None):
    """A clear refusal: JSON for the script, the form page with the message otherwise."""
    if wants_json(request):
        errors = form.errors.get_json_data() if form is not None else {}
        response = JsonResponse({"ok": False, "message": message, "errors": errors}, status=status)
    else:
        context = {"wall": wall, "form": form or ContributionForm(), "refusal": message, "accepting": True}
        if status == 403:
            context["accepting"] = False
        response = render(request, "livewall/contribute.html", context, status=status)
    return response


@require_http_methods(["GET", "POST"])
def contribute(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    if request.method == "GET":
        context = {"wall": wall, "form": ContributionForm(), "accepting": wall.is_accepting_contributions()}
        return _with_participant_cookie(request, render(request, "livewall/contribute.html", context))

    if not wall.is_accepting_contributions():
        return _refuse(request, wall, CLOSED_MESSAGE, 403)

    address_limiter = ratelimit.for_address(ratelimit.client_address(request))
    if address_limiter.hit():
        response = _refuse(request, wall, RATE_LIMITED_MESSAGE, 429)
        response["Retry-After"] = str(address_limiter.retry_after())
        return response

    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        return _refuse(request, wall, TOO_LARGE_MESSAGE, 413)

    identity, is_new = ratelimit.ensure_participant_id(request)
    participant_limiter = ratelimit.for_participant(wall.slug, identity)
    if participant_limiter.is_limited():
        response = _refuse(request, wall, RATE_LIMITED_MESSAGE, 429)
        response["Retry-After"] = str(participant_limiter.retry_after())
        return response

    form = ContributionForm(request.POST, request.FILES)
    if not form.is_valid():
        if form.image_too_large():
            return _refuse(request, wall, TOO_LARGE_MESSAGE, 413, form)
        return _refuse(request, wall, "Please correct the errors below.", 400, form)

    if participant_limiter.hit():
        response = _refuse(request, wall, RATE_LIMITED_MESSAGE, 429)
        response["Retry-After"] = str(participant_limiter.retry_after())
        return response

    if form.is_bot():
        # Answer as if it worked: a bot that learns nothing does not adapt. Nothing is saved.
        logger.info("Honeypot filled on wall %s; contribution dropped", wall.slug)
        post, message = None, "Thank you, your message has been sent."
    else:
        try:
            post = services.accept(wall, form.to_incoming())
        except services.InvalidPost as exc:
            return _refuse(request, wall, str(exc), 400, form)
        if post.status == Post.Status.APPROVED:
            message = "Thank you, your message is on the wall."
        else:
            message = "Thank you, a moderator will check your message before it appears."

    if wants_json(request):
        body = {"ok": True, "message": message, "status": post.status if post else "pending"}
        if post is not None and post.status == Post.Status.APPROVED:
            body["post"] = post_payload(post)
        response = JsonResponse(body, status=201)
    else:
        messages.success(request, message)
        # 303: the browser follows with a GET, so a reload does not post again.
        response = HttpResponseRedirect(reverse("livewall:participant", args=[wall.slug]) + "#contribute")
        response.status_code = 303
    if is_new:
        ratelimit.remember_participant(response, identity)
    return response
