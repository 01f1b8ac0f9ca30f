"""`manage.py livewall_fetch_thumbnails`: fetch the video thumbnails and platform posts' pictures
the portal does not have yet.

Posts get their video's thumbnail and their platform picture fetched right after they are accepted;
this catches up on posts made before the portal kept its own copies, and retries fetches that
failed (thumbnails: over an hour ago; pictures: of approved posts still without one).
"""

from django.core.management.base import BaseCommand

from livewall.intake import platform_images, thumbnails


class Command(BaseCommand):
    help = "Fetch, check and store the live walls' missing video thumbnails and platform pictures."

    def handle(self, *args, **options):
        linked, stored = thumbnails.fetch_missing()
        self.stdout.write(f"Linked {linked} post(s) to their video's thumbnail; stored {stored} new thumbnail(s).")
        pictures = platform_images.fetch_missing()
        self.stdout.write(f"Stored {pictures} platform post picture(s).")
