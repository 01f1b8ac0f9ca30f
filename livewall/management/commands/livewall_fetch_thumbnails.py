"""`manage.py livewall_fetch_thumbnails`: fetch the video thumbnails the portal does not have yet.

Posts get their video's thumbnail fetched right after they are accepted; this catches up on posts
made before thumbnails were kept by the portal, and retries fetches that failed over an hour ago.
"""

from django.core.management.base import BaseCommand

from livewall.intake import thumbnails


class Command(BaseCommand):
    help = "Fetch, check and store the live walls' missing video thumbnails (once per video)."

    def handle(self, *args, **options):
        linked, stored = thumbnails.fetch_missing()
        self.stdout.write(f"Linked {linked} post(s) to their video's thumbnail; stored {stored} new thumbnail(s).")
