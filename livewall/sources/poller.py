"""The poll loop: every enabled source of every open wall (opened, not closed), each on its own interval.

One poll of one source = fetch (network, outside any transaction) -> one transaction that runs the
consent/fairness filters, `services.accept`s each new post, removes posts deleted at the source and
saves the source's new cursor. A crash before the commit leaves the old cursor, so the next poll
fetches the same items again, and `accept` is idempotent on (wall, source, external id): nothing is
lost and nothing is doubled. Broadcasts go out after the commit (accept uses on_commit).

Scheduling is data: `WallSource.next_poll_at`. Success -> interval + up to 10% jitter (so sources
do not poll in lock-step). Failure -> exponential back-off (interval x 2^failures, capped at
LIVEWALL_MAX_BACKOFF_SECONDS, default 1 h), or the source's own reset time when it sent one.
One failing source never stops the others: every error is caught and recorded on that source.
"""

import logging
import random
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from livewall.intake import services
from livewall.intake.video_links import resolve_thumbnail
from livewall.models import Post, WallSource
from livewall.moderation import actions

from . import base, filters
from .registry import source_for

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600
MIN_INTERVAL_SECONDS = 1
JITTER_FRACTION = 0.1
IDLE_SLEEP_SECONDS = 5.0


@dataclass
class PollOutcome:
    source_id: int
    ok: bool
    accepted: int = 0
    skipped: int = 0
    removed: int = 0
    error: str = ""

    @property
    def is_idle(self):
        return self.ok and not (self.accepted or self.skipped or self.removed)

    def describe(self, source):
        if self.ok:
            return f"{source}: {self.accepted} new, {self.skipped} skipped, {self.removed} removed"
        return f"{source}: failed ({self.error})"


def max_backoff():
    return int(base.setting("LIVEWALL_MAX_BACKOFF_SECONDS", MAX_BACKOFF_SECONDS))


def interval_of(source):
    return max(int(source.interval_seconds or 0), MIN_INTERVAL_SECONDS)


def next_success_time(source, now, retry_after=None, rng=random):
    delay = interval_of(source) * (1 + rng.uniform(0, JITTER_FRACTION))
    when = now + timedelta(seconds=delay)
    return max(when, retry_after) if retry_after else when


def next_failure_time(source, failures, now, reset_at=None, rng=random):
    """Exponential back-off after `failures` consecutive failures (1 = the first), or the reset time."""
    delay = min(interval_of(source) * 2 ** max(failures - 1, 0), max_backoff())
    when = now + timedelta(seconds=delay * (1 + rng.uniform(0, JITTER_FRACTION)))
    if reset_at:
        # The source said when: wait exactly that long (plus a second), even if it is longer than our back-off.
        return max(reset_at + timedelta(seconds=1), now + timedelta(seconds=interval_of(source)))
    return when


def open_wall_filter(now):
    """Sources of walls that are open at `now`: opened (or no opening time) and not yet closed.

    Before `opens_at` nothing is fetched, so no post reaches a wall ahead of its event and no cursor
    moves on; the first poll after opening reads what a first poll reads (each source's initial
    items). After `closes_at` the wall is a record of the event and stays as it was: a post written
    in the last interval before closing is not fetched (set `closes_at` a little after the end if
    that matters)."""
    opened = Q(wall__opens_at__isnull=True) | Q(wall__opens_at__lte=now)
    not_closed = Q(wall__closes_at__isnull=True) | Q(wall__closes_at__gt=now)
    return opened & not_closed


def due_sources(now=None):
    now = now or timezone.now()
    return (
        WallSource.objects.filter(enabled=True)
        .filter(open_wall_filter(now))
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .select_related("wall")
        .order_by("next_poll_at", "pk")
    )


def seconds_until_next_due(now=None):
    """How long the loop may sleep: 0 when a source is due, else until the next one (idle: a few s)."""
    now = now or timezone.now()
    if due_sources(now).exists():
        return 0.0
    upcoming = (
        WallSource.objects.filter(enabled=True, next_poll_at__gt=now)
        .filter(open_wall_filter(now))
        .order_by("next_poll_at")
        .values_list("next_poll_at", flat=True)
        .first()
    )
    if upcoming is None:
        return IDLE_SLEEP_SECONDS
    return max((upcoming - now).total_seconds(), 0.0)


def record_failure(source, exc, now=None):
    now = now or timezone.now()
    failures = source.consecutive_failures + 1
    reset_at = getattr(exc, "reset_at", None)
    WallSource.objects.filter(pk=source.pk).update(
        last_error_at=now,
        last_error=str(exc)[:1000] or exc.__class__.__name__,
        consecutive_failures=failures,
        next_poll_at=next_failure_time(source, failures, now, reset_at=reset_at),
    )


