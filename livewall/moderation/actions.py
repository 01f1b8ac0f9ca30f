"""Moderators' actions on posts. Each one logs a ModerationAction (who, when), records the change
viewers can see as a WallEvent, all in one transaction, and broadcasts after commit.

Each action is also written to Wagtail's audit log (`livewall.<action>`), in the same transaction:
that is the portal's one moderation log, where the hub's actions (`hub.<action>`) are written
too, so the admin's Reports > Site history shows every moderation decision, wall and hub, on record.

Viewer events: a post becoming visible -> "published"; a visible post leaving the wall ->
"removed"; a visible post pinned, unpinned or its question answered -> "updated". Changes to posts viewers cannot see
(pending, rejected, hidden) produce no viewer event, only a push to the moderators.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from livewall.models import ModerationAction, Post, Wall, WallEvent
from livewall.stream import publisher
from livewall.stream.held_back import HELD_BACK_STATUSES

PERMISSION = "livewall.moderate_wall"
LOG_PREFIX = "livewall."
Action = ModerationAction.Action
Status = Post.Status


def can_moderate(user):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(PERMISSION))


def _check(user):
    if not can_moderate(user):
        raise PermissionDenied("You do not have permission to moderate live walls.")


def _apply(post, user, action, *, status=None, pinned=None, answered=None, note=""):
    """Change `post` under a row lock, log `action`, append the viewer event if any; broadcast on commit."""
    with transaction.atomic():
        # Lock order everywhere: the wall row, then the post row (bulk actions cannot deadlock).
        Wall.objects.select_for_update().filter(pk=post.wall_id).only("pk").first()
        current = Post.objects.select_for_update().select_related("wall").get(pk=post.pk)
        was_visible = current.status == Status.APPROVED
        was_held_back = current.status in HELD_BACK_STATUSES
        fields = []
        if status is not None and current.status != status:
            current.status = status
            fields.append("status")
        if pinned is not None and current.pinned != pinned:
            current.pinned = pinned
            fields.append("pinned")
        if answered is not None and (current.answered_at is not None) != answered:
            current.answered_at = timezone.now() if answered else None
            fields.append("answered_at")
        if fields:
            current.save(update_fields=fields)
        logged = ModerationAction.objects.create(
            wall=current.wall, post=current, user=user, action=action, note=note[:255]
        )
        _record_in_audit_log(current, user, action, logged.note)
        is_visible = current.status == Status.APPROVED
        kind = None
        if is_visible and not was_visible:
            kind = WallEvent.Kind.PUBLISHED
        elif was_visible and not is_visible:
            kind = WallEvent.Kind.REMOVED
        elif is_visible and ("pinned" in fields or "answered_at" in fields):
            kind = WallEvent.Kind.UPDATED
        event = publisher.append_event(current.wall, current, kind) if kind else None
        publisher.publish_on_commit(event=event, post=current, last_action=logged)
        # The public count of held-back posts moved (a deletion at the source leaves it: not counted).
        if action == Action.DELETE_AT_SOURCE or was_held_back != (current.status in HELD_BACK_STATUSES):
            publisher.publish_held_back_on_commit(current.wall)
    # Hand the caller the fresh state.
    post.status, post.pinned, post.seq = current.status, current.pinned, current.seq
    post.answered_at = current.answered_at
    return current


def log_action_name(action):
    return f"{LOG_PREFIX}{action}"


def _record_in_audit_log(post, user, action, note):
    # The label names the wall and the post's number, never the post's text: the log outlives
    # the retention of contributors' words.
    log(
        instance=post,
        action=log_action_name(action),
        user=user,
        title=f"{post.wall.title}: post {post.pk}",
        data={"wall": post.wall.slug, "post": post.pk, "note": note},
    )


def approve(post, user):
    _check(user)
    return _apply(post, user, Action.APPROVE, status=Status.APPROVED)


def reject(post, user):
    _check(user)
    return _apply(post, user, Action.REJECT, status=Status.REJECTED, pinned=False)


def hide(post, user):
    _check(user)
    return _apply(post, user, Action.HIDE, status=Status.HIDDEN, pinned=False)


def pin(post, user):
    _check(user)
    return _apply(post, user, Action.PIN, pinned=True)


def unpin(post, user):
    _check(user)
    return _apply(post, user, Action.UNPIN, pinned=False)


def answer(post, user):
    """The panel answered the question: it leaves the open questions for the answered list."""
    _check(user)
    return _apply(post, user, Action.ANSWER, answered=True)


def bulk_approve(posts, user):
    """Approve several posts in one transaction (one event each, broadcast after the commit)."""
    _check(user)
    with transaction.atomic():
        return [_apply(post, user, Action.APPROVE, status=Status.APPROVED) for post in posts]


def remove_at_source(post, note="Deleted by its author at the source"):
    """The author deleted the post where it came from: take it off the wall (no user: the system)."""
    return _apply(post, None, Action.DELETE_AT_SOURCE, status=Status.HIDDEN, pinned=False, note=note)


ACTIONS = {"approve": approve, "reject": reject, "hide": hide, "pin": pin, "unpin": unpin, "answer": answer}
