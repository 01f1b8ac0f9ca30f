"""Delete directory listings left unconfirmed for 7 days (also done whenever a new one arrives; run
this daily from cron or a systemd timer so a quiet directory forgets them too)."""

from django.core.management.base import BaseCommand

from groups.services import delete_unconfirmed


class Command(BaseCommand):
    help = "Delete community group listings left unconfirmed for 7 days."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {delete_unconfirmed()} unconfirmed listings.")
