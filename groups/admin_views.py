"""The directory's moderation queue in the Wagtail admin: listings by status, approve or reject
(with a reason from the list), for directory moderators only. Plain POST forms; groups.moderation
does the work and the permission check."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from . import moderation, tokens
from .choices import ListingStatus, RejectionReason
from .models import GroupListing

URL_NAMESPACE = "groups_moderation"
STATUS_FILTERS = [
    (ListingStatus.PENDING, _("Waiting")),
    (ListingStatus.APPROVED, _("Listed")),
    (ListingStatus.REJECTED, _("Not listed")),
]
MESSAGES = {moderation.APPROVE: _("Listed."), moderation.REJECT: _("Not listed; the group is told why.")}


def _moderator(request):
    if not moderation.can_moderate(request.user):
        raise PermissionDenied


@require_GET
def queue(request):
    _moderator(request)
    status = request.GET.get("status", ListingStatus.PENDING)
    if status not in dict(STATUS_FILTERS):
        status = ListingStatus.PENDING
    listings = (
        GroupListing.objects.filter(status=status)
        .select_related("supported_by")
        .with_vocabularies()
        .order_by("confirmed_at", "pk")
    )
    return TemplateResponse(
        request,
        "groups/admin/queue.html",
        {
            "listings": listings,
            "status": status,
            "status_filters": STATUS_FILTERS,
            "reasons": RejectionReason.choices,
            "page_title": _("Groups directory"),
            "header_icon": "group",
        },
    )


@require_POST
def act(request, pk, action):
    _moderator(request)
    listing = GroupListing.objects.filter(pk=pk).first()
    if listing is None or action not in moderation.ACTIONS:
        raise Http404

    def urls_for(row):
        public = request.build_absolute_uri(reverse("groups:detail", args=[row.pk]))
        manage = request.build_absolute_uri(
            reverse("groups:manage") + "?" + urlencode({"token": tokens.make_manage_token(row)})
        )
        return public, manage

    try:
        moderation.act(listing, request.user, action, reason=request.POST.get("reason", ""), urls_for=urls_for)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, MESSAGES[action])
    status = request.POST.get("status", "")
    return redirect(reverse(f"{URL_NAMESPACE}:index") + (f"?status={status}" if status in dict(STATUS_FILTERS) else ""))
