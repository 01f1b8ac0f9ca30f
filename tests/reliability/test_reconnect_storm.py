"""Reconnect storm (issue 15, target 4), the reliability suite's size: 200 viewers on one of two
server processes (uvicorn, Redis pub/sub layer, PostgreSQL), posts arriving through the other; the
first is killed and started again. bench/reconnect_storm.py runs it (with 1,000 viewers in `make bench`)."""

import asyncio
import os

import pytest

from bench.environment import redis_reachable
from bench.reconnect_storm import storm
from tests.conftest import missing_service

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(300)]

VIEWERS = int(os.environ.get("RELIABILITY_STORM_VIEWERS", "200"))
# What the restarted process may ask the database per returning viewer: one catch-up read (the wall's
# state and the missed events in one snapshot: 3 queries) and its share of the process's own start.
QUERIES_PER_VIEWER = 3
QUERIES_TO_START = 50


def test_a_killed_server_s_viewers_come_back_caught_up_without_gap_or_duplicate():
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres"):
        missing_service("PostgreSQL (DATABASE_URL): two server processes share the wall's database")
    if not redis_url or not redis_reachable(redis_url):
        missing_service("Redis (REDIS_URL): the layer between the two server processes")

    result = asyncio.run(storm(VIEWERS, database_url, redis_url, rate=5.0))

    assert result["post_failures"] == 0, result
    # Within the storm's limit (60 s). How long it takes is the benchmark's figure, not asserted: the
    # page's back-off (1 s doubling, jittered) puts the last return at up to about twice the time the
    # process took to start again, and that start is what a loaded CI machine makes slow
    # (docs/performance.md, "Reconnect storm").
    assert result["seconds_until_all_caught_up"] is not None, f"not every viewer came back caught up: {result}"
    assert result["all_caught_up_at_end"], result
    assert result["viewers_with_gaps"] == 0, result
    assert result["viewers_with_duplicates"] == 0, result
    assert result["viewers_missing_or_out_of_order"] == 0, result
    # Each returning viewer costs the restarted process at most one catch-up read (none from its
    # memory after the first ones), and the wall's snapshot is never read again for a viewer that
    # brought its cursor.
    assert result["database_catch_up_reads"] <= VIEWERS, result
    assert result["database_snapshot_reads"] == 0, result
    assert result["database_queries"] <= QUERIES_PER_VIEWER * VIEWERS + QUERIES_TO_START, result
