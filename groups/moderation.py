"""Who may moderate the directory, and the moderation actions.

Directory moderators hold the `groups.moderate_grouplisting` permission (give it to a Wagtail group,
e.g. the council for voluntary service's staff); superusers may too. An action locks the listing,
changes it, links the group's hub contributions on approval and queues the decision e-mail, in one
transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hub.languages import email_language

from . import links, tasks
from .choices import ListingStatus, RejectionReason
from .models import GroupListing

APPROVE = "approve"
REJECT = "reject"
ACTIONS = (APPROVE, REJECT)
PERMISSION = "groups.moderate_grouplisting"


def can_moderate(user):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(PERMISSION))


def act(listing, user, action, reason="", urls_for=None):
    """Approve or reject; PermissionDenied unless `user` may; ValueError for an unusable request.

    `urls_for(listing)` gives (public url, private management url) for the decision e-mail.
    """
    if not can_moderate(user):
        raise PermissionDenied(_("Only directory moderators can moderate listings."))
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}.")
    if action == REJECT and reason not in RejectionReason.values:
        raise ValueError(_("Choose a reason from the list."))
    with transaction.atomic():
        current = GroupListing.objects.select_for_update().get(pk=listing.pk)
        if current.status == ListingStatus.UNCONFIRMED:
            raise ValueError(_("This listing has not been confirmed by its group yet."))
        if action == APPROVE:
            current.status, current.rejection_reason = ListingStatus.APPROVED, ""
        else:
            current.status, current.rejection_reason = ListingStatus.REJECTED, reason
        current.moderated_at = timezone.now()
        current.moderated_by = user
        current.save(update_fields=["status", "rejection_reason", "moderated_at", "moderated_by"])
        if action == APPROVE:
            links.link_contributions(current)
        if urls_for is not None:
            # The decision e-mail is in the group's language, and so are the links in it.
            with override(email_language(current)):
                public_url, manage_url = urls_for(current)
            transaction.on_commit(lambda: tasks.send_decision.enqueue(current.pk, public_url, manage_url))
    return current
