"""The day-before reminder: each confirmed place at an event starting tomorrow (the site's local
date) is told once. A row is claimed (reminder_sent_at) before its e-mail is queued, so running the
command twice, or two runs at once, sends nothing twice."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from events.choices import EventStatus

from . import tasks
from .models import Registration, RegistrationStatus


def tomorrow_bounds(now):
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = datetime.combine(tomorrow, time.min, tzinfo=zone)
    return start, datetime.combine(tomorrow + timedelta(days=1), time.min, tzinfo=zone)


def send_reminders(now=None):
    now = now or timezone.now()
    start, end = tomorrow_bounds(now)
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__start__gte=start,
        event__start__lt=end,
        event__live=True,
        event__status__in=[EventStatus.SCHEDULED, EventStatus.MOVED_ONLINE],
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
            if claimed:
                transaction.on_commit(lambda pk=pk: tasks.send_signup_email.enqueue(pk, tasks.REMINDER))
                sent += 1
    return sent
