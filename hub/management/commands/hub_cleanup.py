"""Delete submissions and co-signatures left unconfirmed for 7 days (also done whenever a new one
arrives; run this daily from cron or a systemd timer so a quiet hub forgets them too)."""

from django.core.management.base import BaseCommand

from hub.services import delete_unconfirmed


class Command(BaseCommand):
    help = "Delete hub submissions and co-signatures left unconfirmed for 7 days."

    def handle(self, *args, **options):
        submissions, cosignatures = delete_unconfirmed()
        self.stdout.write(f"Deleted {submissions} unconfirmed submission rows and {cosignatures} co-signature rows.")
