"""The proposer's e-mail when an editor publishes or declines the event (django_tasks). The row is
claimed (notified_at) before the message goes, so a second run sends nothing."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import EventProposal


@task()
def notify_proposer(proposal_id, url):
    with transaction.atomic():
        proposal = EventProposal.objects.select_for_update().filter(pk=proposal_id, notified_at__isnull=True).first()
        if proposal is None or proposal.outcome == EventProposal.Outcome.WAITING:
            return "nothing to send"
        proposal.notified_at = timezone.now()
        proposal.save(update_fields=["notified_at"])
        context = {"proposal": proposal, "url": url}
        kind = proposal.outcome
        # In the language the event was proposed in, whatever is active where the task runs.
        with translation.override(proposal.language or settings.LANGUAGE_CODE):
            subject = render_to_string(f"events/emails/proposal_{kind}_subject.txt", context).strip()
            body = render_to_string(f"events/emails/proposal_{kind}.txt", context)
        EmailMessage(subject, body, None, [proposal.proposer_email]).send()
    return "sent"
