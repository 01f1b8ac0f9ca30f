"""The hub's moderation queues in the Wagtail admin.

The index lists the discussions a user may read (moderating organisation, officials, superusers),
overdue ones flagged. A queue shows one discussion's submissions by status; approve and reject
(with a reason from the published list) are for the moderating organisation only, "mark as read"
also for officials. Plain POST forms; hub.moderation does the work and the permission checks.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from home.languages import originals

from . import moderation
from .choices import RejectionReason, SubmissionStatus
from .models import DiscussionPage, Submission

URL_NAMESPACE = "hub_moderation"
STATUS_FILTERS = [
    (SubmissionStatus.PENDING, _("Waiting")),
    (SubmissionStatus.APPROVED, _("Published")),
    (SubmissionStatus.REJECTED, _("Not published")),
]


def admin_url(name, *args):
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def _readable(request, pk):
    discussion = get_object_or_404(DiscussionPage, pk=pk)
    if not moderation.can_read(request.user, discussion):
        raise PermissionDenied
    return discussion


@require_GET
def discussion_list(request):
    today = timezone.localdate()
    discussions = moderation.discussions_for(
        request.user,
        # One row per discussion: its translations share its conclusions (DiscussionPage.original_discussion).
        originals(DiscussionPage.objects.order_by("-closes_on")).annotate(
            waiting=Count("submissions", filter=Q(submissions__status=SubmissionStatus.PENDING))
        ),
    )
    rows = [
        {
            "discussion": d,
            "status": d.status_label(today),
            "overdue_days": d.overdue_days(today),
            "waiting": d.waiting,
            "can_moderate": moderation.can_moderate(request.user, d),
        }
        for d in discussions
    ]
    return TemplateResponse(
        request, "hub/admin/discussion_list.html", {"rows": rows, "page_title": _("Hub queues"), "header_icon": "group"}
    )


@require_GET
def queue(request, pk):
    discussion = _readable(request, pk)
    status = request.GET.get("status", SubmissionStatus.PENDING)
    if status not in SubmissionStatus.values or status == SubmissionStatus.UNCONFIRMED:
        status = SubmissionStatus.PENDING
    submissions = Submission.objects.filter(discussion=discussion, status=status).order_by("confirmed_at", "pk")
    return TemplateResponse(
        request,
        "hub/admin/queue.html",
        {
            "discussion": discussion,
            "submissions": submissions,
            "status": status,
            "status_filters": STATUS_FILTERS,
            "reasons": RejectionReason.choices,
            "can_moderate": moderation.can_moderate(request.user, discussion),
            "overdue_days": discussion.overdue_days(),
            "page_title": _("Conclusions: %(title)s") % {"title": discussion.title},
            "header_icon": "group",
        },
    )


MESSAGES = {
    moderation.Action.APPROVE: _("Published."),
    moderation.Action.REJECT: _("Not published; the reason counts in the public moderation report."),
    moderation.Action.MARK_READ: _("Marked as read by officials."),
}


@require_POST
def act(request, pk, submission_id, action):
    discussion = _readable(request, pk)
    submission = Submission.objects.filter(pk=submission_id, discussion=discussion).first()
    if submission is None or action not in moderation.Action.values:
        raise Http404
    try:
        moderation.act(submission, request.user, action, reason=request.POST.get("reason", ""))
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, MESSAGES[action])
    return redirect(admin_url("queue", discussion.pk) + f"?status={request.POST.get('status', 'pending')}")
