"""Video thumbnails served by the portal: each video's picture fetched once, server-side, checked by
content, re-encoded, kept in media storage and shared by every post of the video (`VideoThumbnail`).

A viewer's browser never asks a video provider for anything: until the portal has its copy, a post
shows a plain "Play video" button (stream.serializers hands out only the portal's address). The
fetch is background work (`fetch_thumbnail`, a django-tasks task queued after the commit that made
the post; the immediate backend runs it there, in the contributor's request or the poller, never in
a page a whole room loads). It asks only the providers' image hosts (LIVEWALL_THUMBNAIL_ORIGINS),
follows no redirect and reads at most MAX_BYTES. Once the picture is stored, each approved post of
the video gets an "updated" event, so open walls show it without a reload.
"""

import logging
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from livewall.models import Post, VideoThumbnail, Wall, WallEvent
from livewall.stream import publisher
from portal.public_input import images

logger = logging.getLogger(__name__)

DEFAULT_ORIGINS = ("https://i.ytimg.com", "https://i.vimeocdn.com")
DEFAULT_TIMEOUT = 5.0
MAX_BYTES = 2 * 1024 * 1024
MAX_EDGE = 640
# A failed fetch (provider down, a 404) is tried again by the next post of the video after this.
RETRY_AFTER = timedelta(hours=1)
# A fetch claimed longer ago than this died with its process; another may take it over.
STALE_FETCH = timedelta(minutes=5)

Status = VideoThumbnail.Status


class ThumbnailUnavailable(Exception):
    """The provider did not hand over a picture we may fetch (refused origin, HTTP error, too big)."""


def allowed_origin(url):
    parts = urlsplit(url or "")
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    allowed = getattr(settings, "LIVEWALL_THUMBNAIL_ORIGINS", DEFAULT_ORIGINS)
    return bool(parts.netloc) and origin in {entry.rstrip("/").lower() for entry in allowed}


def shared_thumbnail(post):
    """The one `VideoThumbnail` of the post's video (created on first sight, not fetched), or None.

    Called before the post's transaction: get_or_create settles a race between two processes itself.
    """
    if not (post.video_provider and post.video_id):
        return None
    thumbnail, created = VideoThumbnail.objects.get_or_create(
        provider=post.video_provider, video_id=post.video_id, defaults={"source_url": post.video_thumbnail}
    )
    if not created and post.video_thumbnail and thumbnail.status != Status.READY:
        # e.g. a Vimeo video whose oEmbed answer was missing the first time
        thumbnail.source_url = post.video_thumbnail
        VideoThumbnail.objects.filter(pk=thumbnail.pk).update(source_url=post.video_thumbnail)
    return thumbnail


def _claimable(now):
    return (
        Q(status=Status.PENDING)
        | Q(status=Status.FAILED, attempted_at__lt=now - RETRY_AFTER)
        | Q(status=Status.FETCHING, attempted_at__lt=now - STALE_FETCH)
    )


def queue_fetch_on_commit(thumbnail):
    """Queue the fetch of `thumbnail` for after the surrounding commit, unless there is nothing to do."""
    if VideoThumbnail.objects.filter(pk=thumbnail.pk).filter(_claimable(timezone.now())).exists():
        transaction.on_commit(partial(fetch_thumbnail.enqueue, thumbnail.pk))


@task()
def fetch_thumbnail(thumbnail_id):
    return fetch(thumbnail_id)


def download(url):
    """The bytes at `url` (at most MAX_BYTES) from an allowed origin, or raise ThumbnailUnavailable."""
    if not allowed_origin(url):
        raise ThumbnailUnavailable(f"not a video provider's image host: {url[:100]}")
    return read_limited(url, MAX_BYTES)


def read_limited(url, max_bytes):
    """The bytes at `url`, following no redirect, reading at most `max_bytes`; else ThumbnailUnavailable."""
    timeout = float(getattr(settings, "LIVEWALL_THUMBNAIL_TIMEOUT", DEFAULT_TIMEOUT))
    data = bytearray()
    try:
        with requests.get(
            url, timeout=timeout, stream=True, allow_redirects=False, headers={"Accept": "image/*"}
        ) as response:
            if response.status_code != 200:
                raise ThumbnailUnavailable(f"HTTP {response.status_code}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise ThumbnailUnavailable(f"{declared} bytes is too large")
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > max_bytes:
                    raise ThumbnailUnavailable("too large")
    except requests.RequestException as exc:
        raise ThumbnailUnavailable(f"{exc.__class__.__name__}: {exc}") from exc
    return bytes(data)


def fetch(thumbnail_id):
    """Fetch, check, re-encode and store one video's thumbnail, then show it on the walls.

    Returns True when stored; False when another fetch has it (or had it), or when it failed.
    """
    now = timezone.now()
    claimed = VideoThumbnail.objects.filter(pk=thumbnail_id).filter(_claimable(now))
    if not claimed.update(status=Status.FETCHING, attempted_at=now):
        return False
    thumbnail = VideoThumbnail.objects.get(pk=thumbnail_id)
    try:
        picture = images.clean_image(download(thumbnail.source_url), max_edge=MAX_EDGE)
    except (ThumbnailUnavailable, images.ImageRejected) as exc:
        logger.info("Thumbnail of %s %s not stored: %s", thumbnail.provider, thumbnail.video_id, exc)
        VideoThumbnail.objects.filter(pk=thumbnail_id).update(status=Status.FAILED, error=str(exc)[:255])
        return False
    thumbnail.image.save(f"{thumbnail.provider}-{thumbnail.video_id}-{picture.name}", picture, save=False)
    thumbnail.status, thumbnail.error = Status.READY, ""
    thumbnail.save(update_fields=["image", "status", "error"])
    for post_id, wall_id in thumbnail.posts.values_list("pk", "wall_id"):
        show_updated(post_id, wall_id)
    return True


def show_updated(post_id, wall_id):
    """Send viewers (if the post is on the wall) and moderators the post as it now looks."""
    with transaction.atomic():
        # Lock order everywhere: the wall row, then the post row (as moderation.actions).
        Wall.objects.select_for_update().filter(pk=wall_id).only("pk").first()
        post = (
            Post.objects.select_for_update(of=("self",))
            .select_related("wall", "cached_thumbnail")
            .filter(pk=post_id)
            .first()
        )
        if post is None:
            return
        event = None
        if post.status == Post.Status.APPROVED:
            event = publisher.append_event(post.wall, post, WallEvent.Kind.UPDATED)
        publisher.publish_on_commit(event=event, post=post)


def fetch_missing():
    """Give each video post without one its video's thumbnail, then fetch every thumbnail due.

    For posts made before thumbnails were kept, and fetches whose queue was lost or that failed
    long enough ago (`manage.py livewall_fetch_thumbnails`). Returns (posts linked, pictures stored).
    """
    unlinked = Post.objects.filter(cached_thumbnail__isnull=True).exclude(video_provider="").exclude(video_id="")
    linked = 0
    for post in unlinked.only("pk", "video_provider", "video_id", "video_thumbnail"):
        linked += Post.objects.filter(pk=post.pk).update(cached_thumbnail=shared_thumbnail(post))
    due = VideoThumbnail.objects.filter(_claimable(timezone.now())).values_list("pk", flat=True)
    stored = sum(1 for thumbnail_id in list(due) if fetch(thumbnail_id))
    return linked, stored
