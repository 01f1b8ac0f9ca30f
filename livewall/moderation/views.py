"""The moderation queue in the Wagtail admin: list, filter and act on a wall's posts.

Every action is a plain POST form (works without JavaScript); static/livewall/moderation.js adds
keyboard shortcuts, fetch and live updates over the moderators' socket. The work itself is done by
livewall.moderation.actions, which logs who did what and broadcasts to viewers.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from livewall.models import Post, Wall
from livewall.moderation import actions
from livewall.stream.render import moderation_row_html
from livewall.stream.serializers import moderation_payload
from portal import language_tags

URL_NAMESPACE = "livewall_moderation"
QUEUE_PAGE_SIZE = 50
UNKNOWN_LANGUAGE = "unknown"
STATUS_FILTERS = [
    ("pending", _("Pending")),
    ("approved", _("Approved")),
    ("hidden", _("Hidden")),
    ("rejected", _("Rejected")),
]
ACTION_MESSAGES = {
    "approve": _("Post approved: it is on the wall."),
    "reject": _("Post rejected."),
    "hide": _("Post hidden from the wall."),
    "pin": _("Post pinned to the top of the wall."),
    "unpin": _("Post unpinned."),
    "answer": _("Question marked answered: it moves to the answered list."),
}


# Only active users with livewall.moderate_wall (superusers have it) get past; everyone else gets a
# 403, JSON callers included. Anonymous visitors never get this far: the Wagtail admin URLs these
# views are mounted on redirect them to the admin login first.
moderator_required = permission_required(actions.PERMISSION, raise_exception=True)


def admin_url(name, *args):
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _back(request, wall):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(admin_url("queue", wall.slug))


@require_GET
@moderator_required
def wall_list(request):
    walls = Wall.objects.annotate(
        pending_count=Count("posts", filter=Q(posts__status=Post.Status.PENDING)),
        approved_count=Count("posts", filter=Q(posts__status=Post.Status.APPROVED)),
    ).order_by("title")
    return TemplateResponse(
        request,
        "livewall/admin/wall_list.html",
        {"walls": walls, "page_title": gettext("Moderation queues"), "header_icon": "tasks"},
    )


def _language_filter(value):
    """The queue's language filter: a language tag, UNKNOWN_LANGUAGE, or "" (all); anything else is
    ignored, never queried."""
    return value if value == UNKNOWN_LANGUAGE else language_tags.normalise(value)


def language_choices(wall, current=""):
    """(value, label) for each language the wall's posts are in, and the one filtered by (shown as
    chosen while no post is in it yet), then posts of no known language."""
    tags = set(wall.posts.exclude(language="").order_by().values_list("language", flat=True).distinct())
    tags |= {current} if current and current != UNKNOWN_LANGUAGE else set()
    return [(tag, language_tags.english_label(tag)) for tag in sorted(tags)] + [(UNKNOWN_LANGUAGE, "Not known")]


@require_GET
@moderator_required
def queue(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    status = request.GET.get("status", "pending")
    if status not in dict(STATUS_FILTERS) and status != "all":
        status = "pending"
    source = request.GET.get("source", "")
    posts = wall.posts.select_related("wall").order_by("-received_at", "-id")
    if status != "all":
        posts = posts.filter(status=status)
    if source in Post.Source.values:
        posts = posts.filter(source=source)
    else:
        source = ""
    language = _language_filter(request.GET.get("language", ""))
    if language == UNKNOWN_LANGUAGE:
        posts = posts.filter(language="")
    else:
        posts = posts.in_language(language)
    page = Paginator(posts, QUEUE_PAGE_SIZE).get_page(request.GET.get("p"))
    current_url = request.get_full_path()
    # Rows from the one row renderer the moderators' frames use too (stream.render).
    rows_html = [
        mark_safe(moderation_row_html(post, request=request, current_url=current_url))  # noqa: S308 - autoescaped template output
        for post in page.object_list
    ]
    counts = dict(wall.posts.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    context = {
        "wall": wall,
        "page_obj": page,
        "posts": page.object_list,
        "status": status,
        "source": source,
        "status_filters": [(value, label, counts.get(value, 0)) for value, label in STATUS_FILTERS],
        "source_choices": Post.Source.choices,
        "language": language,
        "language_choices": language_choices(wall, language),
        "ws_path": f"/ws/moderate/walls/{wall.slug}/",
        "page_title": gettext("Moderate: %(title)s") % {"title": wall.title},
        "header_icon": "tasks",
        "current_url": current_url,
        "rows_html": rows_html,
    }
    return TemplateResponse(request, "livewall/admin/queue.html", context)


@require_POST
@moderator_required
def act(request, slug, post_id, action):
    wall = get_object_or_404(Wall, slug=slug)
    if action not in actions.ACTIONS:
        raise Http404("Unknown moderation action")
    post = get_object_or_404(Post, pk=post_id, wall=wall)
    actions.ACTIONS[action](post, request.user)
    post.refresh_from_db()
    if wants_json(request):
        return JsonResponse({"ok": True, "message": str(ACTION_MESSAGES[action]), "post": moderation_payload(post)})
    messages.success(request, str(ACTION_MESSAGES[action]))
    return _back(request, wall)


@require_POST
@moderator_required
def bulk_approve(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    ids = [value for value in request.POST.getlist("post") if value.isdigit()]
    posts = list(wall.posts.filter(pk__in=ids).exclude(status=Post.Status.APPROVED).order_by("received_at", "id"))
    if posts:
        actions.bulk_approve(posts, request.user)
    if posts:
        message = ngettext("%(count)d post approved.", "%(count)d posts approved.", len(posts)) % {"count": len(posts)}
    else:
        message = gettext("No posts were selected.")
    if wants_json(request):
        return JsonResponse({"ok": True, "message": message, "approved": [post.pk for post in posts]})
    (messages.success if posts else messages.warning)(request, message)
    return _back(request, wall)


@require_POST
@moderator_required
def toggle_contributions(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    wall.contributions_open = request.POST.get("open") == "1"
    wall.save(update_fields=["contributions_open", "updated_at"])
    if wall.contributions_open:
        message = gettext("Contributions to “%(title)s” are now open.")
    else:
        message = gettext("Contributions to “%(title)s” are now closed.")
    messages.success(request, message % {"title": wall.title})
    return _back(request, wall)
