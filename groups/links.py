"""How a listing is linked to what its group sent to the hub, and unlinked when it leaves.

The link is the confirmed e-mail address, and only with the group's say-so: a hub submission or
co-signature whose sender ticked "we are listed" is linked to the approved listing with the same
e-mail (case-insensitive), when the contribution is confirmed or when the listing is approved,
whichever comes later. A contribution sent without the group's name is never linked: the link
would name it. The public pages follow the link (a foreign key), never the e-mail.
"""

from hub.models import CoSignature, Submission

from .choices import ListingStatus
from .models import GroupListing

LINKED_MODELS = (Submission, CoSignature)


def link_contributions(listing):
    """Link the listing's group's confirmed "we are listed" contributions to it (if it is listed)."""
    if listing.status != ListingStatus.APPROVED:
        return 0
    linked = 0
    for model in LINKED_MODELS:
        linked += model.objects.filter(
            listing__isnull=True,
            we_are_listed=True,
            show_group_name=True,
            confirmed_at__isnull=False,
            contact_email__iexact=listing.contact_email,
        ).update(listing=listing)
    return linked


def on_contribution_confirmed(sender, instance, **kwargs):
    """hub.signals.contribution_confirmed receiver (connected in apps.py)."""
    if not instance.we_are_listed or not instance.show_group_name or instance.listing_id:
        return
    listing = GroupListing.objects.listed().filter(contact_email__iexact=instance.contact_email).order_by("pk").first()
    if listing is not None:
        type(instance).objects.filter(pk=instance.pk).update(listing=listing)
        instance.listing = listing


def unlink_contributions(listing):
    """Before a listing is deleted: its past contributions stay public, but anonymous
    ("a <kind> in <area>"), and no longer point at it. Returns how many were unlinked."""
    unlinked = 0
    for model in LINKED_MODELS:
        unlinked += model.objects.filter(listing=listing).update(
            listing=None, show_group_name=False, we_are_listed=False
        )
    return unlinked
