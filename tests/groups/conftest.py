import uuid

import pytest

from .factories import language, topic


@pytest.fixture(autouse=True)
def unique_rate_limits(settings):
    """Generous limits unless a test sets its own, and a key prefix per test (the cache is shared)."""
    settings.PORTAL_RATELIMIT_PREFIX = f"groups-test-{uuid.uuid4().hex[:8]}"
    settings.GROUPS_RATE_PER_BROWSER = (50, 3600)
    settings.GROUPS_RATE_PER_ADDRESS = (100, 3600)
    settings.GROUPS_RESEND_RATE_PER_BROWSER = (50, 3600)
    settings.GROUPS_RESEND_RATE_PER_ADDRESS = (100, 3600)
    settings.GROUPS_RESEND_PER_EMAIL = (50, 86400)


@pytest.fixture
def vocabularies(db):
    return {
        "housing": topic("Housing"),
        "older": topic("Older people"),
        "cy": language("cy", "Welsh"),
        "pl": language("pl", "Polish"),
    }


@pytest.fixture
def discussion(home):
    from ..hub.factories import DiscussionPageFactory, HubIndexPageFactory

    return DiscussionPageFactory(parent=HubIndexPageFactory(parent=home))
