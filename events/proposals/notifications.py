"""Receivers (connected in events/apps.py): a proposed event published, or its moderation declined,
marks the proposal and queues the proposer's e-mail after the commit."""

from django.db import transaction
from django.utils import timezone

from . import tasks
from .models import EventProposal


def _decide(page_id, outcome, url):
    proposal = EventProposal.objects.filter(page_id=page_id, outcome=EventProposal.Outcome.WAITING).first()
    if proposal is None:
        return False
    proposal.outcome = outcome
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["outcome", "decided_at"])
    transaction.on_commit(lambda: tasks.notify_proposer.enqueue(proposal.pk, url))
    return True


def on_page_published(sender, instance, **kwargs):
    _decide(instance.pk, EventProposal.Outcome.PUBLISHED, instance.get_full_url())


def on_workflow_rejected(sender, instance, **kwargs):
    """wagtail.signals.workflow_rejected: instance is the WorkflowState of a page or snippet; only
    an event page can be a proposal."""
    from events.models import EventPage

    model = instance.content_type.model_class()
    if model is None or not issubclass(model, EventPage):
        return
    _decide(int(instance.object_id), EventProposal.Outcome.DECLINED, "")
