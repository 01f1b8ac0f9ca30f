"""Who proposed an event: the draft page, the group, the proposer's e-mail (private; a groups
directory may later match a group's confirmed e-mail to the events it proposed) and the outcome."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalOutcome(models.TextChoices):
    WAITING = "waiting", _("Waiting for an editor")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")


class EventProposal(models.Model):
    Outcome = ProposalOutcome

    page = models.OneToOneField("events.EventPage", on_delete=models.SET_NULL, null=True, related_name="proposal")
    title = models.CharField(max_length=255)
    group_name = models.CharField(max_length=120)
    proposer_name = models.CharField(max_length=120)
    proposer_email = models.EmailField(db_index=True)
    outcome = models.CharField(max_length=20, choices=ProposalOutcome.choices, default=ProposalOutcome.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    # The interface language the event was proposed in: the proposer's e-mail is written in it.
    language = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        app_label = "events"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.title} ({self.group_name})"
