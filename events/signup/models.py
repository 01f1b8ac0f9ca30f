"""A place asked for at an event: confirmed, waiting for a place, or cancelled. Private: never shown
on a public page, feed or API."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_NAME_LENGTH = 120
MAX_NEEDS_LENGTH = 1000


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Has a place")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("a place at an event", "Cancelled")


class Registration(models.Model):
    Status = RegistrationStatus

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(max_length=MAX_NAME_LENGTH)
    email = models.EmailField()
    accessibility_needs = models.TextField(blank=True, max_length=MAX_NEEDS_LENGTH)
    places = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The interface language the person signed up in (settings.LANGUAGES code): every e-mail about
    # this place, sent now or later by a task or the reminder command, is written in it.
    language = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        app_label = "events"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="events_reg_event_status")]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"
