"""The directory's background e-mail, through Django's tasks framework (immediate in the embedded
set-up, the database-backed worker in scale-out). Tasks take ids and re-read the rows."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import override
from django_tasks import task

from hub.languages import email_language

from .models import GroupListing


def _send(template, context, listing):
    """Render and send one e-mail to the listing's group, in the language it listed itself in."""
    with override(email_language(listing)):
        subject = render_to_string(f"groups/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"groups/emails/{template}.txt", context)
    send_mail(subject, body, None, [listing.contact_email])


@task()
def send_confirmation(pk, confirm_url, manage_url):
    listing = GroupListing.objects.filter(pk=pk, confirmed_at__isnull=True).first()
    if listing is None:
        return "nothing to confirm"
    _send("confirm_listing", {"listing": listing, "url": confirm_url, "manage_url": manage_url}, listing)
    return "sent"


@task()
def send_decision(pk, listing_url, manage_url):
    """Tell the group its listing is public (or was not listed), with its private link again."""
    listing = GroupListing.objects.filter(pk=pk).first()
    if listing is None:
        return "gone"
    _send("decision", {"listing": listing, "url": listing_url, "manage_url": manage_url}, listing)
    return "sent"


@task()
def send_private_link(pk, manage_url):
    """The private link again, asked for on /groups/manage/resend/ (confirmed listings only)."""
    listing = GroupListing.objects.filter(pk=pk, confirmed_at__isnull=False).first()
    if listing is None:
        return "gone"
    _send("private_link", {"listing": listing, "manage_url": manage_url}, listing)
    return "sent"