def _prepare_videos(posts):
    """Resolve video thumbnails (network, short timeout) before the transaction opens."""
    for incoming in posts:
        if incoming.video is not None:
            try:
                resolve_thumbnail(incoming.video)
            except Exception:  # noqa: BLE001 - a thumbnail is never worth losing a post
                logger.exception("Thumbnail lookup failed for %s", incoming.external_id)


def apply_result(source, result, outcome, now):
    """The transactional half of a poll: filters, accept, deletions, cursor - all or nothing."""
    wall = source.wall
    with transaction.atomic():
        locked = WallSource.objects.select_for_update().get(pk=source.pk)
        for incoming in result.posts:
            known = Post.objects.filter(wall=wall, source=incoming.source, external_id=incoming.external_id)
            if incoming.external_id and known.exists():
                continue  # seen on an earlier poll (or through another instance)
            reason = filters.rejection(wall, incoming, now=now)
            if reason:
                outcome.skipped += 1
                logger.debug("Skipped %s from %s: %s", incoming.external_id, source, reason)
                continue
            try:
                services.accept(wall, incoming)
            except services.InvalidPost as exc:
                outcome.skipped += 1
                logger.info("Skipped %s from %s: %s", incoming.external_id, source, exc)
                continue
            outcome.accepted += 1
        for external_id in result.deleted_ids:
            post = Post.objects.filter(wall=wall, external_id=external_id, source=source.kind).first()
            if post and post.status != Post.Status.HIDDEN:
                actions.remove_at_source(post)
                outcome.removed += 1
        locked.cursor = result.new_cursor
        locked.last_success_at = now
        locked.last_error = result.partial_error[:1000]
        if result.partial_error:
            locked.last_error_at = now
        locked.consecutive_failures = 0
        locked.posts_fetched = locked.posts_fetched + outcome.accepted
        locked.next_poll_at = next_success_time(locked, now, retry_after=result.retry_after)
        locked.save(
            update_fields=[
                "cursor",
                "last_success_at",
                "last_error",
                "last_error_at",
                "consecutive_failures",
                "posts_fetched",
                "next_poll_at",
            ]
        )


def poll_source(source, now=None):
    """Poll one source once; never raises for the source's own trouble (it is recorded instead)."""
    now = now or timezone.now()
    outcome = PollOutcome(source_id=source.pk, ok=False)
    cursor = dict(source.cursor or {})
    try:
        result = source_for(source).run(cursor)
        _prepare_videos(result.posts)
        apply_result(source, result, outcome, timezone.now())
    except base.SourceError as exc:
        outcome.error = str(exc)
        record_failure(source, exc)
        return outcome
    except Exception as exc:  # noqa: BLE001 - a bug in one source must not stop the others
        logger.exception("Polling %s failed", source)
        outcome.error = f"{exc.__class__.__name__}: {exc}"
        record_failure(source, outcome.error)
        return outcome
    outcome.ok = True
    return outcome


def poll_due(now=None, write=None, quiet=False):
    """One pass: poll every due source. Returns the outcomes.

    `write(line)` reports each poll; with `quiet`, only polls that changed something or failed
    (a long-running loop would otherwise print a line per source every few seconds).
    """
    outcomes = []
    for source in list(due_sources(now)):
        outcome = poll_source(source)
        outcomes.append(outcome)
        if write and not (quiet and outcome.is_idle):
            write(outcome.describe(source))
    return outcomes


def run_forever(stop, write=None, max_sleep=5.0):
    """Poll until `stop` (a threading.Event) is set; waits sleep on the event, so a stop is prompt."""
    while not stop.is_set():
        close_old_connections()
        try:
            poll_due(write=write, quiet=True)
            wait = min(seconds_until_next_due(), max_sleep)
        except Exception:  # noqa: BLE001 - e.g. the database restarting: keep the loop alive
            logger.exception("Poll pass failed; retrying shortly")
            wait = IDLE_SLEEP_SECONDS
        finally:
            close_old_connections()
        stop.wait(max(wait, 0.2))


def why_not_polled(source, now=None):
    """Why the poller skips `source` whenever it is due ("" when it polls it): the rules of
    `due_sources`, in words for the admin."""
    now = now or timezone.now()
    wall = source.wall
    if not source.enabled:
        return "the source is disabled"
    if wall.opens_at and wall.opens_at > now:
        return f"its wall opens at {_local(wall.opens_at)}"
    if wall.closes_at and wall.closes_at <= now:
        return f"its wall closed at {_local(wall.closes_at)}"
    return ""


def _local(when):
    return date_format(timezone.localtime(when), "j M Y, H:i")


def poll_now(source, now=None):
    """The admin's "poll now": make the source due at once; the running poller (the embedded one or
    `livewall_poll`, which wake at least every few seconds) polls it on its next pass, so the request
    never waits for a platform. Returns the time of the request."""
    now = now or timezone.now()
    WallSource.objects.filter(pk=source.pk).update(next_poll_at=now, consecutive_failures=0)
    return now


def new_stop_event():
    return threading.Event()
