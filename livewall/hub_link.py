"""The wall's questions sent to a discussion of the hub: the action and its admin page.

A wall moderator who also moderates a hub discussion (hub.moderation) sends an approved question
there; it is published at once as a submission marked as coming from the wall
(`hub.services.add_wall_question`, the hub's one entry point for this: the hub never imports the
wall's models), and the wall's moderation log records it. Sits beside pages, consumers and
sources: it imports moderation (who may moderate a wall), stream.publisher (the queue rows'
broadcast), models and hub.services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from hub import services as hub_services
from livewall.models import ModerationAction, Post, Wall
from livewall.moderation import actions
from livewall.stream import publisher


class NotAQuestion(ValueError):
    """Only approved questions can be sent to a discussion."""


def send_question(post, discussion, user):
    """Publish `post` (an approved question) in the hub `discussion`; returns the hub Submission.

    PermissionDenied unless `user` moderates live walls AND the discussion.
    """
    if not actions.can_moderate(user):
        raise PermissionDenied("You do not have permission to moderate live walls.")
    if not post.is_question or post.status != Post.Status.APPROVED:
        raise NotAQuestion("Only approved questions can be sent to a discussion.")
    with transaction.atomic():
        submission = hub_services.add_wall_question(
            discussion, question=post.text, wall_title=post.wall.title, user=user
        )
        logged = ModerationAction.objects.create(
            wall=post.wall,
            post=post,
            user=user,
            action=ModerationAction.Action.SEND_TO_HUB,
            note=f"to {discussion.title}"[:255],
        )
        # The queue's row now says so: every moderator's open queue gets it (no viewer event).
        publisher.publish_on_commit(post=post, last_action=logged)
    return submission


@require_http_methods(["GET", "POST"])
@permission_required(actions.PERMISSION, raise_exception=True)
def send_to_discussion(request, slug, post_id):
    """GET: the discussions this moderator may send the question to; POST: send it."""
    wall = get_object_or_404(Wall, slug=slug)
    post = get_object_or_404(Post, pk=post_id, wall=wall, is_question=True, status=Post.Status.APPROVED)
    discussions = hub_services.discussions_for_wall_questions(request.user)
    error = ""
    if request.method == "POST":
        discussion = discussions.filter(pk=request.POST.get("discussion") or 0).first()
        if discussion is None:
            error = "Choose one of the discussions you moderate."
        else:
            send_question(post, discussion, request.user)
            messages.success(request, f"Question published in “{discussion.title}”.")
            return redirect(reverse("livewall_moderation:queue", args=[wall.slug]) + "?status=approved")
    context = {
        "wall": wall,
        "post": post,
        "discussions": discussions,
        "error": error,
        "page_title": "Send a question to a discussion",
        "header_icon": "tasks",
    }
    return TemplateResponse(request, "livewall/admin/send_to_discussion.html", context, status=400 if error else 200)
