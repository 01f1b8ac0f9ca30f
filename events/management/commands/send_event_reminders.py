"""Run once a day (cron or a scheduler): e-mail everyone with a place at an event tomorrow.
Idempotent: a place is reminded once, however often this runs."""

from django.core.management.base import BaseCommand

from events.signup.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail a reminder to everyone with a place at an event starting tomorrow (once each)."

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"{count} reminder{'s' if count != 1 else ''} queued.")
