"""The one way in and through for submissions and co-signatures: create (unconfirmed, e-mail
queued after commit), confirm (single use), moderate (by the discussion's moderating organisation)
and the response notification (once per confirmed contact, however often it is asked for).

`add_wall_question` is the live wall's way in (its moderators send a question from the room): plain
values only, so the hub never imports the wall's models."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from home.languages import originals

from . import signals, tasks
from .choices import GroupKind, Platform, SubmissionStatus
from .languages import active_language, known_language
from .models import (
    MAX_CONCLUSIONS_LENGTH,
    UNCONFIRMED_RETENTION,
    CoSignature,
    DiscussionPage,
    Submission,
    SubmissionAction,
)
from .moderation import can_moderate, discussions_for, record_in_audit_log
from .tokens import COSIGNATURE, SUBMISSION, Confirmation, make_token

logger = logging.getLogger(__name__)


def create_submission(discussion, data, confirm_url_for):
    """Save a submission from a valid SubmissionForm's cleaned_data; e-mail its confirmation link.

    `confirm_url_for(token)` builds the absolute link (the request knows the host).
    """
    attachment = data.get("attachment")
    submission = Submission(
        discussion=discussion,
        group_name=data["group_name"],
        show_group_name=data.get("show_group_name", False),
        group_kind=data["group_kind"],
        people_count=data["people_count"],
        area=data["area"],
        platform=data["platform"],
        discussion_link=data.get("discussion_link", ""),
        conclusions=data["conclusions"],
        written_in=known_language(data.get("written_in")) or active_language(),
        contact_email=data["contact_email"],
        interface_language=active_language(),
        we_are_listed=data.get("we_are_listed", False),
        consent=data["consent"],
    )
    if attachment:
        file, kind = attachment
        submission.attachment = file
        submission.attachment_type = kind
    with transaction.atomic():
        delete_unconfirmed()  # the hub forgets stale unconfirmed rows as new ones arrive
        submission.save()
        url = confirm_url_for(make_token(SUBMISSION, submission.pk, submission.contact_email))
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(SUBMISSION, submission.pk, url))
    return submission


def create_cosignature(submission, data, confirm_url_for):
    cosignature = CoSignature(
        submission=submission,
        group_name=data["group_name"],
        show_group_name=data.get("show_group_name", False),
        group_kind=data["group_kind"],
        people_count=data["people_count"],
        area=data["area"],
        contact_email=data["contact_email"],
        interface_language=active_language(),
        we_are_listed=data.get("we_are_listed", False),
    )
    with transaction.atomic():
        cosignature.save()
        url = confirm_url_for(make_token(COSIGNATURE, cosignature.pk, cosignature.contact_email))
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(COSIGNATURE, cosignature.pk, url))
    return cosignature


MAX_WALL_NAME_LENGTH = 120


def discussions_for_wall_questions(user):
    """The live discussions `user` may publish a wall question in (those they moderate), by title."""
    return discussions_for(user, originals(DiscussionPage.objects.live()).order_by("title"))


def add_wall_question(discussion, *, question, wall_title, user, now=None):
    """Publish a question asked on a live wall as an approved submission of `discussion`.

    The user must moderate the discussion (PermissionDenied otherwise): the row is published at
    once, as their approval. It has no contact, so nobody is e-mailed; it is not echoed back to a
    wall (only `moderation.act` approvals are). `question` is plain text already cleaned by the wall.
    """
    if not can_moderate(user, discussion):
        raise PermissionDenied("Only the discussion's moderating organisation can publish in it.")
    question = (question or "").strip()[:MAX_CONCLUSIONS_LENGTH]
    if not question:
        raise ValueError("The question is empty.")
    now = now or timezone.now()
    name = f"A question from the live wall “{wall_title}”"
    if len(name) > MAX_WALL_NAME_LENGTH:
        name = "A question from the event's live wall"
    with transaction.atomic():
        submission = Submission.objects.create(
            discussion=discussion,
            group_name=name,
            show_group_name=True,
            group_kind=GroupKind.INDIVIDUAL,
            people_count=1,
            area="",
            platform=Platform.LIVE_WALL,
            conclusions=question,
            contact_email="",
            consent=True,
            status=SubmissionStatus.APPROVED,
            created_at=now,
            confirmed_at=now,
            moderated_at=now,
            moderated_by=user,
            from_wall=wall_title[:200],
        )
        logged = SubmissionAction.objects.create(
            submission=submission, user=user, action=SubmissionAction.Action.APPROVE
        )
        record_in_audit_log(submission, discussion, user, logged)
    return submission


class ConfirmOutcome:
    CONFIRMED = "confirmed"
    ALREADY = "already"
    ALREADY_AGREED = "already_agreed"  # this e-mail had already agreed with that submission
    GONE = "gone"  # deleted (unconfirmed for too long) or not in this discussion


def confirm(discussion, confirmation: Confirmation, now=None):
    """Mark what the token names as confirmed; returns a ConfirmOutcome value."""
    now = now or timezone.now()
    with transaction.atomic():
        if confirmation.kind == SUBMISSION:
            row = (
                Submission.objects.select_for_update()
                .filter(pk=confirmation.pk, discussion=discussion, contact_email__iexact=confirmation.email)
                .first()
            )
            if row is None:
                return ConfirmOutcome.GONE
            if row.confirmed_at:
                return ConfirmOutcome.ALREADY
            row.confirmed_at = now
            row.status = SubmissionStatus.PENDING
            row.save(update_fields=["confirmed_at", "status"])
            signals.contribution_confirmed.send(sender=Submission, instance=row)
            return ConfirmOutcome.CONFIRMED
        row = (
            CoSignature.objects.select_for_update()
            .filter(
                pk=confirmation.pk,
                submission__discussion=discussion,
                contact_email__iexact=confirmation.email,
            )
            .first()
        )
        if row is None:
            return ConfirmOutcome.GONE
        if row.confirmed_at:
            return ConfirmOutcome.ALREADY
        already = row.submission.cosignatures.filter(
            confirmed_at__isnull=False, contact_email__iexact=row.contact_email
        ).exists()
        if already or row.submission.contact_email.lower() == row.contact_email.lower():
            row.delete()
            return ConfirmOutcome.ALREADY_AGREED
        row.confirmed_at = now
        row.save(update_fields=["confirmed_at"])
        signals.contribution_confirmed.send(sender=CoSignature, instance=row)
        return ConfirmOutcome.CONFIRMED


def delete_unconfirmed(now=None):
    """Delete submissions and co-signatures left unconfirmed past the retention period."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_RETENTION
    submissions, _ = Submission.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    cosignatures, _ = CoSignature.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return submissions, cosignatures
