"""Retention as a django-tasks task: in scale-out the worker (`db_worker`) runs it, and it queues its
own next run a day later when the backend can defer (the database backend); the immediate backend
(embedded set-up, tests) runs it at once and `livewall_retention` (cron) takes over the schedule.

One chain at a time: queuing claims a cache key for just under a day, so a second
`livewall_retention --schedule` (every deploy runs it) does not start a parallel chain.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import default_task_backend, task

from livewall.records.retention import apply_retention

logger = logging.getLogger(__name__)

INTERVAL = timedelta(days=1)
# Claimed a little shorter than the interval, so the chain's own next run can always claim it.
CLAIM_SECONDS = int(INTERVAL.total_seconds()) - 600
SCHEDULE_KEY = "livewall:retention:scheduled"


def schedule_next(delay=INTERVAL):
    """Queue the next run `delay` from now unless one is queued already; True if queued."""
    if not default_task_backend.supports_defer:
        return False
    if not cache.add(SCHEDULE_KEY, True, timeout=CLAIM_SECONDS):
        return False
    apply_retention_task.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def apply_retention_task():
    erased = apply_retention()
    if erased:
        logger.info("Retention: erased contributors' data of %s", erased)
    cache.delete(SCHEDULE_KEY)
    schedule_next()
    return erased
