"""The one way in and through for listings: create (unconfirmed, e-mail queued after commit),
confirm (single use), update and remove through the private link, send the private link again.
Moderation is in moderation.py."""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from hub.languages import active_language, email_language

from . import links, tasks, tokens
from .choices import ListingStatus
from .models import UNCONFIRMED_RETENTION, Area, GroupListing

PUBLISHED_FIELDS = [
    "name",
    "show_name",
    "kind",
    "description",
    "written_in",
    "size",
    "channel_url",
    "other_url",
    "meeting",
    "supported_by",
]


def _apply(listing, data):
    for field in PUBLISHED_FIELDS:
        setattr(listing, field, data.get(field) if field == "supported_by" else data.get(field, ""))
    listing.show_name = bool(data.get("show_name"))


def _set_vocabularies(listing, data):
    listing.areas.set([Area.for_name(name) for name in data["areas"]])
    listing.topics.set(data.get("topics") or [])
    listing.languages.set(data.get("languages") or [])


def create_listing(data, urls_for):
    """Save a listing from a valid ListingForm's cleaned_data; e-mail its confirmation link.

    `urls_for(confirm_token, manage_token)` builds the two absolute links (the request knows the host).
    """
    # The e-mails to the group are in the interface language it listed itself in (hub.languages).
    listing = GroupListing(contact_email=data["contact_email"], interface_language=active_language())
    _apply(listing, data)
    with transaction.atomic():
        delete_unconfirmed()  # the directory forgets stale unconfirmed listings as new ones arrive
        listing.save()
        _set_vocabularies(listing, data)
        confirm_url, manage_url = urls_for(tokens.make_confirm_token(listing), tokens.make_manage_token(listing))
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(listing.pk, confirm_url, manage_url))
    return listing


class ConfirmOutcome:
    CONFIRMED = "confirmed"
    ALREADY = "already"
    GONE = "gone"


def confirm(token: tokens.ListingToken, now=None):
    with transaction.atomic():
        listing = (
            GroupListing.objects.select_for_update().filter(pk=token.pk, contact_email__iexact=token.email).first()
        )
        if listing is None:
            return ConfirmOutcome.GONE
        if listing.confirmed_at:
            return ConfirmOutcome.ALREADY
        listing.confirmed_at = now or timezone.now()
        listing.status = ListingStatus.PENDING
        listing.save(update_fields=["confirmed_at", "status"])
        return ConfirmOutcome.CONFIRMED


def listing_for_manage_token(token: tokens.ListingToken):
    return GroupListing.objects.filter(pk=token.pk, contact_email__iexact=token.email).first()


def update_listing(listing, data):
    """Apply the group's changes. A listed group's changes are reviewed again before they are
    public, so the listing waits for moderation (hidden) until a moderator approves it."""
    with transaction.atomic():
        _apply(listing, data)
        listing.updated_at = timezone.now()
        fields = [*PUBLISHED_FIELDS, "updated_at"]
        if listing.confirmed_at is None:
            # Updating through the private link proves the e-mail as well as the confirmation does.
            listing.confirmed_at = listing.updated_at
            fields.append("confirmed_at")
        listing.status = ListingStatus.PENDING
        listing.rejection_reason = ""
        listing.save(update_fields=[*fields, "status", "rejection_reason"])
        _set_vocabularies(listing, data)
    return listing


def remove_listing(listing):
    """Delete the listing; its past public contributions stay, unlinked and anonymous."""
    with transaction.atomic():
        unlinked = links.unlink_contributions(listing)
        listing.delete()
    return unlinked


def resend_private_links(email, manage_url_for):
    """E-mail (from a task after the commit) the private link of each confirmed listing whose
    contact e-mail is `email`. Returns nothing: the page answers the same whether or not one is.

    `manage_url_for(manage_token)` builds the absolute link (the request knows the host).
    """
    with transaction.atomic():
        listings = GroupListing.objects.filter(contact_email__iexact=email, confirmed_at__isnull=False)
        for listing in listings.only("pk", "contact_email", "interface_language"):
            # The e-mail is in the language the group listed itself in, and so is the link in it.
            with override(email_language(listing)):
                manage_url = manage_url_for(tokens.make_manage_token(listing))
            transaction.on_commit(partial(tasks.send_private_link.enqueue, listing.pk, manage_url))


def delete_unconfirmed(now=None):
    cutoff = (now or timezone.now()) - UNCONFIRMED_RETENTION
    _total, per_model = GroupListing.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return per_model.get(GroupListing._meta.label, 0)
