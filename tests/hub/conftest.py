import pytest

from .factories import DiscussionPageFactory, HubIndexPageFactory, admin_group


@pytest.fixture
def hub_index(home):
    return HubIndexPageFactory(parent=home)


@pytest.fixture
def moderators():
    return admin_group("Riverside Voluntary Action")


@pytest.fixture
def officials():
    return admin_group("Westbury Council officials")


@pytest.fixture
def discussion(hub_index, moderators, officials):
    return DiscussionPageFactory(parent=hub_index, moderating_group=moderators, officials_group=officials)


@pytest.fixture(autouse=True)
def unique_hub_rate_limits(settings):
    """Generous limits unless a test sets its own, and a key prefix per test (the cache is shared)."""
    import uuid

    settings.PORTAL_RATELIMIT_PREFIX = f"hub-test-{uuid.uuid4().hex[:8]}"
    settings.HUB_RATE_PER_BROWSER = (50, 3600)
    settings.HUB_RATE_PER_ADDRESS = (100, 3600)
