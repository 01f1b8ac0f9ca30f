import uuid

import pytest

from .factories import EventIndexPageFactory


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Rate-limit counters live in Redis under REDIS_URL and outlast a test: each test counts anew."""
    settings.PORTAL_RATELIMIT_PREFIX = f"events-test-{uuid.uuid4().hex[:8]}"
