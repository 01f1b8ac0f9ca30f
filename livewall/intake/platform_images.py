"""Pictures of platform posts (Mastodon, Bluesky, X, RSS) served by the portal, never hot-linked.

A viewer's browser asks no third party for anything (the pages' CSP allows images only from the
portal), so a post that arrives with its platform's picture address gets the picture fetched once,
server-side, checked by content and re-encoded like an upload (EXIF and appended bytes dropped),
into the post's own `image`. Until then, and if it cannot be had, the post shows the picture's
description as text. The fetch is background work (`fetch_platform_image`, a django-tasks task
queued after the commit that made the post); once stored, open walls get the post as an "updated"
event (thumbnails.show_updated), like a video's thumbnail.

Platform media hosts are many (every Mastodon instance has its own), so there is no list of allowed
origins as for thumbnails; instead the address must be http(s) and its host must resolve only to
public addresses: a post cannot make the portal fetch from its
own network (LIVEWALL_IMAGE_PRIVATE_ORIGINS lists exceptions, for tests on loopback).
"""

import ipaddress
import logging
import socket
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django_tasks import task

from livewall.models import Post
from portal.public_input import images

from . import thumbnails

logger = logging.getLogger(__name__)

MAX_BYTES = 8 * 1024 * 1024
MAX_EDGE = 1280


def _origin(parts):
    return f"{parts.scheme}://{parts.netloc}".lower()


def public_address(url):
    """True when `url` is http(s) and its host resolves only to public (global) addresses."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    exceptions = {origin.rstrip("/").lower() for origin in getattr(settings, "LIVEWALL_IMAGE_PRIVATE_ORIGINS", ())}
    if _origin(parts) in exceptions:
        return True
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):  # no such name, no network
        return False
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return bool(addresses) and all(address.is_global for address in addresses)


def queue_fetch_on_commit(post):
    """Queue the fetch of a platform post's picture for after the surrounding commit."""
    if post.image_url and not post.image and getattr(settings, "LIVEWALL_PLATFORM_IMAGES", True):
        transaction.on_commit(partial(fetch_platform_image.enqueue, post.pk))


@task()
def fetch_platform_image(post_id):
    return fetch(post_id)


def fetch(post_id):
    """Fetch, check, re-encode and store one post's platform picture; True when stored."""
    post = Post.objects.filter(pk=post_id).only("pk", "wall_id", "image", "image_url").first()
    if post is None or post.image or not post.image_url:
        return False
    try:
        if not public_address(post.image_url):
            raise thumbnails.ThumbnailUnavailable(f"not a public address: {post.image_url[:100]}")
        data = thumbnails.read_limited(post.image_url, MAX_BYTES)
        picture = images.clean_image(data, max_edge=MAX_EDGE)
    except (thumbnails.ThumbnailUnavailable, images.ImageRejected) as exc:
        logger.info("Picture of post %s not stored: %s", post_id, exc)
        return False
    post.image.save(f"platform-{post_id}-{picture.name}", picture, save=False)
    # Only if nobody stored one meanwhile (a second run of the task keeps the first picture).
    if not Post.objects.filter(pk=post_id, image="").update(image=post.image.name):
        post.image.storage.delete(post.image.name)
        return False
    thumbnails.show_updated(post_id, post.wall_id)
    return True


def fetch_missing():
    """Fetch the pictures approved platform posts still lack (`manage.py livewall_fetch_thumbnails`)."""
    missing = Post.objects.filter(status=Post.Status.APPROVED, image="").exclude(image_url="")
    return sum(1 for post_id in list(missing.values_list("pk", flat=True)) if fetch(post_id))
