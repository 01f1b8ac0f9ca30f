"""Who may moderate or read a discussion's submissions, and the moderation actions themselves.

A discussion names its moderating organisation (a Wagtail group): only its members and superusers
moderate. The asking body's officials (another group) read conclusions and mark them as read, but
never approve or reject. Each action locks the submission row, changes it and logs who did it, in
one transaction: in the hub's own table (for the public moderation report) and in Wagtail's audit
log, the portal's one moderation log shared with the live wall (`hub.<action>` beside
`livewall.<action>`: the admin's Reports > Site history).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import wall_feed
from .choices import RejectionReason, SubmissionStatus
from .models import Submission, SubmissionAction

Action = SubmissionAction.Action
LOG_PREFIX = "hub."


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def _group_ids(user):
    # Asked once per request and user (a list of discussions asks for each row).
    if not hasattr(user, "_hub_group_ids"):
        user._hub_group_ids = frozenset(user.groups.values_list("pk", flat=True))
    return user._hub_group_ids


def _in_group(user, group_id):
    return group_id is not None and group_id in _group_ids(user)


def can_moderate(user, discussion):
    if not _active(user):
        return False
    return user.is_superuser or _in_group(user, discussion.moderating_group_id)


def can_read(user, discussion):
    if not _active(user):
        return False
    return can_moderate(user, discussion) or _in_group(user, discussion.officials_group_id)


def discussions_for(user, discussions):
    """The discussions among `discussions` (a queryset) whose queue `user` may open, in one query."""
    if not _active(user):
        return discussions.none()
    if user.is_superuser:
        return discussions
    groups = user.groups.values("pk")
    return discussions.filter(Q(moderating_group__in=groups) | Q(officials_group__in=groups))


def log_action_name(action):
    return f"{LOG_PREFIX}{action}"


def record_in_audit_log(submission, discussion, user, logged):
    # The portal's one moderation log is Wagtail's audit log, shared with the live wall (whose
    # actions are `livewall.<action>`). The label names the discussion and the submission's
    # number, never the group or its words.
    log(
        instance=submission,
        action=log_action_name(logged.action),
        user=user,
        title=f"{discussion.title}: submission {submission.pk}",
        data={"discussion": discussion.pk, "submission": submission.pk, "reason": logged.reason},
    )


def act(submission, user, action, reason=""):
    """Apply one action; PermissionDenied unless `user` may; ValueError for an unusable request."""
    discussion = submission.discussion
    if action == Action.MARK_READ:
        if not can_read(user, discussion):
            raise PermissionDenied(_("You cannot read this discussion's submissions."))
    elif not can_moderate(user, discussion):
        raise PermissionDenied(_("Only the discussion's moderating organisation can moderate it."))
    if action == Action.REJECT and reason not in RejectionReason.values:
        raise ValueError(_("Choose a reason from the published list."))
    if action not in Action.values:
        raise ValueError(f"Unknown action {action!r}.")
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.status == SubmissionStatus.UNCONFIRMED:
            raise ValueError(_("This submission has not been confirmed by its sender yet."))
        fields = []
        if action == Action.APPROVE:
            current.status, current.rejection_reason = SubmissionStatus.APPROVED, ""
            fields += ["status", "rejection_reason"]
        elif action == Action.REJECT:
            current.status, current.rejection_reason = SubmissionStatus.REJECTED, reason
            fields += ["status", "rejection_reason"]
        else:
            current.read_by_officials = True
            fields.append("read_by_officials")
        if action != Action.MARK_READ:
            if current.moderated_at is None:
                current.moderated_at = timezone.now()
            current.moderated_by = user
            fields += ["moderated_at", "moderated_by"]
        current.save(update_fields=fields)
        logged = SubmissionAction.objects.create(
            submission=current, user=user, action=action, reason=reason if action == Action.REJECT else ""
        )
        record_in_audit_log(current, discussion, user, logged)
        if action == Action.APPROVE:
            wall_feed.send_on_commit(current)
    return current
