"""Mastodon deletions: which of the statuses a source has seen lately still exist at their instance.

The tag timeline never mentions deleted statuses, and streaming would need a socket per instance
held open by the poller. So each poll re-checks the statuses seen in the last `recheck_minutes`
(option, default 120) where they were seen, in batches of GET /api/v1/statuses?id[]=... (Mastodon
4.3+, at most BATCH_LIMIT ids a request). A status missing from the answer was deleted (or is no
longer public) and its post leaves the wall.

Every status is re-checked within DEADLINE_SECONDS: a poll checks the least recently checked
1/n of them, n being how many polls surely fit into the deadline at the source's interval (the
poller adds up to 10% jitter). Sources polled less often than that check everything every poll.

An instance without the batch endpoint (Mastodon before 4.3, other servers) is checked status by
status with GET /api/v1/statuses/:id (404/410: deleted), at most `recheck_per_poll` (option,
default 20) a poll: an address may make 300 requests per 5 minutes, too few to check hundreds of
statuses every two minutes one by one. The missing endpoint is remembered and asked again a day
later. A check that fails (5xx, 429, timeout) changes nothing; the status is due again next poll.
"""

import logging
import math
from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit

import httpx
from django.utils import timezone

logger = logging.getLogger(__name__)

BATCH_LIMIT = 20  # Mastodon's DEFAULT_STATUSES_LIMIT: more ids are refused with 422
DEADLINE_SECONDS = 120
INTERVAL_JITTER = 0.1  # poller.JITTER_FRACTION
RECENT_KEPT = 400
PER_STATUS_PER_POLL = 20
REPROBE_AFTER = timedelta(days=1)
# What an instance without GET /api/v1/statuses answers: no such route, or not that method.
NO_BATCH_ENDPOINT = {400, 404, 405, 422, 501}
GONE = {404, 410}
# Stop checking an instance this poll when its rate-limit budget falls this low: the tag timeline
# must still be readable.
RATE_RESERVE = 30


def parse_time(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def polls_per_deadline(interval_seconds):
    """How many polls surely happen within the deadline at this interval (at least one)."""
    interval = max(int(interval_seconds or 0), 1) * (1 + INTERVAL_JITTER)
    return max(1, math.floor(DEADLINE_SECONDS / interval))


def _budget_low(response):
    try:
        return int(response.headers.get("x-ratelimit-remaining", RATE_RESERVE)) < RATE_RESERVE
    except ValueError:
        return False


def _returned_ids(response):
    """The ids in a batch answer, or None when it is not a list of statuses."""
    try:
        statuses = response.json()
    except ValueError:
        return None
    if not isinstance(statuses, list):
        return None
    return {str(status.get("id")) for status in statuses if isinstance(status, dict)}


class DeletionCheck:
    """One poll's re-check of one Mastodon source's recently seen statuses."""

    def __init__(self, client, headers_for, options, interval_seconds, now=None):
        self.client = client
        self.headers_for = headers_for  # instance URL -> request headers (its token, if any)
        self.options = options
        self.interval_seconds = interval_seconds
        self.now = now or timezone.now()

    def run(self, cursor, new_posts, skip_instances=()):
        """-> (recent entries to keep, external ids deleted at the source, batch-less instances)."""
        window = timedelta(minutes=int(self.options.get("recheck_minutes", 120)))
        recent = [
            entry
            for entry in cursor.get("recent") or []
            if (parse_time(entry.get("seen")) or self.now) >= self.now - window
        ]
        no_batch = dict(cursor.get("no_batch_endpoint") or {})
        deleted = set()
        for instance, entries in self._due(recent).items():
            if instance in skip_instances:
                continue
            deleted.update(self._check_instance(instance, entries, no_batch))
        recent = [entry for entry in recent if entry["uri"] not in deleted]
        known = {entry["uri"] for entry in recent}
        stamp = self.now.isoformat()
        for post in new_posts:
            if post.external_id not in known and post.extra.get("local_id"):
                known.add(post.external_id)
                recent.append(
                    {
                        "uri": post.external_id,
                        "instance": post.extra["instance"],
                        "id": post.extra["local_id"],
                        "seen": stamp,
                    }
                )
        return recent[-RECENT_KEPT:], sorted(deleted), no_batch

    def _due(self, recent):
        """The least recently checked share of `recent`, by instance."""
        count = math.ceil(len(recent) / polls_per_deadline(self.interval_seconds))
        oldest_first = sorted(
            recent, key=lambda entry: parse_time(entry.get("checked") or entry.get("seen")) or self.now
        )
        due = {}
        for entry in oldest_first[:count]:
            due.setdefault(entry["instance"], []).append(entry)
        return due

    def _check_instance(self, instance, entries, no_batch):
        probed_at = parse_time(no_batch.get(instance))
        if probed_at is None or probed_at < self.now - REPROBE_AFTER:
            outcome = self._check_batches(instance, entries)
            if outcome is not None:
                no_batch.pop(instance, None)
                return outcome
            no_batch[instance] = self.now.isoformat()
        return self._check_one_by_one(instance, entries)

    def _get(self, url, instance, **kwargs):
        try:
            return self.client.get(url, headers=self.headers_for(instance), **kwargs)
        except httpx.HTTPError as exc:
            logger.info("Mastodon deletion check at %s failed: %s", urlsplit(instance).netloc, exc)
            return None

    def _check_batches(self, instance, entries):
        """Deleted uris, or None when the instance has no batch endpoint."""
        deleted = []
        for start in range(0, len(entries), BATCH_LIMIT):
            chunk = entries[start : start + BATCH_LIMIT]
            asked = {str(entry["id"]) for entry in chunk}
            response = self._get(f"{instance}/api/v1/statuses", instance, params={"id[]": sorted(asked)})
            if response is None:
                break
            if response.status_code in NO_BATCH_ENDPOINT and start == 0:
                return None
            if response.status_code != 200:
                break  # rate limited or down: these stay due for the next poll
            found = _returned_ids(response)
            if found is None or not found <= asked:
                # Not the documented answer (a server that ignores id[]): treat as no batch endpoint.
                return None if start == 0 else deleted
            for entry in chunk:
                if str(entry["id"]) in found:
                    entry["checked"] = self.now.isoformat()
                else:
                    deleted.append(entry["uri"])
            if _budget_low(response):
                break
        return deleted

    def _check_one_by_one(self, instance, entries):
        deleted = []
        for entry in entries[: int(self.options.get("recheck_per_poll", PER_STATUS_PER_POLL))]:
            response = self._get(f"{instance}/api/v1/statuses/{quote(str(entry['id']), safe='')}", instance)
            if response is None:
                break
            if response.status_code in GONE:
                deleted.append(entry["uri"])
            elif response.status_code == 200:
                entry["checked"] = self.now.isoformat()
            else:
                break
            if _budget_low(response):
                break
        return deleted
