"""Contribution burst (issue 15, target 6), the reliability suite's size: a room of phones posting
at once through the real form (page, CSRF token, cookies, each phone its own address) on PostgreSQL
and Redis, with screens open. bench/contribution_burst.py runs it (200 phones, 500 screens in `make bench`).

Before each process kept a bounded connection pool, every request beyond PostgreSQL's
`max_connections` in flight at once failed with 500 "too many clients" (docs/performance.md)."""

import argparse
import asyncio
import os

import pytest

from bench.contribution_burst import run
from bench.environment import redis_reachable
from tests.conftest import missing_service
from tests.support.servers import production_server

pytestmark = [pytest.mark.reliability, pytest.mark.timeout(400)]

PHONES = int(os.environ.get("RELIABILITY_BURST_PHONES", "160"))


def test_a_room_posting_at_once_is_all_accepted_and_on_every_screen():
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres"):
        missing_service("PostgreSQL (DATABASE_URL): its connection limit is what a burst runs into")
    if not redis_url or not redis_reachable(redis_url):
        missing_service("Redis (REDIS_URL): the channel layer and the rate limits")

    args = argparse.Namespace(
        browsers=PHONES,
        window=2.0,  # more requests in flight at once than PostgreSQL takes connections (100)
        viewers=40,
        servers=1,
        server=production_server(),
        addresses="distinct",
        redis_url=redis_url,
        database_url=database_url,
    )
    result = asyncio.run(run(args))

    assert result["refused"] == {}, result
    assert result["accepted"] == PHONES, result
    assert result["every_post_on_every_screen"], result
    assert result["duplicates"] == 0, result
