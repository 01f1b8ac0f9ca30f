"""The hub's background work, through Django's tasks framework (immediate in the embedded set-up,
the database-backed worker in scale-out): confirmation e-mails and the response notification.

Tasks take ids, never model instances, and re-read the rows: a task may run late, or twice.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from django_tasks import task

from .languages import email_language, in_language, known_language
from .models import CoSignature, DiscussionPage, Submission
from .tokens import SUBMISSION

logger = logging.getLogger(__name__)


def _send(template, context, to, language):
    """Render and send one e-mail in `language` (the one the person used on the site)."""
    with override(language):
        subject = render_to_string(f"hub/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"hub/emails/{template}.txt", context)
    send_mail(subject, body, None, [to])


@task()
def send_confirmation(kind, pk, url):
    model = Submission if kind == SUBMISSION else CoSignature
    row = model.objects.filter(pk=pk, confirmed_at__isnull=True).first()
    if row is None:
        return "nothing to confirm"
    discussion = row.discussion if kind == SUBMISSION else row.submission.discussion
    _send(
        "confirm_submission" if kind == SUBMISSION else "confirm_cosignature",
        {"row": row, "discussion": discussion, "url": url},
        row.contact_email,
        email_language(row),
    )
    return "sent"


def _confirmed_contacts(discussion):
    """Every confirmed contact of the discussion, as (model, pk, e-mail, language), each e-mail once
    (in the language of the first row that address sent)."""
    seen = set()
    submissions = Submission.objects.filter(discussion=discussion, confirmed_at__isnull=False)
    cosignatures = CoSignature.objects.filter(submission__discussion=discussion, confirmed_at__isnull=False)
    for model, rows in ((Submission, submissions), (CoSignature, cosignatures)):
        # Questions sent from a live wall have no contact ("").
        contacts = rows.exclude(contact_email="").order_by("pk")
        for pk, email, language in contacts.values_list("pk", "contact_email", "interface_language"):
            if email.lower() not in seen:
                seen.add(email.lower())
                yield model, pk, email, known_language(language) or settings.LANGUAGE_CODE


@task()
def notify_response(discussion_id, url):
    """One message per confirmed contact with a link to the published response.

    Each row is claimed under a lock before its message goes out (response_notified_at), so a second
    run of this task, or two runs at once, send nothing twice. An e-mail address that several rows
    share is told once.
    """
    discussion = DiscussionPage.objects.filter(pk=discussion_id).first()
    if discussion is None or not discussion.has_response():
        return 0
    sent = 0
    already_told = set(
        email.lower()
        for email in Submission.objects.filter(discussion=discussion, response_notified_at__isnull=False).values_list(
            "contact_email", flat=True
        )
    ) | set(
        email.lower()
        for email in CoSignature.objects.filter(
            submission__discussion=discussion, response_notified_at__isnull=False
        ).values_list("contact_email", flat=True)
    )
    for model, pk, email, language in _confirmed_contacts(discussion):
        if email.lower() in already_told:
            continue
        with transaction.atomic():
            claimed = model.objects.filter(pk=pk, response_notified_at__isnull=True).update(
                response_notified_at=timezone.now()
            )
            if not claimed:
                continue
            # `url` is the discussion's English address; each person gets it under their language's prefix.
            _send("response_published", {"discussion": discussion, "url": in_language(url, language)}, email, language)
        already_told.add(email.lower())
        sent += 1
    return sent
