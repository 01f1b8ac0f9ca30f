"""Delete contributors' personal data of walls whose retention period is over (livewall.records.retention).

Run daily from cron or a systemd timer; or, in scale-out with the database task backend, once with
`--schedule` (e.g. at each deploy): the worker then runs it every day by itself.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from livewall.records import tasks
from livewall.records.retention import apply_retention


class Command(BaseCommand):
    help = "Delete contributors' personal data of live walls whose retention period is over."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the daily task on the task backend instead of running now (needs a backend that defers).",
        )

    def handle(self, *args, schedule=False, **options):
        if schedule:
            queued = tasks.schedule_next(delay=timedelta(0))
            self.stdout.write(
                "Retention task queued." if queued else "Not queued: already queued, or the backend runs tasks at once."
            )
            return
        erased = apply_retention()
        total = sum(erased.values())
        self.stdout.write(f"Erased contributors' personal data of {total} posts on {len(erased)} walls.")
        for slug, count in erased.items():
            self.stdout.write(f"  {slug}: {count}")
